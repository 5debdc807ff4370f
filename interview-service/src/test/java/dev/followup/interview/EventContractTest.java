package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.AsyncApiDocument;
import dev.followup.infra.EventContract;
import dev.followup.infra.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every event type the service emits, produced through the public API, honours the JSON Schema
 * published for it, carries its CloudEvent attributes and the opportunity (the candidate, for an
 * erasure) as record key, and is listed in the AsyncAPI document.
 */
@QuarkusTest
class EventContractTest {

  /** Each type the service emits, with its published schema. */
  static final Map<String, String> SCHEMAS =
      Map.of(
          "dev.followup.interview.completed.v1", "/schemas/interview.completed.v1.json",
          "dev.followup.interview.rescheduled.v1", "/schemas/interview.rescheduled.v1.json",
          "dev.followup.interview.cancelled.v1", "/schemas/interview.cancelled.v1.json",
          "dev.followup.opportunity.outcome-recorded.v1",
              "/schemas/opportunity.outcome-recorded.v1.json",
          "dev.followup.opportunity.employer-replied.v1",
              "/schemas/opportunity.employer-replied.v1.json",
          "dev.followup.candidate.erased.v1", "/schemas/candidate.erased.v1.json");

  @Inject ObjectMapper objectMapper;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void everyOpportunityEventHonoursItsSchemaInOrder() throws Exception {
    String token = Fixtures.newCandidate();
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    String held = Fixtures.interview(token, opportunity);
    String moved = Fixtures.interview(token, opportunity);
    String dropped = Fixtures.interview(token, opportunity);

    as(token).post("/interviews/{id}/completion", held).then().statusCode(200);
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", "\"0\"")
        .body(Fixtures.interviewBody().replace("2026-11-24T15:30:00", "2026-11-24T16:00:00"))
        .put("/interviews/{id}", moved)
        .then()
        .statusCode(200);
    as(token).post("/interviews/{id}/cancellation", dropped).then().statusCode(200);
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"receivedAt\": \"2026-01-20T09:00:00Z\", \"nextContactDate\": \"2026-02-02\"}")
        .post("/opportunities/{id}/replies", opportunity)
        .then()
        .statusCode(201);
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", "*")
        .body("{\"outcome\": \"POSITION_FILLED\"}")
        .put("/opportunities/{id}/outcome", opportunity)
        .then()
        .statusCode(200);

    List<ConsumerRecord<String, String>> events;
    try (TopicReader reader = new TopicReader(bootstrapServers, "interview-events")) {
      events = reader.awaitMatching(r -> opportunity.equals(r.key()), 5, Duration.ofSeconds(20));
    }
    assertThat(events)
        .extracting(r -> TopicReader.header(r, "ce_type"))
        .containsExactly(
            "dev.followup.interview.completed.v1",
            "dev.followup.interview.rescheduled.v1",
            "dev.followup.interview.cancelled.v1",
            "dev.followup.opportunity.employer-replied.v1",
            "dev.followup.opportunity.outcome-recorded.v1");
    for (ConsumerRecord<String, String> event : events) {
      assertHonoursContract(event);
      JsonNode data = objectMapper.readTree(event.value());
      assertThat(data.path("opportunityId").asText()).isEqualTo(opportunity);
      assertThat(data.path("tenantId").asText()).isEqualTo(Fixtures.TENANT);
    }

    JsonNode rescheduled = objectMapper.readTree(events.get(1).value());
    assertThat(rescheduled.path("interviewId").asText()).isEqualTo(moved);
    assertThat(rescheduled.path("endsAt").asText()).isEqualTo("2026-11-24T16:00:00-05:00");
    assertThat(TopicReader.header(events.get(1), "ce_subject")).isEqualTo(moved);
    assertThat(objectMapper.readTree(events.get(2).value()).path("interviewId").asText())
        .isEqualTo(dropped);
    JsonNode replied = objectMapper.readTree(events.get(3).value());
    assertThat(replied.path("repliedAt").asText()).isEqualTo("2026-01-20T09:00:00Z");
    assertThat(replied.path("nextContactDate").asText()).isEqualTo("2026-02-02");
    assertThat(replied.has("summary")).isFalse();
    assertThat(objectMapper.readTree(events.get(4).value()).path("outcome").asText())
        .isEqualTo("POSITION_FILLED");
  }

  @Test
  void theErasureEventHonoursItsSchemaKeyedByTheCandidate() throws Exception {
    String token = Fixtures.newCandidate();
    String candidateId = Fixtures.subjectOf(token);
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    as(token)
        .post("/interviews/{id}/completion", Fixtures.interview(token, opportunity))
        .then()
        .statusCode(200);

    as(token).delete("/candidate").then().statusCode(204);

    List<ConsumerRecord<String, String>> events;
    try (TopicReader reader = new TopicReader(bootstrapServers, "interview-events")) {
      events = reader.awaitMatching(r -> candidateId.equals(r.key()), 1, Duration.ofSeconds(20));
    }
    assertThat(events).hasSize(1);
    ConsumerRecord<String, String> erased = events.get(0);
    assertHonoursContract(erased);
    assertThat(TopicReader.header(erased, "ce_type")).isEqualTo("dev.followup.candidate.erased.v1");
    assertThat(TopicReader.header(erased, "ce_subject")).isEqualTo(candidateId);
    JsonNode data = objectMapper.readTree(erased.value());
    assertThat(data.path("tenantId").asText()).isEqualTo(Fixtures.TENANT);
    assertThat(data.path("candidateId").asText()).isEqualTo(candidateId);
    assertThat(java.time.Instant.parse(data.path("erasedAt").asText()))
        .isCloseTo(
            java.time.Instant.now(),
            org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MINUTES));
  }

  @Test
  void theAsyncApiDocumentListsEveryTypeAndSchema() {
    AsyncApiDocument document = AsyncApiDocument.fromClasspath("/asyncapi.yaml");

    assertThat(document.version()).isEqualTo("3.0.0");
    Map<String, String> listed = new java.util.TreeMap<>();
    SCHEMAS.forEach((type, schema) -> listed.put(type, "." + schema));
    assertThat(document.channels()).isEqualTo(Map.of("interview-events", listed));
    SCHEMAS
        .values()
        .forEach(
            schema -> assertThat(EventContract.class.getResource(schema)).as(schema).isNotNull());
  }

  /** Schema, CloudEvent attributes, and a key that keeps related events in order. */
  static void assertHonoursContract(ConsumerRecord<String, String> event) {
    String type = TopicReader.header(event, "ce_type");
    assertThat(SCHEMAS).as("a published schema for " + type).containsKey(type);
    assertThat(EventContract.fromClasspath(SCHEMAS.get(type)).violations(event.value()))
        .as(type + " honours its published schema")
        .isEmpty();
    assertThat(TopicReader.header(event, "ce_specversion")).isEqualTo("1.0");
    assertThat(TopicReader.header(event, "ce_source")).isEqualTo("urn:followup:interview-service");
    assertThat(TopicReader.header(event, "ce_id")).isNotBlank();
    assertThat(TopicReader.header(event, "ce_subject")).isNotBlank();
    assertThat(event.key()).isNotBlank();
  }
}
