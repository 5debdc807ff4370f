package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code POST /interviews/{id}/thank-you-review} through the API, with the real dictionary. */
@QuarkusTest
class ThankYouReviewApiTest {

  @Test
  void findsTheTypoAndTheNoteWithoutItsTopicSayingWhere() {
    String token = Fixtures.newCandidate();
    String interview = Fixtures.interview(token, Fixtures.opportunity(token, "Acme Corp"));
    String dana = as(token).get("/interviews/{id}", interview).path("interviewers[0].id");
    String ari = as(token).get("/interviews/{id}", interview).path("interviewers[1].id");
    String toDana =
        "Dear Dana, thank you for the intresting talk about the billing migration. Sam Rivera";

    as(token)
        .contentType(ContentType.JSON)
        .body(
            """
            {"drafts": [{"interviewerId": "%s", "text": "%s"},
                        {"interviewerId": "%s", "text": "Ari, thank you for meeting me at Acme."}]}
            """
                .formatted(dana, toDana, ari))
        .post("/interviews/{id}/thank-you-review", interview)
        .then()
        .statusCode(200)
        .body("findings", hasSize(2))
        .body("findings[0].kind", equalTo("SPELLING"))
        .body("findings[0].draft", equalTo(0))
        .body("findings[0].interviewerId", equalTo(dana))
        .body("findings[0].word", equalTo("intresting"))
        .body("findings[0].offset", equalTo(toDana.indexOf("intresting")))
        .body("findings[0].suggestions", hasItem("interesting"))
        .body("findings[1].kind", equalTo("NO_TOPIC"))
        .body("findings[1].draft", equalTo(1))
        .body("findings[1].interviewerId", equalTo(ari))
        .body("findings[1].topics", contains("on-call culture", "Kafka"));
  }

  @Test
  void theSameNoteToTwoInterviewersIsFound() {
    String token = Fixtures.newCandidate();
    String interview = Fixtures.interview(token, Fixtures.opportunity(token, "Acme Corp"));
    String dana = as(token).get("/interviews/{id}", interview).path("interviewers[0].id");
    String ari = as(token).get("/interviews/{id}", interview).path("interviewers[1].id");
    String note =
        "Dear %s, thank you for the talk about Kafka and the billing migration and on-call"
            + " culture. I look forward to hearing from you.";

    as(token)
        .contentType(ContentType.JSON)
        .body(
            """
            {"drafts": [{"interviewerId": "%s", "text": "%s"},
                        {"interviewerId": "%s", "text": "%s"}]}
            """
                .formatted(dana, note.formatted("Dana"), ari, note.formatted("Ari")))
        .post("/interviews/{id}/thank-you-review", interview)
        .then()
        .statusCode(200)
        .body("findings", hasSize(1))
        .body("findings[0].kind", equalTo("SAME_TEXT"))
        .body("findings[0].otherDraft", equalTo(1))
        .body("findings[0].otherInterviewerId", equalTo(ari))
        .body("findings[0].similarity", equalTo(1.0f));
  }

  @Test
  void invalidDraftsAndStrangersAreRefused() {
    String token = Fixtures.newCandidate();
    String interview = Fixtures.interview(token, Fixtures.opportunity(token, "Acme Corp"));

    as(token)
        .contentType(ContentType.JSON)
        .body("{\"drafts\": []}")
        .post("/interviews/{id}/thank-you-review", interview)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("drafts"));
    as(token)
        .contentType(ContentType.JSON)
        .body(
            "{\"drafts\": [{\"interviewerId\": \"%s\", \"text\": \" \"}]}"
                .formatted(UUID.randomUUID()))
        .post("/interviews/{id}/thank-you-review", interview)
        .then()
        .statusCode(400)
        .body("violations.field", hasItem("drafts[0].text"));
    as(token)
        .contentType(ContentType.JSON)
        .body(
            "{\"drafts\": [{\"interviewerId\": \"%s\", \"text\": \"Thanks!\"}]}"
                .formatted(UUID.randomUUID()))
        .post("/interviews/{id}/thank-you-review", interview)
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }
}
