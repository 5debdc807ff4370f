package dev.followup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.followup.infra.EventContract;
import dev.followup.infra.TopicReader;
import dev.followup.infra.TopicWriter;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Plans change when life does: outcomes, replies, moves, cancellations, erasure, the candidate. */
@QuarkusTest
class PlanChangesTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject EntityManager entityManager;

  /** The candidate of each interview a test planned: the one who may read its steps. */
  private final Map<String, String> candidates = new java.util.concurrent.ConcurrentHashMap<>();

  private String plannedInterview(String opportunityId, String candidateId) {
    String interviewId = UUID.randomUUID().toString();
    candidates.put(interviewId, candidateId);
    String json =
        TestData.interviewCompletedJson(interviewId, candidateId)
            .replace(
                "\"interviewId\"", "\"opportunityId\": \"" + opportunityId + "\", \"interviewId\"");
    send(TestData.COMPLETED, interviewId, json);
    await().atMost(Duration.ofSeconds(30)).until(() -> steps(interviewId, "CHECK_IN").size() == 3);
    return interviewId;
  }

  @Test
  void anOutcomeCancelsEveryPendingStepOfTheOpportunityAndALateCompletionPlansNothing() {
    String opportunityId = "opp-" + UUID.randomUUID();
    String interviewId = plannedInterview(opportunityId, "cand-" + UUID.randomUUID());

    send(
        "dev.followup.opportunity.outcome-recorded.v1",
        opportunityId,
        """
        {"opportunityId": "%s", "outcome": "REJECTED", "recordedAt": "%s"}
        """
            .formatted(opportunityId, Instant.now()));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(statuses(interviewId)).doesNotContain("PENDING").contains("CANCELLED"));

    // A second interview of the same opportunity, completed after the outcome: nothing planned.
    String late = UUID.randomUUID().toString();
    candidates.put(late, "cand-late");
    send(
        TestData.COMPLETED,
        late,
        TestData.interviewCompletedJson(late, "cand-late")
            .replace(
                "\"interviewId\"",
                "\"opportunityId\": \"" + opportunityId + "\", \"interviewId\""));
    String marker = plannedInterview("opp-" + UUID.randomUUID(), "cand-marker");
    assertThat(marker).isNotNull(); // consumed after the late completion, on any partition
    assertThat(statuses(late)).isEmpty();
  }

  @Test
  void partnersSeeEveryChangeOnThePlanEventsTopicInTheirPublishedSchema() throws Exception {
    String opportunityId = "opp-" + UUID.randomUUID();
    String interviewId = plannedInterview(opportunityId, "cand-" + UUID.randomUUID());
    int planned = statuses(interviewId).size();
    send(
        "dev.followup.opportunity.outcome-recorded.v1",
        opportunityId,
        "{\"opportunityId\": \"%s\", \"outcome\": \"OFFER\"}".formatted(opportunityId));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(statuses(interviewId)).doesNotContain("PENDING"));
    long cancelled = statuses(interviewId).stream().filter("CANCELLED"::equals).count();

    EventContract contract = EventContract.fromClasspath("/schemas/plan-changed.v1.json");
    try (TopicReader reader = new TopicReader(bootstrapServers, "plan-events")) {
      List<ConsumerRecord<String, String>> events =
          reader.awaitMatching(
              r -> opportunityId.equals(r.key()),
              planned + (int) cancelled,
              Duration.ofSeconds(30));
      assertThat(events).hasSize(planned + (int) cancelled);
      assertThat(events).allSatisfy(e -> assertThat(contract.violations(e.value())).isEmpty());
      assertThat(events)
          .filteredOn(
              e ->
                  "dev.followup.schedule.step-scheduled.v1"
                      .equals(TopicReader.header(e, "ce_type")))
          .hasSize(planned);
      assertThat(events)
          .filteredOn(
              e ->
                  "dev.followup.schedule.step-cancelled.v1"
                      .equals(TopicReader.header(e, "ce_type")))
          .hasSize((int) cancelled)
          .allSatisfy(e -> assertThat(e.value()).contains("\"reason\":\"OUTCOME\""));
    }
  }

  /**
   * During a rolling upgrade, instances of the previous version still write one outbox row per
   * event: the relay sends those before the batches written since, and deletes both.
   */
  @Test
  void eventsLeftInThePreviousOutboxAreRelayedBeforeTheBatchesWrittenSince() {
    String opportunityId = "opp-" + UUID.randomUUID();
    UUID legacy = UUID.randomUUID();
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              entityManager
                  .createNativeQuery(
                      "insert into plan_event_outbox (id, record_key, type, subject, payload,"
                          + " created_at) values (cast(:id as uuid), :key, 'legacy', 'step-0',"
                          + " '{\"n\":0}', now())")
                  .setParameter("id", legacy.toString())
                  .setParameter("key", opportunityId)
                  .executeUpdate();
              entityManager
                  .createNativeQuery(
                      "insert into plan_event_batch (record_key, event_ids, types, subjects,"
                          + " payloads, created_at) values (:key, cast(:ids as uuid[]),"
                          + " '{batched,batched}', '{step-1,step-2}', :payloads, now())")
                  .setParameter("key", opportunityId)
                  .setParameter("ids", "{" + first + "," + second + "}")
                  .setParameter("payloads", "{\"n\":1}\n{\"n\":2}")
                  .executeUpdate();
            });

    try (TopicReader reader = new TopicReader(bootstrapServers, "plan-events")) {
      List<ConsumerRecord<String, String>> events =
          reader.awaitMatching(r -> opportunityId.equals(r.key()), 3, Duration.ofSeconds(30));
      assertThat(events)
          .extracting(
              e ->
                  TopicReader.header(e, "ce_id")
                      + " "
                      + TopicReader.header(e, "ce_type")
                      + " "
                      + TopicReader.header(e, "ce_subject")
                      + " "
                      + e.value())
          .containsExactly(
              legacy + " legacy step-0 {\"n\":0}",
              first + " batched step-1 {\"n\":1}",
              second + " batched step-2 {\"n\":2}");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                number(
                        "select (select count(*) from plan_event_outbox where record_key = :key)"
                            + " + (select count(*) from plan_event_batch where record_key = :key)",
                        "key",
                        opportunityId)
                    == 0);
  }

  @Test
  void anEmployerReplyMovesThePendingCheckInsFromTheAnswer() {
    String opportunityId = "opp-" + UUID.randomUUID();
    String interviewId = plannedInterview(opportunityId, "cand-" + UUID.randomUUID());
    List<Map<String, Object>> before = steps(interviewId, "CHECK_IN");
    LocalDate named = LocalDate.now().plusDays(20);

    send(
        "dev.followup.opportunity.employer-replied.v1",
        opportunityId,
        """
        {"opportunityId": "%s", "repliedAt": "%s", "nextContactDate": "%s"}
        """
            .formatted(opportunityId, Instant.now(), named));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(steps(interviewId, "CHECK_IN").get(0).get("rule"))
                    .isEqualTo("check-in-after-reply"));
    List<Map<String, Object>> after = steps(interviewId, "CHECK_IN");
    assertThat(after.get(0).get("revision")).isEqualTo(2);
    assertThat(Instant.parse((String) after.get(0).get("dueAt")))
        .isAfter(Instant.parse((String) before.get(0).get("dueAt")))
        .isAfter(named.minusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
  }

  @Test
  void aCancelledInterviewKeepsNoPendingStep() {
    String opportunityId = "opp-" + UUID.randomUUID();
    String interviewId = plannedInterview(opportunityId, "cand-" + UUID.randomUUID());

    send(
        "dev.followup.interview.cancelled.v1",
        opportunityId,
        "{\"interviewId\": \"%s\", \"opportunityId\": \"%s\"}"
            .formatted(interviewId, opportunityId));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(statuses(interviewId)).doesNotContain("PENDING"));
  }

  @Test
  void anErasedCandidateLeavesNothingBehindAndAReplayCannotBringThemBack() {
    String candidateId = "cand-" + UUID.randomUUID();
    String opportunityId = "opp-" + UUID.randomUUID();
    String interviewId = plannedInterview(opportunityId, candidateId);

    send(
        "dev.followup.candidate.erased.v1",
        candidateId,
        "{\"candidateId\": \"%s\", \"erasedAt\": \"%s\"}".formatted(candidateId, Instant.now()));
    await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(candidateId) == 0);

    // The completion replayed under a new id after the erasure.
    send(
        TestData.COMPLETED,
        interviewId,
        TestData.interviewCompletedJson(interviewId, candidateId)
            .replace(
                "\"interviewId\"",
                "\"opportunityId\": \"" + opportunityId + "\", \"interviewId\""));
    plannedInterview("opp-" + UUID.randomUUID(), "cand-marker");
    assertThat(rowsOf(candidateId)).isZero();
  }

  /**
   * A candidate id is the platform's user within a tenant: the erasure of another tenant's
   * candidate of the same id leaves this one's plans, and their next completion, alone.
   */
  @Test
  void anErasureHoldsForTheTenantItNames() {
    String candidateId = "cand-" + UUID.randomUUID();
    String interviewId = plannedInterview("opp-" + UUID.randomUUID(), candidateId);
    long planned = rowsOf(candidateId);

    send(
        "dev.followup.candidate.erased.v1",
        candidateId,
        "{\"tenantId\": \"another-tenant\", \"candidateId\": \"%s\", \"erasedAt\": \"%s\"}"
            .formatted(candidateId, Instant.now()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                number(
                        "select count(*) from erased_candidate where candidate_id = :c"
                            + " and tenant_id = 'another-tenant'",
                        "c",
                        candidateId)
                    == 1);
    assertThat(rowsOf(candidateId)).isEqualTo(planned);
    assertThat(statuses(interviewId)).contains("PENDING");
    // Their next interview is planned as well.
    plannedInterview("opp-" + UUID.randomUUID(), candidateId);

    send(
        "dev.followup.candidate.erased.v1",
        candidateId,
        "{\"tenantId\": \"%s\", \"candidateId\": \"%s\", \"erasedAt\": \"%s\"}"
            .formatted(Tokens.TENANT, candidateId, Instant.now()));
    await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(candidateId) == 0);
  }

  @Test
  void theCandidateMarksDoneSkipsAndSnoozes() {
    String candidateId = "cand-" + UUID.randomUUID();
    String interviewId = plannedInterview("opp-" + UUID.randomUUID(), candidateId);
    List<Map<String, Object>> checkIns = steps(interviewId, "CHECK_IN");
    String first = (String) checkIns.get(0).get("id");
    String second = (String) checkIns.get(1).get("id");
    String third = (String) checkIns.get(2).get("id");

    Tokens.asCandidate(candidateId)
        .post("/steps/{id}/done", first)
        .then()
        .statusCode(200)
        .body("status", equalTo("DONE"));
    Tokens.asCandidate(candidateId)
        .post("/steps/{id}/done", first)
        .then()
        .statusCode(200)
        .body("status", equalTo("DONE"));
    Tokens.asCandidate(candidateId)
        .post("/steps/{id}/skip", second)
        .then()
        .statusCode(200)
        .body("status", equalTo("SKIPPED"));
    // A skipped step stays skipped.
    Tokens.asCandidate(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"until\": \"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}")
        .post("/steps/{id}/snooze", second)
        .then()
        .statusCode(409)
        .contentType("application/problem+json");

    Instant until = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    Tokens.asCandidate(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"until\": \"" + until + "\"}")
        .post("/steps/{id}/snooze", third)
        .then()
        .statusCode(200)
        .body("status", equalTo("PENDING"))
        .body("dueAt", equalTo(until.toString()))
        .body("revision", equalTo(2));
    Tokens.asCandidate(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"until\": \"" + Instant.now().minusSeconds(60) + "\"}")
        .post("/steps/{id}/snooze", third)
        .then()
        .statusCode(409);
    Tokens.asCandidate(candidateId)
        .post("/steps/{id}/done", UUID.randomUUID())
        .then()
        .statusCode(404);
  }

  @Test
  void aPreviewComputesAPlanAndSavesNothing() {
    String interviewId = UUID.randomUUID().toString();
    candidates.put(interviewId, "cand-preview");
    List<String> kinds =
        Tokens.asCandidate("cand-preview")
            .contentType(ContentType.JSON)
            .body(TestData.interviewCompletedJson(interviewId, "cand-preview"))
            .post("/plans/preview")
            .then()
            .statusCode(200)
            .extract()
            .path("kind");
    assertThat(kinds)
        .contains("THANK_YOU_EMAIL", "CHECK_IN", "KEEP_SEARCHING")
        .filteredOn("THANK_YOU_EMAIL"::equals)
        .hasSize(2);
    assertThat(statuses(interviewId)).isEmpty();

    Tokens.asCandidate("cand-preview")
        .contentType(ContentType.JSON)
        .body("{\"interviewId\": \"x\"}")
        .post("/plans/preview")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  private void send(String type, String key, String json) {
    try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
      writer.sendCloudEvent("interview-events", key, UUID.randomUUID().toString(), type, key, json);
    }
  }

  /** The interview's steps of a kind, as its candidate sees them; none while nothing is planned. */
  private List<Map<String, Object>> steps(String interviewId, String kind) {
    return timeline(interviewId).getList("findAll { it.kind == '" + kind + "' }");
  }

  private List<String> statuses(String interviewId) {
    return timeline(interviewId).getList("status");
  }

  private io.restassured.path.json.JsonPath timeline(String interviewId) {
    io.restassured.response.Response response =
        Tokens.asCandidate(candidates.get(interviewId)).get("/interviews/{id}/steps", interviewId);
    // No plan (yet) is not found, as anyone else's.
    assertThat(response.statusCode()).isIn(200, 404);
    return response.statusCode() == 404
        ? new io.restassured.path.json.JsonPath("[]")
        : response.then().extract().jsonPath();
  }

  private long rowsOf(String candidateId) {
    return number(
        "select (select count(*) from follow_up_step where candidate_id = :c)"
            + " + (select count(*) from planned_interview where candidate_id = :c)",
        "c",
        candidateId);
  }

  /** A number the statement reads, in a transaction of its own. */
  private long number(String sql, String parameter, String value) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery(sql)
                            .setParameter(parameter, value)
                            .getSingleResult())
                    .longValue());
  }
}
