package dev.followup.system;

import dev.followup.infra.LocalSmtpServer;
import dev.followup.system.InterviewLoad.Interview;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Knows from the inputs alone which deliveries must happen, and compares them with what the SMTP
 * server received.
 *
 * <p>The rule it applies is the planner's, for the inputs the load makes: an interview that ended
 * at 11:00 where it took place, with a thank-you delay far from the 18:00 cut-off and a candidate
 * awake at that hour, owes one thank-you email per interviewer, due at the end plus the delay; its
 * other steps (check-ins, the keep-searching nudge) fall due days later, outside the test. An
 * interview whose opportunity was withdrawn before that instant owes nothing: any email for it is a
 * cancelled step that fired anyway.
 *
 * <p>Channels covered: email only. Every reminder of these inputs goes by email (the candidate
 * stored no preferences, so drafts go to the address in the event).
 */
final class DeliveryChecker {

  private static final Pattern TOKEN = Pattern.compile("ref[0-9a-f]{16}");

  private final LocalSmtpServer smtp;

  /** Received messages already read: the server keeps the same object for each message. */
  private final Map<MimeMessage, String> tokenOfMessage = new IdentityHashMap<>();

  DeliveryChecker(LocalSmtpServer smtp) {
    this.smtp = smtp;
  }

  /** Every arrival of every token so far, in acceptance order per token. */
  synchronized Map<String, List<Instant>> arrivals() {
    Map<String, List<Instant>> arrivals = new HashMap<>();
    for (LocalSmtpServer.Received received : smtp.receivedWithTimes()) {
      String token = tokenOfMessage.computeIfAbsent(received.message(), DeliveryChecker::tokenOf);
      arrivals.computeIfAbsent(token, t -> new ArrayList<>()).add(received.acceptedAt());
    }
    arrivals.values().forEach(list -> list.sort(null));
    return arrivals;
  }

  /** Whether every delivery the interviews owe has arrived at least once. */
  boolean allArrived(Collection<Interview> interviews) {
    Map<String, List<Instant>> arrivals = arrivals();
    return interviews.stream()
        .filter(i -> !i.withdrawn())
        .flatMap(i -> i.tokens().stream())
        .allMatch(arrivals::containsKey);
  }

  /** How many owed deliveries have not arrived yet. */
  long missing(Collection<Interview> interviews) {
    Map<String, List<Instant>> arrivals = arrivals();
    return interviews.stream()
        .filter(i -> !i.withdrawn())
        .flatMap(i -> i.tokens().stream())
        .filter(t -> !arrivals.containsKey(t))
        .count();
  }

  /**
   * The outcome of one scenario.
   *
   * @param faultEnd when the fault was lifted (the process ready again, the broker listening), or
   *     null for a scenario whose fault lasts throughout
   */
  synchronized Outcome check(String scenario, List<Interview> interviews, Instant faultEnd) {
    Map<String, List<Instant>> arrivals = arrivals();
    int expected = 0;
    int delivered = 0;
    int duplicated = 0;
    int early = 0;
    int cancelled = 0;
    int cancelledFired = 0;
    Duration worstLateness = Duration.ZERO;
    List<Duration> latenesses = new ArrayList<>();
    Instant lastOfBacklog = null;
    for (Interview interview : interviews) {
      for (String token : interview.tokens()) {
        List<Instant> copies = arrivals.getOrDefault(token, List.of());
        duplicated += Math.max(0, copies.size() - 1);
        early += (int) copies.stream().filter(at -> at.isBefore(interview.due())).count();
        if (interview.withdrawn()) {
          cancelled++;
          cancelledFired += copies.isEmpty() ? 0 : 1;
          continue;
        }
        expected++;
        if (copies.isEmpty()) {
          continue;
        }
        delivered++;
        Instant first = copies.get(0);
        Duration lateness = Duration.between(interview.due(), first);
        latenesses.add(lateness);
        if (lateness.compareTo(worstLateness) > 0) {
          worstLateness = lateness;
        }
        boolean dueBeforeFaultEnd = faultEnd != null && interview.due().isBefore(faultEnd);
        if (dueBeforeFaultEnd && (lastOfBacklog == null || first.isAfter(lastOfBacklog))) {
          lastOfBacklog = first;
        }
      }
    }
    Duration recovery =
        faultEnd == null
            ? null
            : lastOfBacklog == null || lastOfBacklog.isBefore(faultEnd)
                ? Duration.ZERO
                : Duration.between(faultEnd, lastOfBacklog);
    return new Outcome(
        scenario,
        interviews.size(),
        expected,
        delivered,
        expected - delivered,
        duplicated,
        early,
        cancelled,
        cancelledFired,
        latenesses.isEmpty()
            ? Duration.ZERO
            : latenesses.stream().sorted().toList().get(latenesses.size() / 2),
        worstLateness,
        recovery);
  }

  /** Received messages that quote no token of {@code known}: deliveries nobody asked for. */
  synchronized int unexpected(Set<String> known) {
    return arrivals().entrySet().stream()
        .filter(e -> !known.contains(e.getKey()))
        .mapToInt(e -> e.getValue().size())
        .sum();
  }

  /** The one token a reminder quotes, or a marker for a message that quotes none or several. */
  private static String tokenOf(MimeMessage message) {
    String text = Mail.plainText(message);
    Matcher matcher = TOKEN.matcher(text == null ? "" : text);
    Set<String> found = new java.util.HashSet<>();
    while (matcher.find()) {
      found.add(matcher.group());
    }
    return found.size() == 1 ? found.iterator().next() : "unreadable:" + found.size();
  }

  /**
   * One row of the report.
   *
   * @param recovery from the lifting of the fault until the last delivery that fell due before it
   *     arrived; null when the fault lasts throughout
   */
  record Outcome(
      String scenario,
      int interviews,
      int expected,
      int delivered,
      int lost,
      int duplicated,
      int early,
      int cancelled,
      int cancelledFired,
      Duration medianLateness,
      Duration worstLateness,
      Duration recovery) {

    static Map<String, Outcome> byScenario(List<Outcome> outcomes) {
      return outcomes.stream().collect(Collectors.toMap(Outcome::scenario, o -> o));
    }
  }
}
