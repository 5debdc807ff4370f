package dev.followup.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.LocalPushService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Sets up one candidate through the services' public APIs, as the candidate's apps would, so that a
 * newcomer sees reminders arrive within a minute and the rest of the plan waiting: a profile, the
 * reminder preferences, a reference, and a final-round interview that ended three hours ago,
 * completed. Then prints the plan the schedule-service made, step by step: what went out, what
 * waits and until when.
 */
final class Demo {

  static final String CANDIDATE = "demo-candidate";
  static final String TENANT = "local";

  /** A fictional number (555-01xx): the SMS go to the local stand-in for Twilio. */
  private static final String PHONE = "+14155550123";

  /**
   * The interview ended this long ago, at {@link #ENDED_AT_LOCAL} where it took place: the
   * thank-you reminders (30 minutes after) and the reference alert (two hours after) are already
   * due, the check-ins and the keep-searching nudge are days away.
   */
  private static final Duration ENDED_AGO = Duration.ofHours(3);

  /**
   * Cities to place the candidate and the interview in, one for every hour's offset from UTC: in
   * one of them the interview ended between 10:00 and 12:59, so that it is 13:00 to 15:59 there
   * now, outside the candidate's quiet hours (21:00 to 08:00) and before the 18:00 cut-off for a
   * same-day thank-you, whatever this machine's clock says.
   */
  private static final List<String> CITIES =
      List.of(
          "Europe/London",
          "Europe/Paris",
          "Europe/Athens",
          "Europe/Istanbul",
          "Asia/Dubai",
          "Asia/Karachi",
          "Asia/Dhaka",
          "Asia/Bangkok",
          "Asia/Singapore",
          "Asia/Tokyo",
          "Australia/Brisbane",
          "Pacific/Noumea",
          "Pacific/Auckland",
          "Pacific/Pago_Pago",
          "Pacific/Honolulu",
          "America/Anchorage",
          "America/Los_Angeles",
          "America/Denver",
          "America/Chicago",
          "America/New_York",
          "America/Halifax",
          "America/Sao_Paulo",
          "America/Noronha",
          "Atlantic/Azores");

  private static final Duration PLAN_TIMEOUT = Duration.ofSeconds(60);
  private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final String token;
  private final String interviewService;
  private final String scheduleService;
  private final String notificationService;
  private final LocalPushService pushService;

  private Demo(
      String token,
      String interviewService,
      String scheduleService,
      String notificationService,
      LocalPushService pushService) {
    this.token = token;
    this.interviewService = interviewService;
    this.scheduleService = scheduleService;
    this.notificationService = notificationService;
    this.pushService = pushService;
  }

  static void run(
      Path root,
      String interviewService,
      String scheduleService,
      String notificationService,
      LocalPushService pushService) {
    try {
      String token =
          DevToken.sign(
              root.resolve(DevToken.PRIVATE_KEY), CANDIDATE, TENANT, Duration.ofHours(12));
      new Demo(token, interviewService, scheduleService, notificationService, pushService).run();
    } catch (DemoFailed e) {
      System.err.println("Demo: " + e.getMessage());
    } catch (IOException | GeneralSecurityException e) {
      System.err.println("Demo: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() throws IOException, InterruptedException {
    Instant ended = Instant.now().minus(ENDED_AGO).truncatedTo(ChronoUnit.MINUTES);
    ZoneId zone = zoneWhereItEndedBeforeNoon(ended);

    call(
        "PUT",
        interviewService + "/candidate",
        Map.of(
            "name", "Sam Rivera",
            "email", "sam@example.com",
            "timeZone", zone.getId(),
            "locale", "en"),
        "*",
        "save the candidate's profile");
    // Drafts to write by email, nudges by push, calls to make by SMS: the thank-yous and the
    // reference alert go out now, the check-in calls later.
    String candidateSettings = notificationService + "/candidates/" + CANDIDATE;
    call(
        "PUT",
        candidateSettings + "/preferences",
        Map.of(
            "email",
            "sam@example.com",
            "phone",
            PHONE,
            "timeZone",
            zone.getId(),
            "locale",
            "en",
            "quietHours",
            Map.of("start", "21:00", "end", "08:00"),
            "channels",
            Map.of(
                "drafts", List.of("EMAIL"),
                "calls", List.of("SMS", "PUSH"),
                "nudges", List.of("PUSH", "SMS"))),
        null,
        "save the reminder preferences");
    subscribeToPush(candidateSettings + "/push-subscriptions");
    // Data survive restarts: a second run keeps the reference the first one recorded.
    JsonNode known =
        call(
            "GET",
            interviewService + "/references?name=Jordan%20Blake",
            null,
            null,
            "look for the reference");
    if (known.path("total").asLong() == 0) {
      call(
          "POST",
          interviewService + "/references",
          Map.of(
              "name", "Jordan Blake",
              "email", "jordan.blake@initech.example",
              "relation", "Former manager at Initech"),
          null,
          "record a reference");
    }
    String opportunityId =
        call(
                "POST",
                interviewService + "/opportunities",
                Map.of("company", "Acme Corp", "role", "Backend engineer"),
                null,
                "record the opportunity")
            .path("id")
            .asText();
    LocalDateTime endsAt = LocalDateTime.ofInstant(ended, zone);
    String interviewId =
        call(
                "POST",
                interviewService + "/opportunities/" + opportunityId + "/interviews",
                Map.of(
                    "round", 3,
                    "kind", "ON_SITE",
                    "finalRound", true,
                    "startsAt", endsAt.minusHours(2).toString(),
                    "endsAt", endsAt.toString(),
                    "timeZone", zone.getId(),
                    "interviewers",
                        List.of(
                            Map.of(
                                "name", "Dana Lee",
                                "title", "Engineering manager",
                                "email", "dana.lee@acme.example",
                                "topics", List.of("the billing migration")),
                            Map.of(
                                "name", "Ari Cohen",
                                "email", "ari.cohen@acme.example",
                                "topics", List.of("on-call culture")))),
                null,
                "record the interview")
            .path("id")
            .asText();
    // The completion starts a trace of our own choosing, so that the demo can point at it: the
    // interview-service continues it (W3C traceparent), and the trace id travels on through the
    // outbox, interview-events, the timers, follow-ups-due and the deliveries.
    String traceId = HexFormat.of().formatHex(randomBytes(16));
    String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
    call(
        "POST",
        interviewService + "/interviews/" + interviewId + "/completion",
        null,
        null,
        "complete the interview",
        Map.of("traceparent", traceparent));

    System.out.printf(
        "%nDemo: Sam Rivera's final round at Acme Corp ended at %s (%s, where Sam lives), %d"
            + " hours ago, and was marked completed.%n",
        endsAt.toLocalTime(), zone.getId(), ENDED_AGO.toHours());
    printPlan(interviewId, zone);
    System.out.printf(
        """
          the plan again:  curl -H "Authorization: Bearer $TOKEN" %s/interviews/%s/steps
          a token for the demo candidate (sub %s, tenant %s), for all three services:
            TOKEN=%s

        """,
        scheduleService, interviewId, CANDIDATE, TENANT, token);
    System.out.printf(
        "Follow the completion from the REST call through Kafka to the messages it caused:%n"
            + "  http://localhost:%d/traces/%s%n%n",
        LocalStack.MESSAGES_PAGE_PORT, traceId);
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * Registers a browser of the local push service as the candidate's only push subscription: the
   * browsers of an earlier run are gone with the process that held their keys.
   */
  private void subscribeToPush(String subscriptions) throws IOException, InterruptedException {
    for (JsonNode old : call("GET", subscriptions, null, null, "list the push subscriptions")) {
      call(
          "DELETE",
          subscriptions + "/" + old.path("id").asText(),
          null,
          null,
          "remove an old push subscription");
    }
    LocalPushService.Subscription browser = pushService.subscribe();
    call(
        "POST",
        subscriptions,
        Map.of(
            "endpoint",
            browser.endpoint(),
            "keys",
            Map.of("p256dh", browser.p256dh(), "auth", browser.auth())),
        null,
        "register a push subscription");
  }

  /**
   * Waits until the schedule-service has planned the interview and fired whatever was already due,
   * then prints each step: when it is due where the candidate lives, what it is, and its status.
   */
  private void printPlan(String interviewId, ZoneId zone) throws IOException, InterruptedException {
    String steps = scheduleService + "/interviews/" + interviewId + "/steps";
    long deadline = System.nanoTime() + PLAN_TIMEOUT.toNanos();
    JsonNode plan = json.createArrayNode();
    while (System.nanoTime() < deadline) {
      plan = planOnceMade(steps);
      if (!plan.isEmpty() && noDueStepPending(plan)) {
        break;
      }
      Thread.sleep(500);
    }
    if (plan.isEmpty()) {
      throw new DemoFailed(
          "the schedule-service made no plan within " + PLAN_TIMEOUT + "; see its log");
    }
    LocalDate today = LocalDate.now(zone);
    System.out.printf(
        "Its plan (schedule-service), times in %s, where it is now %s:%n",
        zone.getId(), LocalDateTime.now(zone).toLocalTime().truncatedTo(ChronoUnit.MINUTES));
    List<String> waiting = new ArrayList<>();
    for (JsonNode step : plan) {
      ZonedDateTime due = Instant.parse(step.path("dueAt").asText()).atZone(zone);
      String when =
          due.toLocalDate().equals(today)
              ? "today " + due.toLocalTime()
              : DAY_TIME.format(due)
                  + " (in "
                  + ChronoUnit.DAYS.between(today, due.toLocalDate())
                  + " d)";
      String status = step.path("status").asText();
      String recipient = step.path("recipientName").asText("");
      System.out.printf(
          "  %-27s %-16s %-6s %-13s %-8s %s%n",
          when,
          step.path("kind").asText(),
          step.path("action").asText(),
          recipient.isEmpty() ? "-" : recipient,
          status,
          switch (status) {
            case "FIRED" -> "sent to the notification-service";
            case "PENDING" -> "waits";
            default -> "";
          });
      if (status.equals("PENDING")) {
        waiting.add(step.path("kind").asText());
      }
    }
    System.out.printf(
        "The fired steps reach %s within a minute (drafts by email, nudges by push, calls by SMS,"
            + " as Sam chose); %d more wait for their day.%n",
        "http://localhost:" + LocalStack.MESSAGES_PAGE_PORT + "/", waiting.size());
  }

  /**
   * The plan's steps, or none while the schedule-service has not planned the interview yet: it
   * answers 404 for the steps of an interview it does not know, as for one of another candidate.
   */
  private JsonNode planOnceMade(String steps) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(steps))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return json.createArrayNode();
    }
    if (response.statusCode() != 200) {
      throw new DemoFailed(
          "could not read the plan: GET "
              + steps
              + " answered "
              + response.statusCode()
              + " "
              + response.body());
    }
    return json.readTree(response.body());
  }

  private static boolean noDueStepPending(JsonNode plan) {
    Instant now = Instant.now();
    for (JsonNode step : plan) {
      if (step.path("status").asText().equals("PENDING")
          && !Instant.parse(step.path("dueAt").asText()).isAfter(now)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A city where {@code ended} was between 10:00 and 12:59; failing one (an offset no city on the
   * list has today), the Etc/GMT zone where it was 11:00 (those zones' signs are inverted).
   */
  static ZoneId zoneWhereItEndedBeforeNoon(Instant ended) {
    return CITIES.stream()
        .map(ZoneId::of)
        .filter(zone -> ended.atZone(zone).getHour() >= 10 && ended.atZone(zone).getHour() < 13)
        .findFirst()
        .orElseGet(
            () -> {
              int offset = Math.floorMod(11 - ended.atZone(ZoneOffset.UTC).getHour() + 12, 24) - 12;
              return ZoneId.of(
                  offset == 0
                      ? "Etc/UTC"
                      : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset));
            });
  }

  /** Sends one request with the candidate's token; a status of 300 or more ends the demo. */
  private JsonNode call(String method, String url, Object body, String ifMatch, String purpose)
      throws IOException, InterruptedException {
    return call(method, url, body, ifMatch, purpose, Map.of());
  }

  private JsonNode call(
      String method,
      String url,
      Object body,
      String ifMatch,
      String purpose,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    headers.forEach(request::header);
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new DemoFailed(
          "could not "
              + purpose
              + ": "
              + method
              + " "
              + url
              + " answered "
              + response.statusCode()
              + " "
              + response.body());
    }
    return response.body().isBlank() ? json.nullNode() : json.readTree(response.body());
  }

  /** A step of the demo the services refused. */
  private static final class DemoFailed extends RuntimeException {
    DemoFailed(String message) {
      super(message);
    }
  }
}
