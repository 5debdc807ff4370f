package dev.followup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.infra.TopicReader;
import dev.followup.infra.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The trace of an interview event continues onto the FollowUpDue fired later by the timer poller
 * and onto the plan events relayed from the outbox; a candidate's request continues onto the plan
 * event it causes.
 */
@QuarkusTest
class TracingTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void theTraceOfTheCompletionContinuesOntoFollowUpDueAndPlanEvents() {
    String traceId = hex(16);
    String candidateId = "cand-" + UUID.randomUUID();
    String interviewId = UUID.randomUUID().toString();

    try (TopicWriter writer = new TopicWriter(bootstrapServers);
        TopicReader due = new TopicReader(bootstrapServers, "follow-ups-due");
        TopicReader planEvents = new TopicReader(bootstrapServers, "plan-events")) {
      writer.sendCloudEvent(
          "interview-events",
          interviewId,
          UUID.randomUUID().toString(),
          TestData.COMPLETED,
          interviewId,
          TestData.interviewCompletedJson(interviewId, candidateId),
          Map.of("traceparent", "00-" + traceId + "-" + hex(8) + "-01"));

      List<ConsumerRecord<String, String>> fired =
          due.awaitMatching(r -> candidateId.equals(r.key()), 2, Duration.ofSeconds(30));
      assertThat(fired).hasSize(2);
      assertThat(fired).extracting(TracingTest::traceIdOf).containsOnly(traceId);

      // Keyed by the opportunity, which is the interview for an event that names none.
      List<ConsumerRecord<String, String>> scheduled =
          planEvents.awaitMatching(
              r ->
                  interviewId.equals(r.key())
                      && "dev.followup.schedule.step-scheduled.v1"
                          .equals(TopicReader.header(r, "ce_type")),
              5,
              Duration.ofSeconds(30));
      assertThat(scheduled).hasSizeGreaterThanOrEqualTo(5);
      assertThat(scheduled).extracting(TracingTest::traceIdOf).containsOnly(traceId);

      // The candidate snoozes a step: its plan event is in the trace of that request.
      String requestTraceId = hex(16);
      String checkIn =
          Tokens.asCandidate(candidateId)
              .get("/interviews/{id}/steps", interviewId)
              .then()
              .extract()
              .path("find { it.kind == 'CHECK_IN' }.id");
      Tokens.asCandidate(candidateId)
          .header("traceparent", "00-" + requestTraceId + "-" + hex(8) + "-01")
          .contentType(ContentType.JSON)
          .body("{\"until\": \"" + Instant.now().plus(Duration.ofDays(20)) + "\"}")
          .post("/steps/{id}/snooze", checkIn)
          .then()
          .statusCode(200);
      List<ConsumerRecord<String, String>> rescheduled =
          planEvents.awaitMatching(
              r ->
                  checkIn.equals(TopicReader.header(r, "ce_subject"))
                      && "dev.followup.schedule.step-rescheduled.v1"
                          .equals(TopicReader.header(r, "ce_type")),
              1,
              Duration.ofSeconds(30));
      assertThat(rescheduled).hasSize(1);
      assertThat(traceIdOf(rescheduled.get(0))).isEqualTo(requestTraceId);
    }
  }

  /** The trace id of the record's W3C traceparent header. */
  private static String traceIdOf(ConsumerRecord<String, String> record) {
    String traceParent = TopicReader.header(record, "traceparent");
    assertThat(traceParent)
        .as("traceparent of %s", record.key())
        .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    return traceParent.split("-")[1];
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
