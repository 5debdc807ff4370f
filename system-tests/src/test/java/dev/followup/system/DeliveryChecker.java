package dev.followup.system;

import dev.followup.infra.LocalPushService;
import dev.followup.infra.LocalSmsProvider;
import dev.followup.infra.LocalSmtpServer;
import dev.followup.system.InterviewLoad.Channel;
import dev.followup.system.InterviewLoad.Interview;
import dev.followup.system.InterviewLoad.Owed;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Knows from the inputs alone which deliveries must happen, and compares them with what the three
 * providers received: the SMTP server, the Twilio Messages API and the Web Push service.
 *
 * <p>The rules it applies are the planner's and the notification-service's, for the inputs the load
 * makes: an interview that ended at 11:00 where it took place, with a thank-you delay far from the
 * 18:00 cut-off and a candidate awake at that hour, owes one thank-you reminder per interviewer,
 * due at the end plus the delay; after a final round, also one reference alert per reference, due
 * at the end plus the reference alert delay (the same here). Its other steps (check-ins, the
 * keep-searching nudge) fall due days later, outside the test. An interview whose opportunity was
 * withdrawn before that instant owes nothing: any reminder for it is a cancelled step that fired
 * anyway.
 *
 * <p>Each reminder goes on the channel the candidate's preferences give its sort (a thank-you is a
 * draft, a reference alert a nudge), to their address, number or push subscription; with no
 * preferences stored, by email. A delivery is a (step, channel, recipient): a message that quotes a
 * step's token on another channel or to someone else is a delivery nobody asked for.
 */
final class DeliveryChecker {

  private static final Pattern TOKEN = Pattern.compile("ref[0-9a-f]{16}");

  /** A delivery: the step's token, the channel and who received it there. */
  record Key(String token, Channel channel, String recipient) {

    static Key of(Owed owed) {
      return new Key(owed.token(), owed.channel(), owed.recipient());
    }
  }

  private final LocalSmtpServer smtp;
  private final LocalSmsProvider sms;
  private final LocalPushService push;

  /** Received emails already read: the server keeps the same object for each message. */
  private final Map<MimeMessage, Key> keyOfEmail = new IdentityHashMap<>();

  DeliveryChecker(LocalSmtpServer smtp, LocalSmsProvider sms, LocalPushService push) {
    this.smtp = smtp;
    this.sms = sms;
    this.push = push;
  }

  /** Every arrival of every delivery so far, on every channel, in order of arrival per delivery. */
  synchronized Map<Key, List<Instant>> arrivals() {
    Map<Key, List<Instant>> arrivals = new HashMap<>();
    for (LocalSmtpServer.Received received : smtp.receivedWithTimes()) {
      Key key = keyOfEmail.computeIfAbsent(received.message(), DeliveryChecker::keyOfEmail);
      arrivals.computeIfAbsent(key, k -> new ArrayList<>()).add(received.acceptedAt());
    }
    for (LocalSmsProvider.Message message : sms.messages()) {
      Key key = new Key(tokenIn(message.body()), Channel.SMS, message.to());
      arrivals.computeIfAbsent(key, k -> new ArrayList<>()).add(message.createdAt());
    }
    for (LocalPushService.Received received : push.received()) {
      // The decrypted payload: title, body (which names the person), link and tag.
      Key key = new Key(tokenIn(received.payload()), Channel.PUSH, received.subscriptionId());
      arrivals.computeIfAbsent(key, k -> new ArrayList<>()).add(received.receivedAt());
    }
    arrivals.values().forEach(list -> list.sort(null));
    return arrivals;
  }

  /** Whether every delivery the interviews owe has arrived at least once. */
  boolean allArrived(Collection<Interview> interviews) {
    return missing(interviews) == 0;
  }

  /** How many owed deliveries have not arrived yet. */
  long missing(Collection<Interview> interviews) {
    Map<Key, List<Instant>> arrivals = arrivals();
    return interviews.stream()
        .filter(i -> !i.withdrawn())
        .flatMap(i -> i.owed().stream())
        .filter(owed -> !arrivals.containsKey(Key.of(owed)))
        .count();
  }

  /**
   * The outcome of one scenario.
   *
   * @param faultEnd when the fault was lifted (the process ready again, the broker listening), or
   *     null for a scenario whose fault lasts throughout
   */
  synchronized Outcome check(String scenario, List<Interview> interviews, Instant faultEnd) {
    Map<Key, List<Instant>> arrivals = arrivals();
    Map<String, Integer> arrivalsByToken = new HashMap<>();
    arrivals.forEach(
        (key, copies) -> arrivalsByToken.merge(key.token(), copies.size(), Integer::sum));
    int expected = 0;
    int delivered = 0;
    int duplicated = 0;
    int early = 0;
    int cancelled = 0;
    int cancelledFired = 0;
    int misrouted = 0;
    Map<Channel, Integer> deliveredOn = new EnumMap<>(Channel.class);
    Duration worstLateness = Duration.ZERO;
    List<Duration> latenesses = new ArrayList<>();
    Instant lastOfBacklog = null;
    for (Interview interview : interviews) {
      for (Owed owed : interview.owed()) {
        List<Instant> copies = arrivals.getOrDefault(Key.of(owed), List.of());
        // The step's reminders that went elsewhere: another channel, another recipient.
        int elsewhere = arrivalsByToken.getOrDefault(owed.token(), 0) - copies.size();
        misrouted += elsewhere;
        duplicated += Math.max(0, copies.size() - 1);
        early += (int) copies.stream().filter(at -> at.isBefore(interview.due())).count();
        if (interview.withdrawn()) {
          cancelled++;
          cancelledFired += copies.isEmpty() && elsewhere == 0 ? 0 : 1;
          continue;
        }
        expected++;
        if (copies.isEmpty()) {
          continue;
        }
        delivered++;
        deliveredOn.merge(owed.channel(), 1, Integer::sum);
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
        misrouted,
        deliveredOn,
        latenesses.isEmpty()
            ? Duration.ZERO
            : latenesses.stream().sorted().toList().get(latenesses.size() / 2),
        worstLateness,
        recovery);
  }

  /**
   * Received messages, on any channel, that are no owed delivery: they quote no known token, or one
   * on another channel or to another recipient than the inputs say.
   */
  synchronized int unexpected(Set<Key> owed) {
    return arrivals().entrySet().stream()
        .filter(e -> !owed.contains(e.getKey()))
        .mapToInt(e -> e.getValue().size())
        .sum();
  }

  private static Key keyOfEmail(MimeMessage message) {
    return new Key(tokenIn(Mail.plainText(message)), Channel.EMAIL, Mail.addressee(message));
  }

  /** The one token a reminder quotes, or a marker for a message that quotes none or several. */
  private static String tokenIn(String text) {
    Matcher matcher = TOKEN.matcher(text == null ? "" : text);
    Set<String> found = new HashSet<>();
    while (matcher.find()) {
      found.add(matcher.group());
    }
    return found.size() == 1 ? found.iterator().next() : "unreadable:" + found.size();
  }

  /**
   * One row of the report; every count covers all three channels.
   *
   * @param misrouted reminders of the scenario's steps that arrived on another channel or at
   *     another recipient than the inputs say
   * @param deliveredOn of the delivered, how many on each channel
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
      int misrouted,
      Map<Channel, Integer> deliveredOn,
      Duration medianLateness,
      Duration worstLateness,
      Duration recovery) {

    int deliveredOn(Channel channel) {
      return deliveredOn.getOrDefault(channel, 0);
    }

    static Map<String, Outcome> byScenario(List<Outcome> outcomes) {
      return outcomes.stream().collect(Collectors.toMap(Outcome::scenario, o -> o));
    }
  }
}
