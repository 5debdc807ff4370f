package dev.followup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.TopicReader;
import dev.followup.schedule.application.PlanningService;
import dev.followup.schedule.application.events.ChangeEvents;
import dev.followup.schedule.application.events.InterviewCompleted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Completions planned together (a poll of records, one transaction) give exactly what the same
 * events give one at a time: a repeated event id plans nothing twice, an event older than the
 * newest applied to its interview changes nothing, a later round supersedes the earlier round's
 * check-ins, a newer completion of a planned interview re-plans it.
 */
@QuarkusTest
class BatchPlanningTest {

  private static final String CANCELLED = "dev.followup.interview.cancelled.v1";
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject PlanningService planning;
  @Inject ObjectMapper objectMapper;
  @Inject EntityManager entityManager;

  /** Ends three days ahead, on the hour: no step of these plans falls due during the test. */
  private final Instant ended =
      Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @Test
  void aBatchWithRepeatsAndAStaleEventPlansWhatTheEventsOneAtATimePlan() {
    Scenario batched = new Scenario();
    QuarkusTransaction.requiringNew()
        .run(() -> planning.onInterviewsCompleted(batched.completions()));

    Scenario oneByOne = new Scenario();
    for (PlanningService.Completion completion : oneByOne.completions()) {
      QuarkusTransaction.requiringNew().run(() -> planning.onInterviewCompleted(completion));
    }

    List<String> steps = batched.steps();
    assertThat(steps).isEqualTo(oneByOne.steps());
    assertThat(batched.planEvents()).isEqualTo(oneByOne.planEvents());
    assertThat(batched.interviews()).isEqualTo(oneByOne.interviews());

    // What the rules say, beyond "the same either way":
    // the first round was re-planned by its newest completion (a day later), not by the stale one;
    assertThat(batched.interviews())
        .containsExactly(
            "first ended " + ended.plus(1, ChronoUnit.DAYS) + " last event " + now,
            "second ended " + ended + " last event " + now.minus(1, ChronoUnit.HOURS));
    // its check-ins and nudge were superseded by the second round, whose own were then
    // superseded by the first round's newest completion; the thank-yous of both stay pending.
    assertThat(steps)
        .filteredOn(step -> step.contains("CHECK_IN") || step.contains("KEEP_SEARCHING"))
        .allMatch(step -> step.contains("CANCELLED"));
    assertThat(steps)
        .filteredOn(step -> step.contains("THANK_YOU"))
        .hasSize(4)
        .allMatch(step -> step.contains("PENDING"));
    // each event id recorded once, the repeat and the stale one included.
    assertThat(batched.processed()).containsExactlyInAnyOrderElementsOf(batched.eventIds());
  }

  /**
   * A completion planned on one instance while another erases the candidate: the erasure waits for
   * the plan, which read the candidate as not erased, and then deletes what it wrote. (Without the
   * wait, the plan's new interview and steps outlived the erasure.)
   */
  @Test
  void anErasureWaitsForAPlanInProgressAndLeavesNothingOfIt() throws Exception {
    String candidate = "cand-" + UUID.randomUUID();
    String interviewId = UUID.randomUUID().toString();
    CompletableFuture<Void> erasure;
    QuarkusTransaction.begin();
    try {
      planning.onInterviewsCompleted(
          List.of(
              completion(
                  "evt-" + UUID.randomUUID(),
                  TestData.interviewCompletedJson(interviewId, candidate),
                  Instant.now())));
      erasure =
          CompletableFuture.runAsync(
              () ->
                  planning.onCandidateErased(
                      "evt-" + UUID.randomUUID(),
                      new ChangeEvents.CandidateErased(null, candidate, Instant.now())));
      assertThatThrownBy(() -> erasure.get(2, TimeUnit.SECONDS))
          .as("the erasure waits for the plan in progress")
          .isInstanceOf(TimeoutException.class);
    } finally {
      QuarkusTransaction.commit();
    }
    erasure.get(30, TimeUnit.SECONDS);

    assertThat(
            count(
                "select (select count(*) from follow_up_step where candidate_id = :c)"
                    + " + (select count(*) from planned_interview where candidate_id = :c)",
                "c",
                candidate))
        .isZero();
  }

  @Test
  void recordsPolledTogetherFromTheBrokerKeepTheirOrderAndTheirIdempotency() throws Exception {
    String opportunity = "opp-" + UUID.randomUUID();
    String candidate = "cand-" + UUID.randomUUID();
    String first = UUID.randomUUID().toString();
    String second = UUID.randomUUID().toString();
    String cancelled = UUID.randomUUID().toString();
    String completion = "evt-" + UUID.randomUUID();
    String stale = "evt-" + UUID.randomUUID();
    String secondRound = "evt-" + UUID.randomUUID();
    String cancelledCompletion = "evt-" + UUID.randomUUID();
    String cancellation = "evt-" + UUID.randomUUID();
    String other = "cand-" + UUID.randomUUID();
    String marker = "evt-" + UUID.randomUUID();

    // Sent without waiting for each acknowledgement, so that they are polled together as far as
    // the broker allows; the outcome must not depend on how they are split.
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "50");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      String key = opportunity; // one partition: the records' order is the order they are read
      List<ProducerRecord<String, String>> records = new ArrayList<>();
      records.add(
          record(
              key,
              completion,
              TestData.COMPLETED,
              json(first, opportunity, candidate, ended),
              now.minus(2, ChronoUnit.HOURS)));
      records.add(
          record(
              key,
              completion,
              TestData.COMPLETED,
              json(first, opportunity, candidate, ended),
              now.minus(2, ChronoUnit.HOURS)));
      records.add(
          record(
              key,
              stale,
              TestData.COMPLETED,
              json(first, opportunity, candidate, ended.plus(2, ChronoUnit.DAYS)),
              now.minus(3, ChronoUnit.HOURS)));
      records.add(
          record(
              key,
              cancelledCompletion,
              TestData.COMPLETED,
              json(cancelled, "opp-" + UUID.randomUUID(), other, ended),
              now.minus(2, ChronoUnit.HOURS)));
      records.add(
          record(
              key,
              cancellation,
              CANCELLED,
              "{\"interviewId\": \"%s\"}".formatted(cancelled),
              now.minus(1, ChronoUnit.HOURS)));
      records.add(
          record(
              key,
              secondRound,
              TestData.COMPLETED,
              json(second, opportunity, candidate, ended),
              now.minus(1, ChronoUnit.HOURS)));
      records.add(
          record(
              key,
              completion,
              TestData.COMPLETED,
              json(first, opportunity, candidate, ended),
              now.minus(2, ChronoUnit.HOURS)));
      // Read after everything above: once it is planned, so is every record before it.
      records.add(
          record(
              key,
              marker,
              TestData.COMPLETED,
              json(UUID.randomUUID().toString(), "opp-" + UUID.randomUUID(), other, ended),
              now));
      for (ProducerRecord<String, String> record : records) {
        producer.send(record);
      }
      producer.flush();
    }

    List<String> ids =
        List.of(completion, stale, cancelledCompletion, cancellation, secondRound, marker);
    await().atMost(Duration.ofSeconds(30)).until(() -> processedAmong(ids) == ids.size());

    // The first round as its first completion planned it (the stale one changed nothing), its
    // check-ins and nudge superseded by the second round; planned once despite three copies.
    assertThat(statusesOf(first))
        .containsExactlyInAnyOrder(
            "THANK_YOU_EMAIL PENDING",
            "THANK_YOU_EMAIL PENDING",
            "CHECK_IN CANCELLED",
            "CHECK_IN CANCELLED",
            "CHECK_IN CANCELLED",
            "KEEP_SEARCHING CANCELLED");
    assertThat(endedAt(first)).isEqualTo(ended);
    assertThat(statusesOf(second)).hasSize(6).allMatch(status -> status.endsWith("PENDING"));
    // The cancellation, between two completions in the same poll, applied after its completion.
    assertThat(statusesOf(cancelled)).hasSize(6).allMatch(status -> status.endsWith("CANCELLED"));
    assertThat(scheduledEventsOf(opportunity, first)).isEqualTo(6);
  }

  @Test
  void aStepCancelledByAReplanNoLongerLooksClaimedAndItsClaimerIsFencedOut() {
    String opportunity = "opp-" + UUID.randomUUID();
    String candidate = "cand-" + UUID.randomUUID();
    String interview = UUID.randomUUID().toString();
    planAlone(json(interview, opportunity, candidate, ended), now.minus(1, ChronoUnit.HOURS));
    // A poller claims every step of the interview, as the claim statement does.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        "update follow_up_step set claimed_by = 'poller-a',"
                            + " claim_expires_at = now() + interval '1 minute', fence = fence + 1"
                            + " where interview_id = :id")
                    .setParameter("id", UUID.fromString(interview))
                    .executeUpdate());
    Map<String, Long> claimedFences = fences(interview);

    // The interview completes again without Ari: Ari's thank-you is cancelled by the re-plan.
    String withoutAri =
        json(interview, opportunity, candidate, ended)
            .replaceAll(",\\s*\\{\"id\": \"ari\"[^}]*\\}", "");
    assertThat(withoutAri).doesNotContain("ari@");
    planAlone(withoutAri, now);

    List<Object[]> ari =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    rows(
                        "select id, status, claimed_by, claim_expires_at from follow_up_step"
                            + " where interview_id = :id and kind = 'THANK_YOU_EMAIL'"
                            + " and recipient_id = 'ari'",
                        interview));
    assertThat(ari).hasSize(1);
    Object[] step = ari.get(0);
    assertThat(step[1]).isEqualTo("CANCELLED");
    assertThat(step[2]).as("claimed_by").isNull();
    assertThat(step[3]).as("claim_expires_at").isNull();
    assertThat(fences(interview).get(step[0].toString()))
        .isGreaterThan(claimedFences.get(step[0].toString()));
    // Dana's thank-you is still planned and still the claimer's to fire.
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        rows(
                            "select status, claimed_by from follow_up_step where interview_id"
                                + " = :id and kind = 'THANK_YOU_EMAIL' and recipient_id = 'dana'",
                            interview)))
        .singleElement()
        .satisfies(row -> assertThat(row).containsExactly("PENDING", "poller-a"));
  }

  @Test
  void rowsWrittenTogetherHoldEveryValueAsRowsWrittenOneAtATime() {
    // Topics that an array's text form must quote and escape, and instants below the second.
    String topics =
        """
        ["a \\"quoted\\" topic", "back\\\\slash, {braces}", "NULL", ""]""";
    Instant endedPrecisely = ended.plusNanos(123_456_000);
    Instant occurred = now.plusNanos(654_321_000);
    String batched = UUID.randomUUID().toString();
    String alone = UUID.randomUUID().toString();
    PlanningService.Completion completion =
        completion(
            "evt-" + UUID.randomUUID(), withTopics(batched, endedPrecisely, topics), occurred);
    QuarkusTransaction.requiringNew()
        .run(() -> planning.onInterviewsCompleted(List.of(completion)));
    planAlone(withTopics(alone, endedPrecisely, topics), occurred);

    assertThat(written(batched)).hasSize(7).isEqualTo(written(alone));
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        rows(
                            "select recipient_topics, recipient_id from follow_up_step"
                                + " where interview_id = :id"
                                + " and kind = 'THANK_YOU_EMAIL' and recipient_id = 'dana'",
                            batched)))
        .singleElement()
        .satisfies(
            row ->
                assertThat((String[]) row[0])
                    .containsExactly("a \"quoted\" topic", "back\\slash, {braces}", "NULL", ""));
    assertThat(endedAt(batched)).isEqualTo(endedPrecisely);
  }

  /** Plans a completion with an event id of its own, on the one-at-a-time path. */
  private void planAlone(String json, Instant occurredAt) {
    PlanningService.Completion completion =
        completion("evt-" + UUID.randomUUID(), json, occurredAt);
    QuarkusTransaction.requiringNew().run(() -> planning.onInterviewCompleted(completion));
  }

  /** A completion of its own opportunity whose first interviewer has these topics (JSON). */
  private String withTopics(String interviewId, Instant endedAt, String topics) {
    return json(interviewId, "opp-" + UUID.randomUUID(), "cand-" + UUID.randomUUID(), endedAt)
        .replace("[\"billing\"]", topics);
  }

  /** The interview's row and its steps' rows, without what differs between two interviews. */
  @SuppressWarnings("unchecked")
  private List<String> written(String interviewId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<String> rows = new ArrayList<>();
              for (Object[] row :
                  rows(
                      """
                      select candidate_name, candidate_email, candidate_time_zone, company, role,
                             ended_at, time_zone, last_event_at, facts is not null
                      from planned_interview where interview_id = :id
                      """,
                      interviewId)) {
                rows.add(Arrays.toString(row));
              }
              for (Object[] row :
                  rows(
                      """
                      select kind, channel, action, sequence, revision, rule, recipient_id,
                             recipient_name, recipient_email, recipient_title, recipient_phone,
                             recipient_address, recipient_time_zone,
                             array_to_string(recipient_topics, '|', '<null>'), due_at, window_end,
                             status, claimed_by, claim_expires_at, fence, fired_at,
                             state_changed_at, created_at is not null
                      from follow_up_step where interview_id = :id
                      """,
                      interviewId)) {
                rows.add(Arrays.toString(row));
              }
              return rows.stream().sorted().toList();
            });
  }

  private PlanningService.Completion completion(String eventId, String json, Instant occurredAt) {
    try {
      return new PlanningService.Completion(
          eventId, objectMapper.readValue(json, InterviewCompleted.class), json, occurredAt, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, Long> fences(String interviewId) {
    Map<String, Long> fences = new TreeMap<>();
    QuarkusTransaction.requiringNew()
        .call(
            () ->
                rows("select id, fence from follow_up_step where interview_id = :id", interviewId))
        .forEach(row -> fences.put(row[0].toString(), ((Number) row[1]).longValue()));
    return fences;
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> rows(String sql, String interviewId) {
    return entityManager
        .createNativeQuery(sql)
        .setParameter("id", UUID.fromString(interviewId))
        .getResultList();
  }

  /** Two rounds of one opportunity, with a repeated event, a stale one and a newer re-plan. */
  private final class Scenario {

    final String opportunity = "opp-" + UUID.randomUUID();
    final String candidate = "cand-" + UUID.randomUUID();
    final String first = UUID.randomUUID().toString();
    final String second = UUID.randomUUID().toString();
    final String completion = "evt-" + UUID.randomUUID();
    final String stale = "evt-" + UUID.randomUUID();
    final String secondRound = "evt-" + UUID.randomUUID();
    final String replanned = "evt-" + UUID.randomUUID();

    List<PlanningService.Completion> completions() {
      Instant later = ended.plus(1, ChronoUnit.DAYS);
      return List.of(
          completion(completion, first, ended, now.minus(2, ChronoUnit.HOURS)),
          completion(completion, first, ended, now.minus(2, ChronoUnit.HOURS)),
          completion(stale, first, ended.plus(2, ChronoUnit.DAYS), now.minus(3, ChronoUnit.HOURS)),
          completion(secondRound, second, ended, now.minus(1, ChronoUnit.HOURS)),
          completion(replanned, first, later, now));
    }

    List<String> eventIds() {
      return List.of(completion, stale, secondRound, replanned);
    }

    private PlanningService.Completion completion(
        String eventId, String interviewId, Instant endedAt, Instant occurredAt) {
      return BatchPlanningTest.this.completion(
          eventId, json(interviewId, opportunity, candidate, endedAt), occurredAt);
    }

    private String round(Object interviewId) {
      return first.equals(interviewId.toString()) ? "first" : "second";
    }

    /** Every step of both rounds, without its ids and the instants of planning. */
    List<String> steps() {
      return rows(
              """
              select interview_id, kind, recipient_name, sequence, status, revision, action, rule,
                     due_at, window_end
              from follow_up_step where opportunity_id = :opportunity
              """)
          .stream()
          .map(
              row -> {
                row[0] = round(row[0]);
                return String.join(" ", Arrays.stream(row).map(String::valueOf).toList());
              })
          .sorted()
          .toList();
    }

    /**
     * The history of each step of the opportunity in plan events, as relayed to the topic (in the
     * outbox's order: all of an opportunity's events share a key, so a partition), without ids and
     * instants of planning. (The order of the changes one event makes to several steps follows the
     * steps' ids, which differ between scenarios.)
     */
    List<String> planEvents() {
      Map<String, List<String>> histories = new TreeMap<>();
      for (ConsumerRecord<String, String> record : relayedPlanEvents(opportunity)) {
        Map<String, Object> data = read(record.value());
        String step =
            String.join(
                " ",
                round(data.get("interviewId")),
                String.valueOf(data.get("kind")),
                String.valueOf(data.get("recipientName")),
                String.valueOf(data.get("sequence")));
        histories
            .computeIfAbsent(step, key -> new ArrayList<>())
            .add(
                String.join(
                    " ",
                    TopicReader.header(record, "ce_type"),
                    String.valueOf(data.get("revision")),
                    String.valueOf(data.get("dueAt")),
                    String.valueOf(data.get("reason"))));
      }
      return histories.entrySet().stream()
          .map(history -> history.getKey() + ": " + String.join(" -> ", history.getValue()))
          .toList();
    }

    List<String> interviews() {
      return rows(
              "select interview_id, ended_at, last_event_at from planned_interview"
                  + " where opportunity_id = :opportunity")
          .stream()
          .map(
              row -> round(row[0]) + " ended " + instant(row[1]) + " last event " + instant(row[2]))
          .sorted()
          .toList();
    }

    List<String> processed() {
      return QuarkusTransaction.requiringNew()
          .call(
              () ->
                  entityManager
                      .createNativeQuery(
                          "select event_id from processed_event where event_id in (:ids)",
                          String.class)
                      .setParameter("ids", eventIds())
                      .getResultList()
                      .stream()
                      .map(String::valueOf)
                      .toList());
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(String sql) {
      return QuarkusTransaction.requiringNew()
          .call(
              () ->
                  (List<Object[]>)
                      entityManager
                          .createNativeQuery(sql)
                          .setParameter("opportunity", opportunity)
                          .getResultList());
    }
  }

  private Map<String, Object> read(String json) {
    try {
      return objectMapper.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String json(
      String interviewId, String opportunityId, String candidateId, Instant endedAt) {
    return """
        {
          "tenantId": "%s",
          "opportunityId": "%s",
          "interviewId": "%s",
          "candidate": {"id": "%s", "name": "Sam Rivera", "email": "sam@example.com",
                        "timeZone": "America/Chicago"},
          "company": "Acme Corp",
          "role": "Backend engineer",
          "endedAt": "%s",
          "timeZone": "America/Chicago",
          "interviewers": [
            {"id": "dana", "name": "Dana Lee", "email": "dana@acme.example", "topics": ["billing"]},
            {"id": "ari", "name": "Ari Cohen", "email": "ari@acme.example", "topics": ["on-call"]}
          ],
          "completedAt": "%s"
        }
        """
        .formatted(
            Tokens.TENANT,
            opportunityId,
            interviewId,
            candidateId,
            endedAt.atZone(CHICAGO).toOffsetDateTime(),
            endedAt);
  }

  private static ProducerRecord<String, String> record(
      String key, String id, String type, String json, Instant time) {
    ProducerRecord<String, String> record = new ProducerRecord<>("interview-events", key, json);
    header(record, "ce_specversion", "1.0");
    header(record, "ce_id", id);
    header(record, "ce_type", type);
    header(record, "ce_source", "urn:followup:test");
    header(record, "ce_time", time.toString());
    header(record, "content-type", "application/json");
    return record;
  }

  private static void header(ProducerRecord<String, String> record, String name, String value) {
    record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private long processedAmong(List<String> ids) {
    return count("select count(*) from processed_event where event_id in (:ids)", "ids", ids);
  }

  /** A count query with one named parameter, in a transaction of its own. */
  private long count(String sql, String parameter, Object value) {
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

  @SuppressWarnings("unchecked")
  private List<String> statusesOf(String interviewId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((List<Object[]>)
                        entityManager
                            .createNativeQuery(
                                "select kind, status from follow_up_step where interview_id = :id")
                            .setParameter("id", UUID.fromString(interviewId))
                            .getResultList())
                    .stream().map(row -> row[0] + " " + row[1]).toList());
  }

  private Instant endedAt(String interviewId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                instant(
                    entityManager
                        .createNativeQuery(
                            "select ended_at from planned_interview where interview_id = :id")
                        .setParameter("id", UUID.fromString(interviewId))
                        .getSingleResult()));
  }

  private long scheduledEventsOf(String opportunity, String interviewId) {
    return relayedPlanEvents(opportunity).stream()
        .filter(
            record ->
                "dev.followup.schedule.step-scheduled.v1"
                    .equals(TopicReader.header(record, "ce_type")))
        .filter(record -> record.value().contains("\"interviewId\":\"" + interviewId + "\""))
        .count();
  }

  /**
   * The opportunity's plan events on the topic, once the relay has sent them all: the relay deletes
   * each outbox row once the broker has its event.
   */
  private List<ConsumerRecord<String, String>> relayedPlanEvents(String opportunity) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                count(
                        "select count(*) from plan_event_batch where record_key = :opportunity",
                        "opportunity",
                        opportunity)
                    == 0);
    try (TopicReader reader = new TopicReader(bootstrapServers, "plan-events")) {
      return reader.readToEnd(record -> opportunity.equals(record.key()), Duration.ofSeconds(30));
    }
  }

  private static Instant instant(Object value) {
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof java.time.OffsetDateTime offset) {
      return offset.toInstant();
    }
    return (Instant) value;
  }
}
