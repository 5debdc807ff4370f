package dev.followup.system;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
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
import java.util.function.Supplier;

/**
 * Drives load through the interview-service's public REST API, as candidates would: a profile, an
 * opportunity, an interview with its interviewers, its completion and, for some, an outcome.
 *
 * <p>Each interviewer gets a topic holding a unique token, which the reminder email quotes: that is
 * how the checker tells which (interview, interviewer) a received email is for. A call that finds
 * the service down or failing is repeated, as a client with retries would; every call used here is
 * idempotent or harmless when repeated (a lost answer to a creation leaves an unused opportunity or
 * interview, which plans nothing).
 */
final class InterviewLoad {

  /** How long after the end of an interview its thank-you email falls due (the policy setting). */
  static final Duration THANK_YOU_DELAY = Duration.ofSeconds(20);

  /** How long a call is repeated before the load gives up. */
  private static final Duration CALL_PATIENCE = Duration.ofMinutes(4);

  private static final Set<Integer> RETRIED_STATUSES = Set.of(500, 502, 503, 504);

  private final RunningSystem system;

  InterviewLoad(RunningSystem system) {
    this.system = system;
  }

  /**
   * Records and completes an interview whose thank-yous fall due {@code lead} from now (or at once
   * if the call is delayed past that), with {@code interviewers} interviewers; if {@code withdraw},
   * records right after the completion that the candidate withdrew, which must stop them all.
   */
  Interview complete(String scenario, int interviewers, Duration lead, boolean withdraw) {
    Instant ended = Instant.now().plus(lead).minus(THANK_YOU_DELAY).truncatedTo(ChronoUnit.SECONDS);
    return complete(scenario, interviewers, ended, withdraw);
  }

  /** The same, for an interview that ended at {@code ended}. */
  Interview complete(String scenario, int interviewers, Instant ended, boolean withdraw) {
    String candidateId = "cand-" + UUID.randomUUID();
    String email = scenario + "-" + UUID.randomUUID() + "@candidates.example";
    String token = system.tokens.forCandidate("fault-test", candidateId);
    // An offset zone where the interview ended at 11:00, where the candidate lives too: the
    // thank-yous are due the same day and fall in nobody's quiet hours, whatever the hour the test
    // runs at.
    ZoneOffset zone = zoneWhereLocalHourIs(ended, 11);
    LocalDateTime endsAt = LocalDateTime.ofInstant(ended, zone);

    call(
        () ->
            api(token)
                .contentType(ContentType.JSON)
                .body(
                    """
                    {"name": "Sam Rivera", "email": "%s", "timeZone": "%s"}
                    """
                        .formatted(email, zone.getId()))
                .put("/candidate"),
        200,
        201);
    String opportunityId =
        call(
                () ->
                    api(token)
                        .contentType(ContentType.JSON)
                        .body("{\"company\": \"Acme Corp\", \"role\": \"Backend engineer\"}")
                        .post("/opportunities"),
                201)
            .path("id");
    List<String> tokens = new ArrayList<>();
    StringBuilder people = new StringBuilder();
    for (int i = 0; i < interviewers; i++) {
      String reference = newToken();
      tokens.add(reference);
      people
          .append(i == 0 ? "" : ",")
          .append(
              """
              {"name": "Interviewer %d", "email": "interviewer%d@acme.example", "topics": ["%s"]}
              """
                  .formatted(i + 1, i + 1, reference));
    }
    String body =
        """
        {"round": 1, "kind": "VIDEO", "startsAt": "%s", "endsAt": "%s", "timeZone": "%s",
         "interviewers": [%s]}
        """
            .formatted(endsAt.minusHours(1), endsAt, zone.getId(), people);
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
        scenario, interviewId, ended, ended.plus(THANK_YOU_DELAY), tokens, withdrawnAt);
  }

  private io.restassured.specification.RequestSpecification api(String token) {
    return given().baseUri(system.interviews.baseUrl()).auth().oauth2(token);
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
    throw new IllegalStateException(
        "The interview-service did not answer in " + CALL_PATIENCE, last);
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
   * One completed interview, as the input defines it.
   *
   * @param due when its thank-yous fall due: the end plus the thank-you delay
   * @param tokens one per interviewer, quoted in the reminder for that interviewer
   * @param withdrawnAt when the outcome that cancels its steps was recorded, or null
   */
  record Interview(
      String scenario,
      String interviewId,
      Instant ended,
      Instant due,
      List<String> tokens,
      Instant withdrawnAt) {

    boolean withdrawn() {
      return withdrawnAt != null;
    }
  }
}
