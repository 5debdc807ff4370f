package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.EventContract;
import dev.followup.infra.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
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

  @Test
  void completingAnInterviewPublishesOneCloudEvent() throws Exception {
    String token = Fixtures.newCandidate();
    as(token)
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \"Jordan Blake\", \"email\": \"jordan@example.com\","
                + " \"relation\": \"Former manager\"}")
        .post("/references")
        .then()
        .statusCode(201);
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    String id =
        as(token)
            .contentType(ContentType.JSON)
            .body(Fixtures.interviewBody())
            .post("/opportunities/{id}/interviews", opportunity)
            .then()
            .statusCode(201)
            .header("Location", notNullValue())
            .header("ETag", "\"0\"")
            .body("status", equalTo("SCHEDULED"))
            .body("opportunityId", equalTo(opportunity))
            .body("company", equalTo("Acme Corp"))
            .body("interviewers.name", hasItem("Dana Lee"))
            .body("interviewers[0].title", equalTo("Engineering manager"))
            .body("interviewers[0].preferredChannel", equalTo("EMAIL"))
            .body("nextSteps.mayCallOn", equalTo("2026-12-07"))
            .extract()
            .path("id");

    as(token)
        .post("/interviews/{id}/completion", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("COMPLETED"));
    // A retried completion is accepted and changes nothing.
    as(token)
        .post("/interviews/{id}/completion", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("COMPLETED"));

    try (TopicReader reader = new TopicReader(bootstrapServers, "interview-events")) {
      // Keyed by the opportunity: its events keep their order.
      List<ConsumerRecord<String, String>> events =
          reader.awaitMatching(r -> opportunity.equals(r.key()), 1, Duration.ofSeconds(20));
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
      assertThat(data.path("company").asText()).isEqualTo("Acme Corp");
      assertThat(data.path("timeZone").asText()).isEqualTo("America/New_York");
      assertThat(data.path("endedAt").asText()).isEqualTo("2026-11-24T15:30:00-05:00");
      assertThat(data.path("candidate").path("timeZone").asText()).isEqualTo("America/Chicago");
      assertThat(data.path("interviewers")).hasSize(2);
      assertThat(data.path("interviewers").get(1).path("topics").get(1).asText())
          .isEqualTo("Kafka");
      assertThat(data.path("tenantId").asText()).isEqualTo(Fixtures.TENANT);
      assertThat(data.path("opportunityId").asText()).isEqualTo(opportunity);
      assertThat(data.path("round").asInt()).isEqualTo(2);
      assertThat(data.path("kind").asText()).isEqualTo("ON_SITE");
      assertThat(data.path("finalRound").asBoolean()).isTrue();
      assertThat(data.path("nextSteps").path("mayCallOn").asText()).isEqualTo("2026-12-07");
      assertThat(data.path("nextSteps").path("weWillContactYou").asBoolean()).isFalse();
      JsonNode dana = data.path("interviewers").get(0);
      assertThat(dana.path("title").asText()).isEqualTo("Engineering manager");
      assertThat(dana.path("phone").asText()).isEqualTo("+1 212 555 0199");
      assertThat(dana.path("timeZone").asText()).isEqualTo("America/New_York");
      assertThat(dana.path("preferredChannel").asText()).isEqualTo("EMAIL");
      assertThat(data.path("interviewers").get(1).has("title")).isFalse();
      assertThat(data.path("candidate").path("locale").asText()).isEqualTo("en-US");
      assertThat(data.path("candidate").path("phone").asText()).isEqualTo("+1 312 555 0142");
      // A final round: the references come along, for the reference alert.
      assertThat(data.path("references")).hasSize(1);
      assertThat(data.path("references").get(0).path("relation").asText())
          .isEqualTo("Former manager");

      // Nothing more arrives for this interview: the second completion emitted nothing.
      assertThat(reader.readFor(r -> opportunity.equals(r.key()), Duration.ofSeconds(1)))
          .hasSize(1);
    }
    // Once on the topic, the event leaves the outbox.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> outboxRowsAbout(id, "dev.followup.interview.completed.v1") == 0);
  }

  @Test
  void replacingKeepsTheIdsOfInterviewersStillListedAndNeedsTheCurrentVersion() {
    String token = Fixtures.newCandidate();
    String id = Fixtures.interview(token, Fixtures.opportunity(token, "Acme Corp"));
    ExtractableResponse<Response> read = as(token).get("/interviews/{id}", id).then().extract();
    String etag = read.header("ETag");
    String danaId = read.path("interviewers[0].id");

    String replacement =
        Fixtures.interviewBody()
            .replace("\"name\": \"Dana Lee\"", "\"id\": \"" + danaId + "\", \"name\": \"Dana Lee\"")
            .replace(
                ",\n    {\"name\": \"Ari Cohen\", \"email\": \"ari@acme.example\", \"topics\":"
                    + " [\"on-call culture\", \"Kafka\"]}",
                "")
            .replace("\"round\": 2", "\"round\": 3");
    assertThat(replacement).doesNotContain("Ari Cohen");

    as(token)
        .contentType(ContentType.JSON)
        .body(replacement)
        .put("/interviews/{id}", id)
        .then()
        .statusCode(428)
        .contentType("application/problem+json");
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", etag)
        .body(replacement)
        .put("/interviews/{id}", id)
        .then()
        .statusCode(200)
        .header("ETag", equalTo("\"1\""))
        .body("round", equalTo(3))
        .body("interviewers.id", contains(danaId));
    // The same stale version again: someone else's change would be lost.
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", etag)
        .body(replacement)
        .put("/interviews/{id}", id)
        .then()
        .statusCode(412)
        .contentType("application/problem+json")
        .body("status", equalTo(412));
  }

  @Test
  void listsAreFilteredAndPaged() {
    String token = Fixtures.newCandidate();
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    String first = Fixtures.interview(token, opportunity);
    Fixtures.interview(token, opportunity);
    Fixtures.interview(token, opportunity);
    as(token).post("/interviews/{id}/cancellation", first).then().statusCode(200);

    as(token)
        .queryParam("size", 2)
        .get("/opportunities/{id}/interviews", opportunity)
        .then()
        .statusCode(200)
        .body("total", equalTo(3))
        .body("items.size()", equalTo(2))
        .body("size", equalTo(2));
    as(token)
        .queryParam("size", 2)
        .queryParam("page", 1)
        .get("/interviews")
        .then()
        .body("items.size()", equalTo(1));
    as(token)
        .queryParam("status", "CANCELLED")
        .get("/interviews")
        .then()
        .body("total", equalTo(1))
        .body("items[0].id", equalTo(first));
    as(token)
        .queryParam("size", 101)
        .get("/interviews")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("size"));
  }

  @Test
  void theNextStepsMayComeWithTheCompletion() {
    String token = Fixtures.newCandidate();
    String id = Fixtures.interview(token, Fixtures.opportunity(token, "Acme Corp"));
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"nextSteps\": {\"expectedDecisionDate\": \"tomorrow\"}}")
        .post("/interviews/{id}/completion", id)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("nextSteps.expectedDecisionDate"));
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"nextSteps\": {\"weWillContactYou\": true, \"noFollowUpPolicy\": true}}")
        .post("/interviews/{id}/completion", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("COMPLETED"))
        .body("nextSteps.weWillContactYou", equalTo(true))
        .body("nextSteps.noFollowUpPolicy", equalTo(true))
        .body("nextSteps.mayCallOn", nullValue());
  }

  @Test
  void aCancelledInterviewCannotBeCompleted() {
    String token = Fixtures.newCandidate();
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    String id = Fixtures.interview(token, opportunity);
    as(token).post("/interviews/{id}/cancellation", id).then().statusCode(200);
    as(token)
        .post("/interviews/{id}/completion", id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
    try (TopicReader reader = new TopicReader(bootstrapServers, "interview-events")) {
      reader.awaitMatching(r -> opportunity.equals(r.key()), 1, Duration.ofSeconds(20));
      assertThat(reader.readFor(r -> opportunity.equals(r.key()), Duration.ofSeconds(1)))
          .extracting(r -> TopicReader.header(r, "ce_type"))
          .containsExactly("dev.followup.interview.cancelled.v1");
    }
  }

  @Test
  void unknownInterviewIsAProblem() {
    as(Fixtures.newCandidate())
        .post("/interviews/{id}/completion", UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
  }

  /** Read in a transaction of its own: awaited from another thread. */
  private long outboxRowsAbout(String interviewId, String type) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery(
                                "select count(*) from outbox_event where subject = :id"
                                    + " and type = :type")
                            .setParameter("id", interviewId)
                            .setParameter("type", type)
                            .getSingleResult())
                    .longValue());
  }
}
