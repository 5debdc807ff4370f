package dev.followup.interview;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.EventContract;
import dev.followup.infra.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InterviewApiTest {

  @Inject EntityManager entityManager;
  @Inject ObjectMapper objectMapper;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  static String interviewBody(String candidateId) {
    return """
        {
          "candidate": {"id": "%s", "name": "Sam Rivera", "email": "sam@example.com",
                        "timeZone": "America/Chicago"},
          "company": "Acme Corp",
          "role": "Backend engineer",
          "endsAt": "2026-11-24T15:30:00",
          "timeZone": "America/New_York",
          "interviewers": [
            {"name": "Dana Lee", "email": "dana@acme.example", "topics": ["the billing migration"]},
            {"name": "Ari Cohen", "email": "ari@acme.example", "topics": ["on-call culture", "Kafka"]}
          ]
        }
        """
        .formatted(candidateId);
  }

  @Test
  void completingAnInterviewPublishesOneCloudEventKeyedByInterview() throws Exception {
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(interviewBody("cand-" + UUID.randomUUID()))
            .post("/interviews")
            .then()
            .statusCode(201)
            .header("Location", notNullValue())
            .body("status", equalTo("SCHEDULED"))
            .body("interviewers.name", hasItem("Dana Lee"))
            .extract()
            .path("id");

    given()
        .post("/interviews/{id}/completion", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("COMPLETED"));
    // A retried completion is accepted and changes nothing.
    given()
        .post("/interviews/{id}/completion", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("COMPLETED"));

    try (TopicReader reader = new TopicReader(bootstrapServers, "interview-events")) {
      List<ConsumerRecord<String, String>> events =
          reader.awaitMatching(r -> id.equals(r.key()), 1, Duration.ofSeconds(20));
      assertThat(events).hasSize(1);
      ConsumerRecord<String, String> event = events.get(0);
      assertThat(TopicReader.header(event, "ce_type"))
          .isEqualTo("dev.followup.interview.completed.v1");
      assertThat(TopicReader.header(event, "ce_specversion")).isEqualTo("1.0");
      assertThat(TopicReader.header(event, "ce_subject")).isEqualTo(id);
      assertThat(TopicReader.header(event, "ce_id")).isNotBlank();

      assertThat(
              EventContract.fromClasspath("/schemas/interview.completed.v1.json")
                  .violations(event.value()))
          .as("InterviewCompleted honours its published schema")
          .isEmpty();
      JsonNode data = objectMapper.readTree(event.value());
      assertThat(data.path("interviewId").asText()).isEqualTo(id);
      assertThat(data.path("timeZone").asText()).isEqualTo("America/New_York");
      assertThat(data.path("endedAt").asText()).isEqualTo("2026-11-24T15:30:00-05:00");
      assertThat(data.path("candidate").path("timeZone").asText()).isEqualTo("America/Chicago");
      assertThat(data.path("interviewers")).hasSize(2);
      assertThat(data.path("interviewers").get(1).path("topics").get(1).asText())
          .isEqualTo("Kafka");

      // Nothing more arrives for this interview: the second completion emitted nothing.
      assertThat(reader.readFor(r -> id.equals(r.key()), Duration.ofSeconds(1))).hasSize(1);
    }
    assertThat(outboxRowsAbout(id)).isEqualTo(1);
  }

  @Test
  void unknownInterviewIsAProblem() {
    given()
        .post("/interviews/{id}/completion", UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
  }

  private long outboxRowsAbout(String interviewId) {
    return ((Number)
            entityManager
                .createNativeQuery("select count(*) from outbox_event where subject = :id")
                .setParameter("id", interviewId)
                .getSingleResult())
        .longValue();
  }
}
