package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.AsyncApiDocument;
import dev.followup.infra.EventContract;
import dev.followup.infra.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The events the service emits about its deliveries honour their published JSON Schemas, carry
 * their CloudEvent attributes and the candidate as record key, come once per outcome, and are
 * listed in the AsyncAPI document.
 */
@QuarkusTest
class NotificationEventsContractTest {

  static final String TOPIC = "notification-events";
  static final Map<String, String> SCHEMAS =
      Map.of(
          "dev.followup.notification.sent.v1", "/schemas/notification.sent.v1.json",
          "dev.followup.notification.failed.v1", "/schemas/notification.failed.v1.json");

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  final FollowUpEvents events = FollowUpEvents.shared();
  final ObjectMapper objectMapper = new ObjectMapper();

  @Test
  void aFailureWithFallbackAndTheSendAreAnnouncedOnceEachAndHonourTheirSchemas() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    // SMS first without a phone number: it fails for good and email takes over.
    ChannelRoutingTest.savePreferences(
        candidateId, "{\"channels\": {\"drafts\": [\"SMS\", \"EMAIL\"]}}");
    UUID stepId = UUID.randomUUID();
    String followUpEventId = stepId + ":1";
    events.publish(
        candidateId,
        followUpEventId,
        stepId.toString(),
        FollowUpEvents.thankYouDue(stepId, candidateId, candidateId + "@example.com"));

    List<ConsumerRecord<String, String>> records;
    try (TopicReader reader = new TopicReader(bootstrapServers, TOPIC)) {
      reader.awaitMatching(r -> candidateId.equals(r.key()), 2, FollowUpDueDeliveryTest.WAIT);
      // Then a few more seconds: nothing more comes, each outcome is announced once.
      records = reader.readFor(r -> candidateId.equals(r.key()), Duration.ofSeconds(3));
    }
    assertThat(records).as("exactly a failure and a send").hasSize(2);

    ConsumerRecord<String, String> failed = records.get(0);
    ConsumerRecord<String, String> sent = records.get(1);
    assertThat(TopicReader.header(failed, "ce_type"))
        .isEqualTo("dev.followup.notification.failed.v1");
    assertThat(TopicReader.header(sent, "ce_type")).isEqualTo("dev.followup.notification.sent.v1");
    for (ConsumerRecord<String, String> record : records) {
      String type = TopicReader.header(record, "ce_type");
      assertThat(EventContract.fromClasspath(SCHEMAS.get(type)).violations(record.value()))
          .as(type + ": " + record.value())
          .isEmpty();
      assertThat(TopicReader.header(record, "ce_specversion")).isEqualTo("1.0");
      assertThat(TopicReader.header(record, "ce_source"))
          .isEqualTo("urn:followup:notification-service");
      assertThat(TopicReader.header(record, "ce_subject")).isEqualTo(stepId.toString());
      JsonNode data = objectMapper.readTree(record.value());
      assertThat(data.path("followUpEventId").asText()).isEqualTo(followUpEventId);
      assertThat(data.path("candidateId").asText()).isEqualTo(candidateId);
      assertThat(TopicReader.header(record, "ce_id"))
          .isEqualTo(
              data.path("deliveryId").asText() + (type.endsWith("sent.v1") ? ":sent" : ":failed"));
      assertThat(record.value()).doesNotContain("@example.com");
    }
    JsonNode failure = objectMapper.readTree(failed.value());
    assertThat(failure.path("channel").asText()).isEqualTo("SMS");
    assertThat(failure.path("fallbackChannel").asText()).isEqualTo("EMAIL");
    assertThat(failure.path("reason").asText()).contains("phone number");
    assertThat(objectMapper.readTree(sent.value()).path("channel").asText()).isEqualTo("EMAIL");
  }

  @Test
  void theAsyncApiDocumentListsEveryTypeAndSchema() {
    AsyncApiDocument document = AsyncApiDocument.fromClasspath("/asyncapi.yaml");

    assertThat(document.version()).isEqualTo("3.0.0");
    // What it publishes, each type with its own schema; beside it, the topics it reads.
    Map<String, String> published = new java.util.TreeMap<>();
    SCHEMAS.forEach((type, schema) -> published.put(type, schema.substring(1)));
    assertThat(document.channels().get(TOPIC)).isEqualTo(published);
    assertThat(document.channels().keySet())
        .containsExactlyInAnyOrder(TOPIC, "follow-ups-due", "interview-events");
    assertThat(document.channels().get("follow-ups-due"))
        .containsOnlyKeys("dev.followup.schedule.follow-up-due.v1");
    assertThat(document.channels().get("interview-events"))
        .containsOnlyKeys("dev.followup.candidate.erased.v1");
    SCHEMAS
        .values()
        .forEach(schema -> assertThat(getClass().getResource(schema)).as(schema).isNotNull());
  }
}
