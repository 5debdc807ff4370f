package dev.followup.interview;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
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
        "candidate.email    | \"email\": \"sam@example.com\"            | \"email\": \"not-an-email\"",
        "candidate.timeZone | \"timeZone\": \"America/Chicago\"         | \"timeZone\": \"Mars/Olympus\"",
        "company            | \"company\": \"Acme Corp\"                | \"company\": \"  \"",
        "interviewers[1].topics | \"topics\": [\"on-call culture\", \"Kafka\"] | \"topics\": []",
        "interviewers[0].email  | \"dana@acme.example\"                 | \"dana-at-acme\"",
      })
  void invalidFieldIsNamed(String field, String valid, String invalid) {
    String candidateId = "cand-" + UUID.randomUUID();
    String body = InterviewApiTest.interviewBody(candidateId).replace(valid, invalid);
    assertThat(body).contains(invalid);

    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/interviews")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400))
        .body("violations.field", hasItem(field))
        .body("detail", containsString(field));

    assertThat(candidateCount(candidateId)).isZero();
  }

  @Test
  void malformedJsonIsAProblem() {
    given()
        .contentType(ContentType.JSON)
        .body("{\"candidate\": {\"id\": ")
        .post("/interviews")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", equalTo("Unreadable request body"));
  }

  @Test
  void wrongTypeNamesTheField() {
    String candidateId = "cand-" + UUID.randomUUID();
    String body =
        InterviewApiTest.interviewBody(candidateId)
            .replace("\"2026-11-24T15:30:00\"", "\"yesterday afternoon\"");
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/interviews")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("endsAt"));
    assertThat(candidateCount(candidateId)).isZero();
  }

  @Test
  void missingBodyIsAProblem() {
    given()
        .contentType(ContentType.JSON)
        .post("/interviews")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  private long candidateCount(String id) {
    return ((Number)
            entityManager
                .createNativeQuery("select count(*) from candidate where id = :id")
                .setParameter("id", id)
                .getSingleResult())
        .longValue();
  }
}
