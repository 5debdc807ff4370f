package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpportunityApiTest {

  @Test
  void anOpportunityKeepsItsJobDescriptionAndIsChangedWithItsETag() {
    String token = Fixtures.newCandidate();
    String id = Fixtures.opportunity(token, "Acme Corp");
    String etag =
        as(token)
            .get("/opportunities/{id}", id)
            .then()
            .statusCode(200)
            .body("status", equalTo("OPEN"))
            .body("jobDescription.contentType", equalTo("text/markdown"))
            .body("jobDescription.content", equalTo("# Backend engineer\nKafka, PostgreSQL."))
            .extract()
            .header("ETag");

    as(token)
        .contentType(ContentType.JSON)
        .body("{\"status\": \"ON_HOLD\"}")
        .patch("/opportunities/{id}", id)
        .then()
        .statusCode(428)
        .contentType("application/problem+json");
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", etag)
        .body("{\"status\": \"ON_HOLD\", \"role\": \"Staff engineer\"}")
        .patch("/opportunities/{id}", id)
        .then()
        .statusCode(200)
        .body("status", equalTo("ON_HOLD"))
        .body("role", equalTo("Staff engineer"))
        .body("company", equalTo("Acme Corp"));
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", etag)
        .body("{\"role\": \"Principal engineer\"}")
        .patch("/opportunities/{id}", id)
        .then()
        .statusCode(412)
        .contentType("application/problem+json");
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", "*")
        .body("{\"status\": \"CLOSED\"}")
        .patch("/opportunities/{id}", id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void aFinalOutcomeClosesTheOpportunity() {
    String token = Fixtures.newCandidate();
    String id = Fixtures.opportunity(token, "Acme Corp");
    String etag =
        as(token)
            .contentType(ContentType.JSON)
            .header("If-Match", "\"0\"")
            .body("{\"outcome\": \"OFFER\"}")
            .put("/opportunities/{id}/outcome", id)
            .then()
            .statusCode(200)
            .body("outcome", equalTo("OFFER"))
            .body("status", equalTo("OPEN"))
            .extract()
            .header("ETag");
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", etag)
        .body("{\"outcome\": \"ACCEPTED\", \"recordedAt\": \"2026-01-05T10:00:00Z\"}")
        .put("/opportunities/{id}/outcome", id)
        .then()
        .statusCode(200)
        .body("outcome", equalTo("ACCEPTED"))
        .body("status", equalTo("CLOSED"))
        .body("outcomeRecordedAt", equalTo("2026-01-05T10:00:00Z"));
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", "*")
        .body("{\"outcome\": \"REJECTED\"}")
        .put("/opportunities/{id}/outcome", id)
        .then()
        .statusCode(409);
    as(token)
        .contentType(ContentType.JSON)
        .body(Fixtures.interviewBody())
        .post("/opportunities/{id}/interviews", id)
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void listsFilterByStatusAndCompanyAndPage() {
    String token = Fixtures.newCandidate();
    Fixtures.opportunity(token, "Acme Corp");
    Fixtures.opportunity(token, "Globex");
    String initech = Fixtures.opportunity(token, "Initech");
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", "*")
        .body("{\"outcome\": \"REJECTED\"}")
        .put("/opportunities/{id}/outcome", initech)
        .then()
        .statusCode(200);

    as(token)
        .get("/opportunities")
        .then()
        .body("total", equalTo(3))
        .body("items.company", contains("Initech", "Globex", "Acme Corp"));
    as(token)
        .queryParam("status", "OPEN")
        .queryParam("size", 1)
        .get("/opportunities")
        .then()
        .body("total", equalTo(2))
        .body("items.company", contains("Globex"));
    as(token)
        .queryParam("company", "ACME")
        .get("/opportunities")
        .then()
        .body("items.company", contains("Acme Corp"));
    as(token)
        .queryParam("status", "SOMEDAY")
        .get("/opportunities")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void employerRepliesAreListedLatestFirst() {
    String token = Fixtures.newCandidate();
    String id = Fixtures.opportunity(token, "Acme Corp");
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"receivedAt\": \"2026-01-26T09:00:00Z\", \"summary\": \"Still deciding\"}")
        .post("/opportunities/{id}/replies", id)
        .then()
        .statusCode(201)
        .body("nextContactDate", nullValue());
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"receivedAt\": \"2026-01-28T09:00:00Z\", \"nextContactDate\": \"2026-12-07\"}")
        .post("/opportunities/{id}/replies", id)
        .then()
        .statusCode(201);
    as(token)
        .get("/opportunities/{id}/replies", id)
        .then()
        .body("total", equalTo(2))
        .body("items.nextContactDate", contains("2026-12-07", null));
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"receivedAt\": \"2999-01-01T00:00:00Z\"}")
        .post("/opportunities/{id}/replies", id)
        .then()
        .statusCode(400);
    as(token)
        .get("/opportunities/{id}/replies", UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void noOpportunityBeforeTheProfile() {
    as(Fixtures.token(Fixtures.TENANT, "cand-" + UUID.randomUUID()))
        .contentType(ContentType.JSON)
        .body("{\"company\": \"Acme Corp\", \"role\": \"Backend engineer\"}")
        .post("/opportunities")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }
}
