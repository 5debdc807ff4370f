package dev.followup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.followup.infra.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Tenants and candidates override the configured policy, and plans follow. */
@QuarkusTest
class PolicyTest {

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void aCandidatesOwnChoicesShapeTheirPlan() {
    String candidateId = "cand-" + UUID.randomUUID();
    Tokens.asCandidate(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"checkIns\": \"measured\", \"sendsThankYouEmails\": false}")
        .put("/policy/candidates/{id}", candidateId)
        .then()
        .statusCode(200)
        .body("checkIns", equalTo("measured"));
    Tokens.asCandidate(candidateId)
        .get("/policy/candidates/{id}", candidateId)
        .then()
        .body("sendsThankYouEmails", equalTo(false));

    String interviewId = UUID.randomUUID().toString();
    try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
      writer.sendCloudEvent(
          "interview-events",
          interviewId,
          UUID.randomUUID().toString(),
          TestData.COMPLETED,
          interviewId,
          TestData.interviewCompletedJson(interviewId, candidateId));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              List<String> kinds =
                  Tokens.asCandidate(candidateId)
                      .get("/interviews/{id}/steps", interviewId)
                      .then()
                      .extract()
                      .path("kind");
              assertThat(kinds).contains("THANK_YOU_CALL").doesNotContain("THANK_YOU_EMAIL");
              assertThat(kinds).filteredOn("CHECK_IN"::equals).hasSize(2);
            });
  }

  @Test
  void aTenantsSettingsApplyToItsCandidatesPreviews() {
    String tenantId = "tenant-" + UUID.randomUUID();
    Tokens.as(Tokens.tenantAdmin(tenantId))
        .contentType(ContentType.JSON)
        .body("{\"checkIns\": \"persistent\"}")
        .put("/policy/tenants/{id}", tenantId)
        .then()
        .statusCode(200);

    // The caller's tenant decides the policy, whatever tenant the body names.
    String candidateId = "cand-" + UUID.randomUUID();
    String body = TestData.interviewCompletedJson(UUID.randomUUID().toString(), candidateId);
    List<String> kinds =
        Tokens.as(Tokens.candidate(tenantId, candidateId))
            .contentType(ContentType.JSON)
            .body(body)
            .post("/plans/preview")
            .then()
            .statusCode(200)
            .extract()
            .path("kind");
    assertThat(kinds).filteredOn("CHECK_IN"::equals).hasSize(6);
  }

  @Test
  void aCandidatesOwnTimesShapeTheirPlanAndNoOneElses() {
    String own = "cand-" + UUID.randomUUID();
    Tokens.asCandidate(own)
        .contentType(ContentType.JSON)
        .body("{\"thankYouDelayMinutes\": 120, \"keepSearchingAfterDays\": 21}")
        .put("/policy/candidates/{id}", own)
        .then()
        .statusCode(200);
    String other = "cand-" + UUID.randomUUID();
    String body = TestData.interviewCompletedJson(UUID.randomUUID().toString(), own);
    Instant ended =
        java.time.OffsetDateTime.parse(
                io.restassured.path.json.JsonPath.from(body).getString("endedAt"))
            .toInstant();

    io.restassured.path.json.JsonPath ownPlan = preview(own, body);
    io.restassured.path.json.JsonPath otherPlan = preview(other, body);

    assertThat(dueOf(ownPlan, "THANK_YOU_EMAIL")).isEqualTo(ended.plus(Duration.ofMinutes(120)));
    assertThat(dueOf(otherPlan, "THANK_YOU_EMAIL")).isBefore(ended.plus(Duration.ofMinutes(120)));
    assertThat(dueOf(ownPlan, "KEEP_SEARCHING"))
        .isAfter(ended.plus(Duration.ofDays(20)))
        .isAfter(dueOf(otherPlan, "KEEP_SEARCHING"));
  }

  private static io.restassured.path.json.JsonPath preview(String candidateId, String body) {
    return Tokens.asCandidate(candidateId)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/plans/preview")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** When the first step of a kind is due in a previewed plan. */
  private static Instant dueOf(io.restassured.path.json.JsonPath plan, String kind) {
    return Instant.parse(plan.getString("find { it.kind == '" + kind + "' }.dueAt"));
  }

  @Test
  void settingsThePolicyCannotTakeAreProblems() {
    Tokens.asCandidate("cand-x")
        .contentType(ContentType.JSON)
        .body("{\"checkIns\": \"every-day\"}")
        .put("/policy/candidates/{id}", "cand-x")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("checkIns"));
    Tokens.as(Tokens.tenantAdmin("tenant-x"))
        .contentType(ContentType.JSON)
        .body("{\"businessStart\": \"18:00\", \"businessEnd\": \"09:00\"}")
        .put("/policy/tenants/{id}", "tenant-x")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    Tokens.asCandidate("cand-x")
        .contentType(ContentType.JSON)
        .body("{\"quietFrom\": \"late\"}")
        .put("/policy/candidates/{id}", "cand-x")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }
}
