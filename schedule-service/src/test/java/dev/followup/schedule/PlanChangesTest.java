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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Plans change when life does: outcomes, replies, moves, cancellations, erasure, the candidate. */
@QuarkusTest
class PlanChangesTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject EntityManager entityManager;

  @Inject DataSource dataSource;

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
    String lateCompletion =
        send(
            TestData.COMPLETED,
            late,
            TestData.interviewCompletedJson(late, "cand-late")
                .replace(
                    "\"interviewId\"",
                    "\"opportunityId\": \"" + opportunityId + "\", \"interviewId\""));
    await().atMost(Duration.ofSeconds(30)).until(() -> processed(lateCompletion));
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
    Tokens.asCandidate(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"checkIns\": \"patient\"}")
        .put("/policy/candidates/{id}", candidateId)
        .then()
        .statusCode(200);
    assertThat(rowsOf(candidateId)).isGreaterThan(0);

    send(
        "dev.followup.candidate.erased.v1",
        candidateId,
        "{\"candidateId\": \"%s\", \"erasedAt\": \"%s\"}".formatted(candidateId, Instant.now()));
    await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(candidateId) == 0);

    // The completion replayed under a new id after the erasure.
    String replay =
        send(
            TestData.COMPLETED,
            interviewId,
            TestData.interviewCompletedJson(interviewId, candidateId)
                .replace(
                    "\"interviewId\"",
                    "\"opportunityId\": \"" + opportunityId + "\", \"interviewId\""));
    await().atMost(Duration.ofSeconds(30)).until(() -> processed(replay));
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

  @Test
  void aMoveWaitsForAClaimRoundHoldingAStepAndLeavesTheStepItFiredAsFired() throws Exception {
    String opportunityId = "opp-" + UUID.randomUUID();
    String interviewId = plannedInterview(opportunityId, "cand-" + UUID.randomUUID());
    String held = (String) steps(interviewId, "CHECK_IN").get(0).get("id");

    // A claim round of the timers holds the step (its row lock) while the interview is moved.
    try (Connection round = dataSource.getConnection()) {
      round.setAutoCommit(false);
      try (PreparedStatement claim =
          round.prepareStatement("select id from follow_up_step where id = ? for update")) {
        claim.setObject(1, UUID.fromString(held));
        claim.executeQuery().close();
      }
      send(RESCHEDULED, interviewId, rescheduledJson(interviewId, 10));
      await().atMost(Duration.ofSeconds(30)).until(() -> sessionsWaitingForALock() > 0);
      // The round marks it fired, as the timers do, and ends.
      try (PreparedStatement mark =
          round.prepareStatement(
              "update follow_up_step set status = 'FIRED', fired_at = now(), fence = fence + 1"
                  + " where id = ?")) {
        mark.setObject(1, UUID.fromString(held));
        assertThat(mark.executeUpdate()).isEqualTo(1);
      }
      round.commit();
    }

    // The move applies to the other check-ins; the one that fired stays fired, and fires no more.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(steps(interviewId, "CHECK_IN"))
                    .filteredOn(step -> !held.equals(step.get("id")))
                    .allSatisfy(step -> assertThat(step.get("revision")).isEqualTo(2)));
    Map<String, Object> step = timeline(interviewId).getMap("find { it.id == '" + held + "' }");
    assertThat(step.get("status")).isEqualTo("FIRED");
    assertThat(step.get("revision")).isEqualTo(1);
  }

  @Test
  void afterAnOutcomeNeitherAMoveNorASnoozeBringsAStepBack() {
    String opportunityId = "opp-" + UUID.randomUUID();
    String candidateId = "cand-" + UUID.randomUUID();
    String interviewId = plannedInterview(opportunityId, candidateId);
    String fired = (String) steps(interviewId, "CHECK_IN").get(0).get("id");
    markFired(fired);
    send(
        "dev.followup.opportunity.outcome-recorded.v1",
        opportunityId,
        """
        {"opportunityId": "%s", "outcome": "OFFER", "recordedAt": "%s"}
        """
            .formatted(opportunityId, Instant.now()));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(statuses(interviewId)).doesNotContain("PENDING"));

    // With more check-ins allowed, a new plan of the interview has steps it never had before.
    Tokens.asCandidate(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"checkIns\": \"persistent\"}")
        .put("/policy/candidates/{id}", candidateId)
        .then()
        .statusCode(200);
    String move = send(RESCHEDULED, interviewId, rescheduledJson(interviewId, 10));
    await().atMost(Duration.ofSeconds(30)).until(() -> processed(move));
    assertThat(statuses(interviewId)).doesNotContain("PENDING");

    Tokens.asCandidate(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"until\": \"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}")
        .post("/steps/{id}/snooze", fired)
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
    assertThat(statuses(interviewId)).doesNotContain("PENDING");
  }

  @Test
  void aReplyThatArrivesLateBringsNoCheckInSoonerThanThePresetsGapAfterTheLastOneMade() {
    String opportunityId = "opp-" + UUID.randomUUID();
    String candidateId = "cand-" + UUID.randomUUID();
    String interviewId = plannedInterview(opportunityId, candidateId);
    String first = (String) steps(interviewId, "CHECK_IN").get(0).get("id");
    Tokens.asCandidate(candidateId).post("/steps/{id}/done", first).then().statusCode(200);

    // An answer of eight days ago, told only now: from the answer alone, the next check-in
    // would have been due already.
    Instant answered = Instant.now().minus(8, ChronoUnit.DAYS);
    send(
        "dev.followup.opportunity.employer-replied.v1",
        opportunityId,
        """
        {"opportunityId": "%s", "repliedAt": "%s"}
        """
            .formatted(opportunityId, answered));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(steps(interviewId, "CHECK_IN"))
                    .anyMatch(step -> "check-in-after-reply".equals(step.get("rule"))));
    // Every preset keeps a week at least between two check-ins.
    assertThat(steps(interviewId, "CHECK_IN"))
        .filteredOn(step -> !first.equals(step.get("id")))
        .allSatisfy(
            step ->
                assertThat(Instant.parse((String) step.get("dueAt")))
                    .isAfter(Instant.now().plus(6, ChronoUnit.DAYS)));
  }

  private static final String RESCHEDULED = "dev.followup.interview.rescheduled.v1";

  /** The interview now ends {@code days} days ahead, at noon UTC. */
  private static String rescheduledJson(String interviewId, int days) {
    Instant endsAt =
        Instant.now()
            .plus(days, ChronoUnit.DAYS)
            .truncatedTo(ChronoUnit.DAYS)
            .plus(12, ChronoUnit.HOURS);
    return """
        {"interviewId": "%s", "endsAt": "%s", "timeZone": "UTC"}
        """
        .formatted(interviewId, endsAt.atOffset(java.time.ZoneOffset.UTC));
  }

  /** Marks a step fired as the timers do. */
  private void markFired(String stepId) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                assertThat(
                        entityManager
                            .createNativeQuery(
                                "update follow_up_step set status = 'FIRED', fired_at = now(),"
                                    + " fence = fence + 1 where id = cast(:id as uuid)")
                            .setParameter("id", stepId)
                            .executeUpdate())
                    .isEqualTo(1));
  }

  private boolean processed(String eventId) {
    return number("select count(*) from processed_event where event_id = :id", "id", eventId) == 1;
  }

  private long sessionsWaitingForALock() {
    return ((Number)
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        entityManager
                            .createNativeQuery(
                                "select count(*) from pg_stat_activity where wait_event_type ="
                                    + " 'Lock' and datname = current_database()")
                            .getSingleResult()))
        .longValue();
  }

  /** Publishes the event and returns its id. */
  private String send(String type, String key, String json) {
    String id = UUID.randomUUID().toString();
    try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
      writer.sendCloudEvent("interview-events", key, id, type, key, json);
    }
    return id;
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
            + " + (select count(*) from planned_interview where candidate_id = :c)"
            + " + (select count(*) from policy_override where owner_id = :c)",
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
