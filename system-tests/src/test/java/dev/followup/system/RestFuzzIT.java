package dev.followup.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.system.BadBodies.Case;
import dev.followup.system.BadBodies.Expect;
import dev.followup.system.OpenApiDocument.Operation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad request bodies against every operation with a body, of every service, as the packaged
 * services document them at {@code /q/openapi}: malformed JSON, bodies of the wrong type or shape,
 * bodies over the service's size limit, hostile text (NUL, lone surrogates, right-to-left marks,
 * emoji, SQL, script, CRLF header injection) in otherwise valid bodies.
 *
 * <p>Every request carries a valid token for the candidate who owns the resource, so that it is the
 * body that is judged. A body that cannot be a request gets a 4xx problem ({@code
 * application/problem+json}) and leaves the candidate's data exactly as it was; one over the size
 * limit gets 413; hostile text may be stored or refused, but never fails the server, and a NUL in
 * any string is refused (PostgreSQL cannot store it). Every refusal's status is one the operation's
 * OpenAPI document declares, with the problem body.
 *
 * <p>The bodies come from a seeded generator: the seed is printed, and {@code -Dfuzz.seed=} replays
 * a run. {@code -Dfuzz.cases=} (bodies per operation that must be refused, 6 by default) and {@code
 * -Dfuzz.hostile=} (hostile-text bodies per operation, 4) raise the count.
 */
class RestFuzzIT {

  private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
  private static final int CASES = Integer.getInteger("fuzz.cases", 6);
  private static final int HOSTILE = Integer.getInteger("fuzz.hostile", 4);

  /**
   * 406 and 415 answer the request's headers (Accept, Content-Type), not its body, on any
   * operation: HTTP's own, not part of what an operation documents.
   */
  private static final java.util.Set<Integer> NEGOTIATION = java.util.Set.of(406, 415);

  /** The body size limits configured in each service (quarkus.http.limits.max-body-size). */
  private static final Map<String, Integer> BODY_LIMITS =
      Map.of(
          "interview-service", 1024 * 1024,
          "schedule-service", 256 * 1024,
          "notification-service", 64 * 1024);

  private static RunningSystem system;
  private static JwtForge jwt;

  /** The candidate whose data must survive every refused body unchanged. */
  private static RecordedCandidate owner;

  /** The candidate whose records take the hostile-text bodies that a service may store. */
  private static RecordedCandidate scratch;

  private static int sent;

  @BeforeAll
  static void startSystem() {
    System.out.println("[RestFuzzIT] seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
    // Thank-yous hours off (12 h at most): the plan stays pending, the data holds still.
    system = RunningSystem.start(Map.of("policy.thank-you-delay", "11h"));
    jwt = JwtForge.fromRepository(root());
    // Apart, so that what the scratch candidate's tenant policy takes is not the owner's.
    owner = RecordedCandidate.record(system, jwt, "fuzz-" + UUID.randomUUID(), "Owner");
    scratch = RecordedCandidate.record(system, jwt, "fuzz-" + UUID.randomUUID(), "Scratch");
  }

  @AfterAll
  static void stopSystem() {
    System.out.println("[RestFuzzIT] " + sent + " bad bodies sent, seed " + SEED);
    if (system != null) {
      system.close();
    }
    if (owner != null) {
      ServiceLogs.assertFree(root(), owner.personalData(), "RestFuzzIT");
    }
  }

  @Test
  void interviewServiceRefusesBadBodiesAndKeepsNothing() {
    fuzz("interview-service", system.interviews.baseUrl(), 1);
  }

  @Test
  void scheduleServiceRefusesBadBodiesAndKeepsNothing() {
    fuzz("schedule-service", system.schedules.baseUrl(), 2);
  }

  @Test
  void notificationServiceRefusesBadBodiesAndKeepsNothing() {
    fuzz("notification-service", system.notifications.baseUrl(), 3);
  }

  private void fuzz(String service, String baseUrl, long salt) {
    BadBodies generator = new BadBodies(SEED * 31 + salt);
    List<Operation> withBody =
        OpenApiDocument.of(service, baseUrl).operations().stream()
            .filter(Operation::hasBody)
            .toList();
    assertThat(withBody).as(service + " documents operations with a body").isNotEmpty();

    Map<String, String> before = owner.snapshot();
    List<String> failures = new ArrayList<>();
    for (Operation operation : withBody) {
      String sample = sample(owner, operation);
      boolean json =
          operation.bodyMediaType() == null || operation.bodyMediaType().contains("json");
      List<Case> cases =
          new ArrayList<>(
              generator.rejected(json ? sample : null, CASES, !operation.bodyRequired()));
      cases.add(generator.tooLarge(json ? sample : null, BODY_LIMITS.get(service)));
      for (Case badBody : cases) {
        check(operation, owner.url(baseUrl, operation), owner, badBody, failures);
      }
      if (json) {
        for (Case hostile : generator.hostileText(sample(scratch, operation), HOSTILE)) {
          check(operation, scratch.url(baseUrl, operation), scratch, hostile, failures);
        }
      }
    }
    assertThat(failures)
        .as(
            "%s: bodies answered wrongly (seed %d, replay with -Dfuzz.seed=%d)",
            service, SEED, SEED)
        .isEmpty();
    // Nothing stored, changed or removed by any refused body, in any service.
    assertThat(owner.snapshot()).as("the owner's data after the refused bodies").isEqualTo(before);
  }

  private static void check(
      Operation operation,
      String url,
      RecordedCandidate candidate,
      Case badBody,
      List<String> failures) {
    String contentType =
        operation.bodyMediaType() == null ? "application/json" : operation.bodyMediaType();
    Http.Answer answer =
        Http.send(
            operation.method(),
            url,
            candidate.adminToken,
            contentType,
            badBody.body(),
            Map.of("If-Match", "*"));
    sent++;
    String wrong = verdict(badBody.expect(), answer);
    if (wrong == null
        && answer.status() >= 400
        && !NEGOTIATION.contains(answer.status())
        && !operation.problemStatuses().contains(String.valueOf(answer.status()))) {
      // A client generated from the document would not know this answer.
      wrong =
          "a status its OpenAPI document does not give as a problem "
              + new java.util.TreeSet<>(operation.problemStatuses());
    }
    if (wrong != null) {
      failures.add(operation + " ← " + badBody.excerpt() + "\n    → " + wrong + ": " + answer);
    }
  }

  /** What is wrong with the answer, or null. */
  private static String verdict(Expect expect, Http.Answer answer) {
    if (answer.status() >= 500) {
      return "a server error";
    }
    return switch (expect) {
      case REJECTED -> {
        if (answer.status() < 400) {
          yield "accepted";
        }
        yield answer.isProblem() ? null : "not an application/problem+json body";
      }
      case TOO_LARGE -> answer.status() == 413 ? null : "not 413";
      case NO_SERVER_ERROR ->
          answer.status() < 400 || answer.isProblem() ? null : "a 4xx without a problem body";
    };
  }

  /** A valid body for the operation on the candidate's resources, or null if none is known. */
  private static String sample(RecordedCandidate candidate, Operation operation) {
    Map<String, String> samples = new LinkedHashMap<>();
    samples.put("PUT /candidate", candidate.profileBody());
    samples.put("POST /opportunities", candidate.opportunityBody());
    samples.put("PATCH /opportunities/{id}", "{\"company\":\"Acme Inc\",\"status\":\"ON_HOLD\"}");
    samples.put(
        "PUT /opportunities/{id}/outcome",
        "{\"outcome\":\"OFFER\",\"recordedAt\":\"2026-01-02T16:00:00Z\"}");
    samples.put("POST /opportunities/{id}/interviews", candidate.interviewBody(List.of()));
    samples.put(
        "POST /opportunities/{id}/replies",
        "{\"receivedAt\":\"2026-01-02T09:12:00Z\",\"summary\":\"Still deciding\","
            + "\"nextContactDate\":\"2030-12-07\"}");
    samples.put("PUT /interviews/{id}", candidate.interviewBody(candidate.interviewerIds));
    samples.put(
        "POST /interviews/{id}/completion",
        "{\"nextSteps\":{\"expectedDecisionDate\":\"2030-12-04\",\"mayCallOn\":\"2030-12-07\","
            + "\"weWillContactYou\":false,\"noFollowUpPolicy\":false}}");
    samples.put(
        "POST /interviews/{id}/thank-you-review",
        "{\"drafts\":[{\"interviewerId\":\"%s\",\"text\":\"Dear %s, thank you for the talk.\"}]}"
            .formatted(candidate.interviewerIds.get(0), candidate.interviewerNames.get(0)));
    samples.put("POST /references", candidate.referenceBody());
    samples.put("PUT /references/{id}", candidate.referenceBody());
    samples.put("POST /plans/preview", candidate.previewBody());
    samples.put("POST /steps/{stepId}/snooze", "{\"until\":\"2031-01-01T10:00:00Z\"}");
    samples.put("PUT /policy/tenants/{tenantId}", RecordedCandidate.policyBody());
    samples.put("PUT /policy/candidates/{candidateId}", RecordedCandidate.policyBody());
    samples.put("PUT /candidates/{candidateId}/preferences", candidate.preferencesBody());
    samples.put(
        "POST /candidates/{candidateId}/push-subscriptions", RecordedCandidate.subscriptionBody());
    String sample = samples.get(operation.method() + " " + operation.path());
    if (sample == null) {
      System.out.println(
          "[RestFuzzIT] no sample body for " + operation + ": shape-independent bodies only");
    }
    return sample;
  }

  private static Path root() {
    return Path.of(System.getProperty("followup.root", "..")).toAbsolutePath().normalize();
  }
}
