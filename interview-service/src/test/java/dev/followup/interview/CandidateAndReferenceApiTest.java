package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CandidateAndReferenceApiTest {

  private static final String PROFILE =
      """
      {"name": "Sam Rivera", "email": "sam@example.com", "timeZone": "Europe/Paris",
       "locale": "fr-FR"}
      """;

  @Test
  void theProfileIsCreatedThenReplacedWithItsETag() {
    String candidateId = "cand-" + UUID.randomUUID();
    String token = Fixtures.token(Fixtures.TENANT, candidateId);
    as(token).get("/candidate").then().statusCode(404).contentType("application/problem+json");
    String etag =
        as(token)
            .contentType(ContentType.JSON)
            .body(PROFILE)
            .put("/candidate")
            .then()
            .statusCode(201)
            .body("id", equalTo(candidateId))
            .body("locale", equalTo("fr-FR"))
            .extract()
            .header("ETag");
    as(token)
        .contentType(ContentType.JSON)
        .body(PROFILE)
        .put("/candidate")
        .then()
        .statusCode(428)
        .contentType("application/problem+json");
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", etag)
        .body(PROFILE.replace("Europe/Paris", "Europe/Berlin"))
        .put("/candidate")
        .then()
        .statusCode(200)
        .body("timeZone", equalTo("Europe/Berlin"));
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", etag)
        .body(PROFILE)
        .put("/candidate")
        .then()
        .statusCode(412);
    as(token).get("/candidate").then().body("timeZone", equalTo("Europe/Berlin"));
  }

  @Test
  void referencesAreAddedListedReplacedAndRemoved() {
    String token = Fixtures.newCandidate();
    String jordan =
        as(token)
            .contentType(ContentType.JSON)
            .body(
                "{\"name\": \"Jordan Blake\", \"email\": \"jordan@example.com\","
                    + " \"relation\": \"Former manager\"}")
            .post("/references")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"name\": \"Alex Kim\", \"phone\": \"+44 20 7946 0958\", \"relation\": \"Peer\"}")
        .post("/references")
        .then()
        .statusCode(201);
    as(token).get("/references").then().body("items.name", contains("Alex Kim", "Jordan Blake"));
    as(token).queryParam("name", "jor").get("/references").then().body("total", equalTo(1));

    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", "\"0\"")
        .body(
            "{\"name\": \"Jordan Blake\", \"email\": \"jordan@example.com\","
                + " \"relation\": \"Former manager at Initech\"}")
        .put("/references/{id}", jordan)
        .then()
        .statusCode(200)
        .header("ETag", "\"1\"")
        .body("relation", equalTo("Former manager at Initech"));
    as(token).delete("/references/{id}", jordan).then().statusCode(204);
    as(token).get("/references/{id}", jordan).then().statusCode(404);
  }
}
