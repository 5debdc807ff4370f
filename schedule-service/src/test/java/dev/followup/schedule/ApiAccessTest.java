package dev.followup.schedule;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.followup.infra.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A candidate sees and acts on their own steps only, within their tenant: anyone else's answer 404
 * as if they did not exist, and change nothing. A tenant's policy is its administrators'; a
 * candidate's is theirs and their administrators'. No valid token, 401.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAccessTest {

  private static final String OTHER_TENANT = "tenant-other";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  private final String owner = "cand-" + UUID.randomUUID();
  private final String stranger = "cand-" + UUID.randomUUID();
  private final String interviewId = UUID.randomUUID().toString();
  private final String opportunityId = "opp-" + UUID.randomUUID();
  private String checkIn;

  /** Runs first in every test (the application is not up yet when {@code @BeforeAll} runs). */
  @BeforeEach
  void ownerHasAPlan() {
    if (checkIn != null) {
      return;
    }
    try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
      writer.sendCloudEvent(
          "interview-events",
          opportunityId,
          UUID.randomUUID().toString(),
          TestData.COMPLETED,
          interviewId,
          TestData.interviewCompletedJson(interviewId, owner)
              .replace(
                  "\"interviewId\"",
                  "\"opportunityId\": \"" + opportunityId + "\", \"interviewId\""));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Tokens.asCandidate(owner).get("/interviews/{id}/steps", interviewId).statusCode()
                    == 200);
    checkIn =
        Tokens.asCandidate(owner)
            .get("/interviews/{id}/steps", interviewId)
            .then()
            .extract()
            .path("find { it.kind == 'CHECK_IN' }.id");
  }

  @Test
  void withoutAValidTokenEveryEndpointAnswers401AndHealthStaysOpen() {
    given()
        .get("/interviews/{id}/steps", interviewId)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer")
        .body("status", equalTo(401));
    given().get("/opportunities/{id}/steps", opportunityId).then().statusCode(401);
    given().post("/steps/{id}/done", checkIn).then().statusCode(401);
    given()
        .contentType(ContentType.JSON)
        .body(TestData.interviewCompletedJson(UUID.randomUUID().toString(), owner))
        .post("/plans/preview")
        .then()
        .statusCode(401);
    given().get("/policy/tenants/{id}", Tokens.TENANT).then().statusCode(401);
    given().get("/policy/candidates/{id}", owner).then().statusCode(401);

    Tokens.as(signedWithAnotherKey(owner))
        .get("/interviews/{id}/steps", interviewId)
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    Tokens.as(Tokens.token(" ", owner, java.util.Set.of()))
        .get("/interviews/{id}/steps", interviewId)
        .then()
        .statusCode(401);

    given().get("/q/health/ready").then().statusCode(200);
  }

  @Test
  void theOwnerSeesAndActsOnTheirSteps() {
    List<String> ids =
        Tokens.asCandidate(owner)
            .get("/opportunities/{id}/steps", opportunityId)
            .then()
            .statusCode(200)
            .extract()
            .path("id");
    assertThat(ids).contains(checkIn);
    Tokens.asCandidate(owner)
        .contentType(ContentType.JSON)
        .body("{\"until\": \"" + Instant.now().plus(Duration.ofDays(30)) + "\"}")
        .post("/steps/{id}/snooze", checkIn)
        .then()
        .statusCode(200)
        .body("revision", equalTo(2));
  }

  @Test
  void anotherCandidatesOrTenantsStepsAreNotFoundAndStayUnchanged() {
    for (String token :
        List.of(
            Tokens.candidate(Tokens.TENANT, stranger),
            Tokens.candidate(OTHER_TENANT, owner),
            Tokens.tenantAdmin(Tokens.TENANT))) {
      Tokens.as(token)
          .get("/interviews/{id}/steps", interviewId)
          .then()
          .statusCode(404)
          .contentType("application/problem+json");
      Tokens.as(token).get("/opportunities/{id}/steps", opportunityId).then().statusCode(404);
      Tokens.as(token).post("/steps/{id}/skip", checkIn).then().statusCode(404);
      Tokens.as(token).post("/steps/{id}/done", checkIn).then().statusCode(404);
      Tokens.as(token)
          .contentType(ContentType.JSON)
          .body("{\"until\": \"" + Instant.now().plus(Duration.ofDays(1)) + "\"}")
          .post("/steps/{id}/snooze", checkIn)
          .then()
          .statusCode(404);
    }
    String status =
        Tokens.asCandidate(owner)
            .get("/interviews/{id}/steps", interviewId)
            .then()
            .extract()
            .path("find { it.id == '" + checkIn + "' }.status");
    assertThat(status).isEqualTo("PENDING");
  }

  @Test
  void aTenantsPolicyIsItsAdministratorsOnly() {
    String settings = "{\"checkIns\": \"patient\"}";
    Tokens.asCandidate(owner)
        .contentType(ContentType.JSON)
        .body(settings)
        .put("/policy/tenants/{id}", Tokens.TENANT)
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    Tokens.asCandidate(owner).get("/policy/tenants/{id}", Tokens.TENANT).then().statusCode(403);
    Tokens.as(Tokens.tenantAdmin(OTHER_TENANT))
        .contentType(ContentType.JSON)
        .body(settings)
        .put("/policy/tenants/{id}", Tokens.TENANT)
        .then()
        .statusCode(403);

    String tenant = "tenant-" + UUID.randomUUID();
    Tokens.as(Tokens.tenantAdmin(tenant))
        .contentType(ContentType.JSON)
        .body(settings)
        .put("/policy/tenants/{id}", tenant)
        .then()
        .statusCode(200);
    Tokens.as(Tokens.tenantAdmin(tenant))
        .get("/policy/tenants/{id}", tenant)
        .then()
        .statusCode(200)
        .body("checkIns", equalTo("patient"));
  }

  @Test
  void aCandidatesPolicyIsTheirsAndTheirTenantAdministratorsWithinTheTenant() {
    String candidate = "cand-" + UUID.randomUUID();
    Tokens.as(Tokens.candidate(Tokens.TENANT, stranger))
        .contentType(ContentType.JSON)
        .body("{\"checkIns\": \"measured\"}")
        .put("/policy/candidates/{id}", candidate)
        .then()
        .statusCode(403);
    Tokens.as(Tokens.candidate(Tokens.TENANT, stranger))
        .get("/policy/candidates/{id}", candidate)
        .then()
        .statusCode(403);

    Tokens.as(Tokens.tenantAdmin(Tokens.TENANT))
        .contentType(ContentType.JSON)
        .body("{\"checkIns\": \"measured\"}")
        .put("/policy/candidates/{id}", candidate)
        .then()
        .statusCode(200);
    Tokens.asCandidate(candidate)
        .get("/policy/candidates/{id}", candidate)
        .then()
        .statusCode(200)
        .body("checkIns", equalTo("measured"));
    // The same candidate id in another tenant is someone else, with settings of their own.
    Tokens.as(Tokens.candidate(OTHER_TENANT, candidate))
        .get("/policy/candidates/{id}", candidate)
        .then()
        .statusCode(200)
        .body("checkIns", org.hamcrest.Matchers.nullValue());
  }

  /** A well-formed token that the platform's key did not sign. */
  private static String signedWithAnotherKey(String candidateId) throws IllegalStateException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return Jwt.issuer("urn:followup:platform")
          .subject(candidateId)
          .claim("tenant", Tokens.TENANT)
          .expiresAt(Instant.now().plusSeconds(600))
          .jws()
          .algorithm(SignatureAlgorithm.RS256)
          .sign(generator.generateKeyPair().getPrivate());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
