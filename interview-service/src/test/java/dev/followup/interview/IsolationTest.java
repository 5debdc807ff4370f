package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A candidate reaches only their own data, within their tenant: every resource of someone else
 * answers 404, exactly as if it did not exist, and changes nothing. Without a valid token, 401.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationTest {

  private static final String REFERENCE =
      "{\"name\": \"Jordan Blake\", \"email\": \"jordan@example.com\", \"relation\": \"Peer\"}";
  private static final String REPLY = "{\"receivedAt\": \"2026-01-20T09:00:00Z\"}";

  private static final String ANOTHER_CANDIDATE = "another candidate";
  private static final String ANOTHER_TENANT = "another tenant";

  private final String strangerId = "cand-" + UUID.randomUUID();
  private String ownerToken;
  private String opportunity;
  private String interview;
  private String reference;

  /** One request against the owner's resources, sent with the given client. */
  record Call(String name, BiFunction<RequestSpecification, IsolationTest, Response> send) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Runs first in every test (the application is not up yet when {@code @BeforeAll} runs). */
  @BeforeEach
  void ownerRecordsEverything() {
    if (ownerToken != null) {
      return;
    }
    String candidateId = "cand-" + UUID.randomUUID();
    ownerToken = Fixtures.newCandidate(Fixtures.TENANT, candidateId);
    opportunity = Fixtures.opportunity(ownerToken, "Acme Corp");
    interview = Fixtures.interview(ownerToken, opportunity);
    reference =
        as(ownerToken)
            .contentType(ContentType.JSON)
            .body(REFERENCE)
            .post("/references")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(ownerToken)
        .contentType(ContentType.JSON)
        .body(REPLY)
        .post("/opportunities/{id}/replies", opportunity)
        .then()
        .statusCode(201);
  }

  static Stream<Call> callsOnSomeoneElsesResources() {
    return Stream.of(
        new Call("GET opportunity", (c, t) -> c.get("/opportunities/{id}", t.opportunity)),
        new Call(
            "PATCH opportunity",
            (c, t) ->
                json(c)
                    .header("If-Match", "*")
                    .body("{\"role\": \"Taken over\"}")
                    .patch("/opportunities/{id}", t.opportunity)),
        new Call(
            "PUT outcome",
            (c, t) ->
                json(c)
                    .header("If-Match", "*")
                    .body("{\"outcome\": \"WITHDRAWN\"}")
                    .put("/opportunities/{id}/outcome", t.opportunity)),
        new Call(
            "POST interview",
            (c, t) ->
                json(c)
                    .body(Fixtures.interviewBody())
                    .post("/opportunities/{id}/interviews", t.opportunity)),
        new Call(
            "GET interviews of opportunity",
            (c, t) -> c.get("/opportunities/{id}/interviews", t.opportunity)),
        new Call(
            "POST reply",
            (c, t) -> json(c).body(REPLY).post("/opportunities/{id}/replies", t.opportunity)),
        new Call("GET replies", (c, t) -> c.get("/opportunities/{id}/replies", t.opportunity)),
        new Call("GET interview", (c, t) -> c.get("/interviews/{id}", t.interview)),
        new Call(
            "PUT interview",
            (c, t) ->
                json(c)
                    .header("If-Match", "*")
                    .body(Fixtures.interviewBody())
                    .put("/interviews/{id}", t.interview)),
        new Call(
            "complete interview", (c, t) -> c.post("/interviews/{id}/completion", t.interview)),
        new Call(
            "cancel interview", (c, t) -> c.post("/interviews/{id}/cancellation", t.interview)),
        new Call(
            "review thank-you drafts",
            (c, t) ->
                json(c)
                    .body(
                        "{\"drafts\": [{\"interviewerId\": \"%s\", \"text\": \"Thanks\"}]}"
                            .formatted(UUID.randomUUID()))
                    .post("/interviews/{id}/thank-you-review", t.interview)),
        new Call("GET reference", (c, t) -> c.get("/references/{id}", t.reference)),
        new Call(
            "PUT reference",
            (c, t) ->
                json(c)
                    .header("If-Match", "*")
                    .body(REFERENCE)
                    .put("/references/{id}", t.reference)),
        new Call("DELETE reference", (c, t) -> c.delete("/references/{id}", t.reference)));
  }

  static Stream<Arguments> strangers() {
    return callsOnSomeoneElsesResources()
        .flatMap(
            call ->
                Stream.of(
                    Arguments.of(ANOTHER_CANDIDATE, call), Arguments.of(ANOTHER_TENANT, call)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("strangers")
  void someoneElsesResourceIsNotFound(String who, Call call) {
    String token =
        who.equals(ANOTHER_CANDIDATE)
            ? Fixtures.newCandidateIfAbsent(Fixtures.TENANT, strangerId)
            // The same candidate id, issued by another tenant: a different person.
            : Fixtures.newCandidateIfAbsent("other-" + Fixtures.TENANT, ownerSubject());
    call.send()
        .apply(as(token), this)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404));
    assertOwnerDataUnchanged();
  }

  @Test
  void listsShowNothingOfSomeoneElse() {
    String stranger = Fixtures.newCandidate();
    as(stranger).get("/opportunities").then().statusCode(200).body("total", equalTo(0));
    as(stranger).get("/interviews").then().statusCode(200).body("total", equalTo(0));
    as(stranger).get("/references").then().statusCode(200).body("total", equalTo(0));
    String otherTenant = Fixtures.newCandidateIfAbsent("other-" + Fixtures.TENANT, ownerSubject());
    as(otherTenant).get("/opportunities").then().body("total", equalTo(0));
    as(otherTenant).get("/candidate").then().body("id", equalTo(ownerSubject()));
  }

  static Stream<Call> everyEndpoint() {
    return Stream.concat(
        callsOnSomeoneElsesResources(),
        Stream.of(
            new Call("GET candidate", (c, t) -> c.get("/candidate")),
            new Call("DELETE candidate", (c, t) -> c.delete("/candidate")),
            new Call(
                "PUT candidate", (c, t) -> json(c).body("{\"name\": \"x\"}").put("/candidate")),
            new Call("GET opportunities", (c, t) -> c.get("/opportunities")),
            new Call(
                "POST opportunity",
                (c, t) ->
                    json(c).body("{\"company\": \"A\", \"role\": \"B\"}").post("/opportunities")),
            new Call("GET interviews", (c, t) -> c.get("/interviews")),
            new Call("GET references", (c, t) -> c.get("/references")),
            new Call("POST reference", (c, t) -> json(c).body(REFERENCE).post("/references"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEndpoint")
  void withoutATokenNothingIsAnswered(Call call) {
    call.send()
        .apply(given(), this)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", "Bearer");
  }

  @Test
  void forgedExpiredOrIncompleteTokensAreRefused() throws Exception {
    var otherKey = KeyPairGenerator.getInstance("RSA");
    otherKey.initialize(2048);
    String forged =
        Jwt.issuer("urn:followup:platform")
            .subject(ownerSubject())
            .claim("tenant", Fixtures.TENANT)
            .sign(otherKey.generateKeyPair().getPrivate());
    String expired =
        Fixtures.token(Fixtures.TENANT, ownerSubject(), Instant.now().minus(Duration.ofHours(1)));
    String noTenant =
        Jwt.issuer("urn:followup:platform").subject(ownerSubject()).sign(Fixtures.signingKey());
    String otherIssuer =
        Jwt.issuer("urn:someone-else")
            .subject(ownerSubject())
            .claim("tenant", Fixtures.TENANT)
            .sign(Fixtures.signingKey());
    for (String token : List.of(forged, expired, noTenant, otherIssuer, "not-a-jwt")) {
      as(token)
          .get("/opportunities/{id}", opportunity)
          .then()
          .statusCode(401)
          .contentType("application/problem+json");
    }
  }

  private String ownerSubject() {
    return Fixtures.subjectOf(ownerToken);
  }

  private void assertOwnerDataUnchanged() {
    as(ownerToken)
        .get("/opportunities/{id}", opportunity)
        .then()
        .statusCode(200)
        .body("role", equalTo("Backend engineer"))
        .body("status", equalTo("OPEN"))
        .body("version", equalTo(0));
    as(ownerToken)
        .get("/interviews/{id}", interview)
        .then()
        .statusCode(200)
        .body("status", equalTo("SCHEDULED"))
        .body("version", equalTo(0));
    as(ownerToken).get("/references/{id}", reference).then().statusCode(200);
    as(ownerToken)
        .get("/opportunities/{id}/interviews", opportunity)
        .then()
        .body("total", equalTo(1));
    as(ownerToken).get("/opportunities/{id}/replies", opportunity).then().body("total", equalTo(1));
  }

  private static RequestSpecification json(RequestSpecification client) {
    return client.contentType(ContentType.JSON);
  }
}
