package dev.followup.system;

import static io.restassured.RestAssured.given;

import dev.followup.infra.LocalPushService;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Drives load through the public REST APIs, as candidates would: for some, reminder preferences and
 * a push subscription at the notification-service; then at the interview-service a profile, an
 * opportunity, for some a reference, an interview with its interviewers, its completion and, for
 * some, an outcome.
 *
 * <p>Each reminder that falls due during a test has a unique token: each interviewer's name and
 * topic hold one, the reference's name another. Every reminder names the person it is about (the
 * email, the SMS and the push text alike), so the token tells the checker which (interview, person)
 * a received message is for; the sink it arrived at tells the channel, and its recipient (address,
 * number, subscription) whose it is.
 *
 * <p>A call that finds a service down or failing is repeated, as a client with retries would; every
 * call used here is idempotent or harmless when repeated (a lost answer to a creation leaves an
 * unused opportunity or interview, which plans nothing; a reference is looked for before it is
 * added again, since a second one would be alerted too).
 */
final class InterviewLoad {

  /** How long after the end of an interview its thank-you email falls due (the policy setting). */
  static final Duration THANK_YOU_DELAY = Duration.ofSeconds(20);

  /** How long a call is repeated before the load gives up. */
  private static final Duration CALL_PATIENCE = Duration.ofMinutes(4);

  private static final Set<Integer> RETRIED_STATUSES = Set.of(500, 502, 503, 504);

  private static final String TENANT = "fault-test";

  /** Area codes for the candidates' numbers, each with the fictional range 555-0100 to 0199. */
  private static final List<String> AREA_CODES =
      List.of("201", "202", "212", "213", "305", "312", "415", "617", "702", "718");

  private static final AtomicInteger numbersGiven = new AtomicInteger();

  private final RunningSystem system;
  private final LocalPushService push;

  /**
   * @param push where the candidates' browsers are: each subscription is made there, with a P-256
   *     key pair and a secret of its own that the push service decrypts with
   */
  InterviewLoad(RunningSystem system, LocalPushService push) {
    this.system = system;
    this.push = push;
  }

  /** A load whose candidates are all reached by email only. */
  InterviewLoad(RunningSystem system) {
    this(system, null);
  }

  /** How a reminder reaches the candidate. */
  enum Channel {
    EMAIL,
    SMS,
    PUSH
  }

  /**
   * Which channel each sort of reminder takes for a candidate, by the preferences they store at the
   * notification-service. It routes by sort: a thank-you email is a draft, a reference alert a
   * nudge.
   */
  enum Reach {
    /** Nothing stored: every reminder by email, to the address in the event. */
    EMAIL_ONLY(Channel.EMAIL, Channel.EMAIL),
    /** Thank-yous by SMS; after a final round, the reference alert by push. */
    SMS_DRAFTS_PUSH_NUDGES(Channel.SMS, Channel.PUSH),
    /** Thank-yous by push; after a final round, the reference alert by SMS. */
    PUSH_DRAFTS_SMS_NUDGES(Channel.PUSH, Channel.SMS);

    final Channel drafts;
    final Channel nudges;

    Reach(Channel drafts, Channel nudges) {
      this.drafts = drafts;
      this.nudges = nudges;
    }

    /** Half the candidates of a stream store preferences, the two kinds in turn. */
    static Reach ofNth(int i) {
      return switch (i % 4) {
        case 2 -> SMS_DRAFTS_PUSH_NUDGES;
        case 3 -> PUSH_DRAFTS_SMS_NUDGES;
        default -> EMAIL_ONLY;
      };
    }

    /**
     * Whether the candidate's interview is a final round with a reference, so that a reference
     * alert falls due with the thank-yous (the tests set the schedule-service's reference alert
     * delay to the thank-you delay).
     */
    boolean alertsAReference() {
      return this != EMAIL_ONLY;
    }
  }

  /**
   * A candidate of the load.
   *
   * @param token the candidate's bearer token
   * @param phone in E.164, or null
   * @param subscription the browser subscribed to push, or null
   */
  record Candidate(
      String id,
      String token,
      String email,
      Reach reach,
      String phone,
      LocalPushService.Subscription subscription) {

    /** Where a reminder on {@code channel} reaches this candidate, as the provider sees it. */
    String recipientOn(Channel channel) {
      return switch (channel) {
        case EMAIL -> email;
        case SMS -> phone;
        case PUSH -> subscription.id();
      };
    }
  }

  /**
   * A new candidate reached as {@code reach} says. Unless that is email only, their preferences (a
   * phone number, channels per sort) and a push subscription are stored at the notification-service
   * before this returns.
   */
  Candidate candidate(String scenario, Reach reach) {
    String candidateId = "cand-" + UUID.randomUUID();
    String email = scenario + "-" + UUID.randomUUID() + "@candidates.example";
    String token = system.tokens.forCandidate(TENANT, candidateId);
    if (reach == Reach.EMAIL_ONLY) {
      return new Candidate(candidateId, token, email, reach, null, null);
    }
    String phone = newPhoneNumber();
    LocalPushService.Subscription subscription = push.subscribe();
    String preferences =
        """
        {"phone": "%s", "channels": {"drafts": ["%s"], "nudges": ["%s"]}}
        """
            .formatted(phone, reach.drafts, reach.nudges);
    call(
        () ->
            notifications(token)
                .contentType(ContentType.JSON)
                .body(preferences)
                .put("/candidates/{id}/preferences", candidateId),
        200,
        201);
    String browser =
        """
        {"endpoint": "%s", "keys": {"p256dh": "%s", "auth": "%s"}}
        """
            .formatted(subscription.endpoint(), subscription.p256dh(), subscription.auth());
    call(
        () ->
            notifications(token)
                .contentType(ContentType.JSON)
                .body(browser)
                .post("/candidates/{id}/push-subscriptions", candidateId),
        201);
    return new Candidate(candidateId, token, email, reach, phone, subscription);
  }

  /** {@code count} new candidates, reached in turn as {@link Reach#ofNth} says. */
  List<Candidate> candidates(String scenario, int count) {
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      candidates.add(candidate(scenario, Reach.ofNth(i)));
    }
    return candidates;
  }

  /** A valid number in E.164: a new one for each of the first thousand candidates, then again. */
  private static String newPhoneNumber() {
    int n = Math.floorMod(numbersGiven.getAndIncrement(), AREA_CODES.size() * 100);
    return "+1%s55501%02d".formatted(AREA_CODES.get(n / 100), n % 100);
  }

  /** Records and completes an interview of a new candidate reached by email only. */
  Interview complete(String scenario, int interviewers, Duration lead, boolean withdraw) {
    return complete(scenario, candidate(scenario, Reach.EMAIL_ONLY), interviewers, lead, withdraw);
  }

  /** The same, for an interview that ended at {@code ended}. */
  Interview complete(String scenario, int interviewers, Instant ended, boolean withdraw) {
    return complete(scenario, candidate(scenario, Reach.EMAIL_ONLY), interviewers, ended, withdraw);
  }

  /**
   * Records and completes an interview of {@code candidate} whose reminders fall due {@code lead}
   * from now (or at once if the call is delayed past that), with {@code interviewers} interviewers;
   * if {@code withdraw}, records right after the completion that the candidate withdrew, which must
   * stop them all.
   */
  Interview complete(
      String scenario, Candidate candidate, int interviewers, Duration lead, boolean withdraw) {
    Instant ended = Instant.now().plus(lead).minus(THANK_YOU_DELAY).truncatedTo(ChronoUnit.SECONDS);
    return complete(scenario, candidate, interviewers, ended, withdraw);
  }

  /**
   * The same, for an interview that ended at {@code ended}. A candidate whose reach alerts a
   * reference records one first, and the interview is a final round.
   */
  Interview complete(
      String scenario, Candidate candidate, int interviewers, Instant ended, boolean withdraw) {
    String token = candidate.token();
    // An offset zone where the interview ended at 11:00, where the candidate lives too: the
    // thank-yous are due the same day and fall in nobody's quiet hours, whatever the hour the test
    // runs at.
    ZoneOffset zone = zoneWhereLocalHourIs(ended, 11);
    LocalDateTime endsAt = LocalDateTime.ofInstant(ended, zone);

    String profile =
        """
        {"name": "Sam Rivera", "email": "%s", "timeZone": "%s"}
        """
            .formatted(candidate.email(), zone.getId());
    call(() -> saveProfile(token, profile), 200, 201);
    String opportunityId =
        call(
                () ->
                    api(token)
                        .contentType(ContentType.JSON)
                        .body("{\"company\": \"Acme Corp\", \"role\": \"Backend engineer\"}")
                        .post("/opportunities"),
                201)
            .path("id");
    List<Owed> owed = new ArrayList<>();
    StringBuilder people = new StringBuilder();
    for (int i = 0; i < interviewers; i++) {
      String reference = newToken();
      owed.add(owedTo(candidate, candidate.reach().drafts, reference));
      people
          .append(i == 0 ? "" : ",")
          .append(
              """
              {"name": "Interviewer %s", "email": "interviewer%d@acme.example", "topics": ["%s"]}
              """
                  .formatted(reference, i + 1, reference));
    }
    boolean finalRound = candidate.reach().alertsAReference();
    if (finalRound) {
      String reference = newToken();
      owed.add(owedTo(candidate, candidate.reach().nudges, reference));
      addReferenceOnce(token, "Referee " + reference, reference + "@references.example");
    }
    String body =
        """
        {"round": 1, "kind": "VIDEO", "startsAt": "%s", "endsAt": "%s", "timeZone": "%s",
         "finalRound": %s, "interviewers": [%s]}
        """
            .formatted(endsAt.minusHours(1), endsAt, zone.getId(), finalRound, people);
    String interviewId =
        call(
                () ->
                    api(token)
                        .contentType(ContentType.JSON)
                        .body(body)
                        .post("/opportunities/{id}/interviews", opportunityId),
                201)
            .path("id");
    call(() -> api(token).post("/interviews/{id}/completion", interviewId), 200);
    Instant withdrawnAt = null;
    if (withdraw) {
      call(
          () -> {
            String etag = api(token).get("/opportunities/{id}", opportunityId).header("ETag");
            return api(token)
                .contentType(ContentType.JSON)
                .header("If-Match", etag == null ? "*" : etag)
                .body("{\"outcome\": \"WITHDRAWN\"}")
                .put("/opportunities/{id}/outcome", opportunityId);
          },
          200);
      withdrawnAt = Instant.now();
    }
    return new Interview(
        scenario, interviewId, ended, ended.plus(THANK_YOU_DELAY), owed, withdrawnAt);
  }

  private static Owed owedTo(Candidate candidate, Channel channel, String token) {
    return new Owed(token, channel, candidate.recipientOn(channel));
  }

  /**
   * Creates or replaces the candidate's profile. A call whose answer was lost may have created it
   * already, and replacing a profile requires its ETag in If-Match: the profile is read first, and
   * an answer other than found or not found is returned for {@link #call} to repeat.
   */
  private Response saveProfile(String token, String profile) {
    Response current = api(token).get("/candidate");
    if (current.statusCode() != 200 && current.statusCode() != 404) {
      return current;
    }
    RequestSpecification put = api(token).contentType(ContentType.JSON).body(profile);
    if (current.statusCode() == 200) {
      put.header("If-Match", current.header("ETag"));
    }
    return put.put("/candidate");
  }

  /**
   * Records a reference of the candidate, unless a call whose answer was lost already did: two
   * would be alerted twice.
   */
  private void addReferenceOnce(String token, String name, String email) {
    String body =
        """
        {"name": "%s", "email": "%s", "relation": "Former manager"}
        """
            .formatted(name, email);
    call(
        () -> {
          Response found = api(token).queryParam("name", name).get("/references");
          if (found.statusCode() == 200 && !found.jsonPath().getList("items").isEmpty()) {
            return found;
          }
          return api(token).contentType(ContentType.JSON).body(body).post("/references");
        },
        200,
        201);
  }

  private RequestSpecification api(String token) {
    return given().baseUri(system.interviews.baseUrl()).auth().oauth2(token);
  }

  private RequestSpecification notifications(String token) {
    return given().baseUri(system.notifications.baseUrl()).auth().oauth2(token);
  }

  /**
   * Makes the call until it answers one of {@code expected}; connection failures and 5xx answers
   * (the service or its database down) are repeated. Anything else fails the test: the load is
   * valid input, so a 4xx is a defect.
   */
  private static Response call(Supplier<Response> request, int... expected) {
    long deadline = System.nanoTime() + CALL_PATIENCE.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        Response response = request.get();
        for (int status : expected) {
          if (response.statusCode() == status) {
            return response;
          }
        }
        if (!RETRIED_STATUSES.contains(response.statusCode())) {
          throw new AssertionError(
              "Unexpected answer " + response.statusCode() + ": " + response.asString());
        }
        last = new IllegalStateException("Answered " + response.statusCode());
      } catch (AssertionError e) {
        throw e;
      } catch (Exception e) {
        // Connection refused or reset: the service is down or restarting. (The REST client throws
        // ConnectException undeclared, so this cannot catch RuntimeException alone.)
        last = new IllegalStateException(e);
      }
      pause(Duration.ofMillis(250));
    }
    throw new IllegalStateException("The service did not answer in " + CALL_PATIENCE, last);
  }

  private static String newToken() {
    byte[] bytes = new byte[8];
    ThreadLocalRandom.current().nextBytes(bytes);
    return "ref" + HexFormat.of().formatHex(bytes);
  }

  /** An offset zone in which {@code instant} falls at {@code localHour}: same-day rules apply. */
  private static ZoneOffset zoneWhereLocalHourIs(Instant instant, int localHour) {
    int utcHour = instant.atZone(ZoneOffset.UTC).getHour();
    return ZoneOffset.ofHours(Math.floorMod(localHour - utcHour + 12, 24) - 12);
  }

  static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A reminder an interview owes: its step's token, on the channel the candidate chose for its
   * sort, to the candidate's address, number or subscription there.
   */
  record Owed(String token, Channel channel, String recipient) {}

  /**
   * One completed interview, as the input defines it.
   *
   * @param due when its reminders fall due: the end plus the thank-you delay (and plus the
   *     reference alert delay, the same in these tests)
   * @param owed one per interviewer (the thank-you) and, after a final round, one for the reference
   *     (the alert)
   * @param withdrawnAt when the outcome that cancels its steps was recorded, or null
   */
  record Interview(
      String scenario,
      String interviewId,
      Instant ended,
      Instant due,
      List<Owed> owed,
      Instant withdrawnAt) {

    boolean withdrawn() {
      return withdrawnAt != null;
    }

    List<String> tokens() {
      return owed.stream().map(Owed::token).toList();
    }
  }
}
