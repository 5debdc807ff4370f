package dev.followup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.EventContract;
import dev.followup.infra.TopicReader;
import dev.followup.infra.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** From InterviewCompleted on the real broker to FollowUpDue on the real broker. */
@QuarkusTest
class PlanningAndFiringTest {

  private static final String COMPLETED = "dev.followup.interview.completed.v1";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Inject ObjectMapper objectMapper;

  @Test
  void completedInterviewFiresOneThankYouPerInterviewerExactlyOnceEvenIfReplayed()
      throws Exception {
    String interviewId = UUID.randomUUID().toString();
    String candidateId = "cand-" + UUID.randomUUID();
    String event = TestData.interviewCompletedJson(interviewId, candidateId);
    String eventId = UUID.randomUUID().toString();

    try (TopicWriter writer = new TopicWriter(bootstrapServers);
        TopicReader due = new TopicReader(bootstrapServers, "follow-ups-due")) {
      writer.sendCloudEvent(
          "interview-events", interviewId, eventId, COMPLETED, interviewId, event);

      List<ConsumerRecord<String, String>> fired =
          due.awaitMatching(r -> candidateId.equals(r.key()), 2, Duration.ofSeconds(30));
      assertThat(fired).hasSize(2);
      EventContract contract = EventContract.fromClasspath("/schemas/follow-up-due.v1.json");
      assertThat(fired)
          .allSatisfy(
              r ->
                  assertThat(contract.violations(r.value()))
                      .as("FollowUpDue honours its published schema")
                      .isEmpty());
      JsonNode first = objectMapper.readTree(fired.get(0).value());
      assertThat(TopicReader.header(fired.get(0), "ce_type"))
          .isEqualTo("dev.followup.schedule.follow-up-due.v1");
      // The event id names the step and its revision: stable across re-fires.
      assertThat(TopicReader.header(fired.get(0), "ce_id"))
          .isEqualTo(first.path("stepId").asText() + ":1");
      assertThat(first.path("kind").asText()).isEqualTo("THANK_YOU_EMAIL");
      assertThat(first.path("rule").asText()).isEqualTo("thank-you-same-day");
      assertThat(first.path("candidate").path("email").asText()).isEqualTo("sam@example.com");
      assertThat(fired)
          .extracting(r -> objectMapper.readTree(r.value()).path("recipient").path("name").asText())
          .containsExactlyInAnyOrder("Dana Lee", "Ari Cohen");

      // Step ids are time-ordered UUIDs (version 7), each kept by its step from then on.
      List<String> ids = thankYouIds(candidateId, interviewId);
      assertThat(ids)
          .hasSize(2)
          .allSatisfy(id -> assertThat(UUID.fromString(id).version()).isEqualTo(7));

      // The same event delivered again, and the same completion re-emitted under a new id.
      writer.sendCloudEvent(
          "interview-events", interviewId, eventId, COMPLETED, interviewId, event);
      writer.sendCloudEvent(
          "interview-events",
          interviewId,
          UUID.randomUUID().toString(),
          COMPLETED,
          interviewId,
          event);
      String marker = UUID.randomUUID().toString();
      String markerCandidate = "cand-" + UUID.randomUUID();
      // Under the duplicates' key, so on their partition, after them.
      writer.sendCloudEvent(
          "interview-events",
          interviewId,
          UUID.randomUUID().toString(),
          COMPLETED,
          marker,
          TestData.interviewCompletedJson(marker, markerCandidate));
      // Once the event sent after the duplicates has fired, the duplicates have been consumed.
      assertThat(due.awaitMatching(r -> markerCandidate.equals(r.key()), 2, Duration.ofSeconds(30)))
          .hasSize(2);
      assertThat(due.readFor(r -> candidateId.equals(r.key()), Duration.ofMillis(500))).hasSize(2);
      // The re-emitted completion found its steps by their natural key: the same two, same ids.
      assertThat(thankYouIds(candidateId, interviewId)).containsExactlyInAnyOrderElementsOf(ids);
    }

    List<String> statuses =
        Tokens.asCandidate(candidateId)
            .get("/interviews/{id}/steps", interviewId)
            .then()
            .statusCode(200)
            .extract()
            .path("findAll { it.kind == 'THANK_YOU_EMAIL' }.status");
    assertThat(statuses).containsExactly("FIRED", "FIRED");
  }

  @Test
  void unreadableRecordIsDeadLetteredAndTheNextOneIsProcessed() {
    String interviewId = UUID.randomUUID().toString();
    String candidateId = "cand-" + UUID.randomUUID();
    String badId = UUID.randomUUID().toString();
    try (TopicWriter writer = new TopicWriter(bootstrapServers);
        TopicReader deadLetters = new TopicReader(bootstrapServers, "interview-events.dlq")) {
      writer.sendCloudEvent("interview-events", badId, badId, COMPLETED, badId, "{not json");
      writer.sendCloudEvent(
          "interview-events",
          interviewId,
          UUID.randomUUID().toString(),
          COMPLETED,
          interviewId,
          TestData.interviewCompletedJson(interviewId, candidateId));

      List<ConsumerRecord<String, String>> dead =
          deadLetters.awaitMatching(r -> badId.equals(r.key()), 1, Duration.ofSeconds(30));
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).value()).isEqualTo("{not json");
      assertThat(TopicReader.header(dead.get(0), "dead-letter-reason")).contains("Unreadable");
    }
    awaitPlannedSteps(candidateId, interviewId, 2);
  }

  @Test
  void eventMissingRequiredFieldsIsDeadLetteredWithTheFieldNamed() {
    String interviewId = UUID.randomUUID().toString();
    String invalid =
        TestData.interviewCompletedJson(interviewId, "cand-" + UUID.randomUUID())
            .replace("\"company\": \"Acme Corp\",", "");
    assertThat(deadLetterReasonOf(interviewId, invalid)).contains("company");
  }

  /**
   * PostgreSQL cannot store NUL in text: such an event is refused as it is read, with the reason.
   */
  @Test
  void anEventWithNulInAStringIsDeadLetteredAsItIsRead() {
    String interviewId = UUID.randomUUID().toString();
    String withNul =
        TestData.interviewCompletedJson(interviewId, "cand-" + UUID.randomUUID())
            .replace("\"Dana Lee\"", "\"Dana\\u0000Lee\"");
    assertThat(withNul).contains("\\u0000");
    assertThat(deadLetterReasonOf(interviewId, withNul)).contains("NUL");
  }

  /** Publishes the completion of {@code interviewId} and returns why it was dead-lettered. */
  private String deadLetterReasonOf(String interviewId, String data) {
    try (TopicWriter writer = new TopicWriter(bootstrapServers);
        TopicReader deadLetters = new TopicReader(bootstrapServers, "interview-events.dlq")) {
      writer.sendCloudEvent(
          "interview-events",
          interviewId,
          UUID.randomUUID().toString(),
          COMPLETED,
          interviewId,
          data);
      List<ConsumerRecord<String, String>> dead =
          deadLetters.awaitMatching(r -> interviewId.equals(r.key()), 1, Duration.ofSeconds(30));
      assertThat(dead).hasSize(1);
      return TopicReader.header(dead.get(0), "dead-letter-reason");
    }
  }

  @Test
  void malformedOptionalAttributeStopsNothingAndAMissingOneIsDeadLettered() {
    String interviewId = UUID.randomUUID().toString();
    String candidateId = "cand-" + UUID.randomUUID();
    String headerless = UUID.randomUUID().toString();
    try (TopicWriter writer = new TopicWriter(bootstrapServers);
        TopicReader deadLetters = new TopicReader(bootstrapServers, "interview-events.dlq")) {
      writer.sendRaw("interview-events", headerless, "{}");
      writer.sendCloudEvent(
          "interview-events",
          interviewId,
          UUID.randomUUID().toString(),
          COMPLETED,
          interviewId,
          TestData.interviewCompletedJson(interviewId, candidateId),
          java.util.Map.of("ce_time", "last tuesday"));

      List<ConsumerRecord<String, String>> dead =
          deadLetters.awaitMatching(r -> headerless.equals(r.key()), 1, Duration.ofSeconds(30));
      assertThat(dead).hasSize(1);
      assertThat(TopicReader.header(dead.get(0), "dead-letter-reason"))
          .contains("Not a CloudEvent");
    }
    awaitPlannedSteps(candidateId, interviewId, 2);
  }

  private static List<String> thankYouIds(String candidateId, String interviewId) {
    return Tokens.asCandidate(candidateId)
        .get("/interviews/{id}/steps", interviewId)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("findAll { it.kind == 'THANK_YOU_EMAIL' }.id");
  }

  /** Waits until the interview's thank-you steps are planned. */
  private static void awaitPlannedSteps(String candidateId, String interviewId, int count) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        Tokens.asCandidate(candidateId)
                            .get("/interviews/{id}/steps", interviewId)
                            .then()
                            .extract()
                            .jsonPath()
                            .getList("findAll { it.kind == 'THANK_YOU_EMAIL' }.id"))
                    .hasSize(count));
  }
}
