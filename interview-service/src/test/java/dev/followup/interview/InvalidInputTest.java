package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad bodies get RFC 9457 problem details naming the field, and nothing is saved. */
@QuarkusTest
class InvalidInputTest {

  @Inject EntityManager entityManager;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "timeZone               | \"timeZone\": \"America/New_York\" | \"timeZone\": \"Mars/Olympus\"",
        "kind                   | \"kind\": \"ON_SITE\"              | \"kind\": null",
        "round                  | \"round\": 2                       | \"round\": 0",
        "endAfterStart          | \"startsAt\": \"2026-11-24T14:00:00\" | \"startsAt\": \"2026-11-24T16:00:00\"",
        "interviewers[1].topics | \"topics\": [\"on-call culture\", \"Kafka\"] | \"topics\": []",
        "interviewers[0].email  | \"dana@acme.example\"              | \"dana-at-acme\"",
        "interviewers[0].phone  | \"+1 212 555 0199\"                | \"call me maybe\"",
        "interviewers[0].preferredChannel | \"EMAIL\"                | \"CARRIER_PIGEON\"",
      })
  void invalidInterviewFieldIsNamed(String field, String valid, String invalid) {
    String token = Fixtures.newCandidate();
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    String body = Fixtures.interviewBody().replace(valid, invalid);
    assertThat(body).contains(invalid);

    as(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/opportunities/{id}/interviews", opportunity)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("violations.field", hasItem(field))
        .body("detail", containsString(field));

    assertThat(count("interview", opportunity)).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "email    | \"email\": \"sam@example.com\"    | \"email\": \"not-an-email\"",
        "timeZone | \"timeZone\": \"America/Chicago\" | \"timeZone\": \"Mars/Olympus\"",
        "locale   | \"locale\": \"en-US\"             | \"locale\": \"english please\"",
        "name     | \"name\": \"Sam Rivera\"          | \"name\": \"  \"",
      })
  void invalidProfileFieldIsNamed(String field, String valid, String invalid) {
    String body =
        """
        {"name": "Sam Rivera", "email": "sam@example.com", "timeZone": "America/Chicago",
         "locale": "en-US"}
        """
            .replace(valid, invalid);
    assertThat(body).contains(invalid);
    as(Fixtures.token(Fixtures.TENANT, "cand-invalid"))
        .contentType(ContentType.JSON)
        .body(body)
        .put("/candidate")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem(field));
    as(Fixtures.token(Fixtures.TENANT, "cand-invalid")).get("/candidate").then().statusCode(404);
  }

  @Test
  void aReferenceNeedsAWayToReachThem() {
    as(Fixtures.newCandidate())
        .contentType(ContentType.JSON)
        .body("{\"name\": \"Jordan Blake\", \"relation\": \"Former manager\"}")
        .post("/references")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("reachable"));
  }

  @Test
  void malformedJsonIsAProblem() {
    as(Fixtures.newCandidate())
        .contentType(ContentType.JSON)
        .body("{\"company\": ")
        .post("/opportunities")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", equalTo("Unreadable request body"));
  }

  @Test
  void wrongTypeNamesTheField() {
    String token = Fixtures.newCandidate();
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    String body =
        Fixtures.interviewBody().replace("\"2026-11-24T15:30:00\"", "\"yesterday afternoon\"");
    as(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/opportunities/{id}/interviews", opportunity)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("endsAt"));
    assertThat(count("interview", opportunity)).isZero();
  }

  @Test
  void missingBodyIsAProblem() {
    as(Fixtures.newCandidate())
        .contentType(ContentType.JSON)
        .post("/opportunities")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void unknownPathAndWrongMethodAreProblems() {
    String token = Fixtures.newCandidate();
    as(token).get("/no-such-thing").then().statusCode(404).contentType("application/problem+json");
    as(token)
        .delete("/opportunities")
        .then()
        .statusCode(405)
        .contentType("application/problem+json");
  }

  private long count(String table, String opportunityId) {
    return ((Number)
            entityManager
                .createNativeQuery(
                    "select count(*) from " + table + " where opportunity_id = cast(:id as uuid)")
                .setParameter("id", opportunityId)
                .getSingleResult())
        .longValue();
  }
}
