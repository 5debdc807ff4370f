package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies PostgreSQL or a careful reader cannot take: NUL in any string (PostgreSQL text cannot hold
 * it), bytes that are not UTF-8, bodies over the size limit, declared or sent in chunks. Each gets
 * a 4xx RFC 9457 problem and nothing is saved.
 */
@QuarkusTest
class HostileBodiesTest {

  /** quarkus.http.limits.max-body-size */
  private static final int LIMIT = 1024 * 1024;

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TestHTTPResource("/")
  URL base;

  @Test
  void nulInAFieldIsRefusedNamingTheField() {
    String token = Fixtures.newCandidate();
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"company\": \"Acme\\u0000Corp\", \"role\": \"Backend engineer\"}")
        .post("/opportunities")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("company"))
        .body("violations.message", hasItem(containsString("NUL")))
        .body("detail", containsString("company"));
    assertThat(opportunities(token)).isZero();
  }

  @Test
  void nulInAListInsideAListIsRefusedNamingTheElement() {
    String token = Fixtures.newCandidate();
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    String body =
        Fixtures.interviewBody().replace("\"on-call culture\"", "\"on-call\\u0000culture\"");
    as(token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/opportunities/{id}/interviews", opportunity)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("interviewers[1].topics[0]"));
    as(token)
        .get("/opportunities/{id}/interviews", opportunity)
        .then()
        .statusCode(200)
        .body("total", equalTo(0));
  }

  @Test
  void nulInASearchIsRefused() {
    String token = Fixtures.newCandidate();
    as(token)
        .queryParam("company", "Acme\u0000")
        .get("/opportunities")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations.field", hasItem("company"));
  }

  /**
   * Overlong forms (C0 AF and E0 80 AF are "/"), an encoded surrogate, a code point above U+10FFFF,
   * a lone continuation byte, a lead byte without its continuation, a sequence cut by the end.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"c0af", "e080af", "eda080", "f4908080", "80", "c328", "ff", "e282"})
  void bytesThatAreNotUtf8AreRefused(String hex) {
    String token = Fixtures.newCandidate();
    byte[] bad = HexFormat.of().parseHex(hex);
    byte[] body =
        concat(
            utf8("{\"role\": \"Backend engineer\", \"company\": \"Acme"),
            bad,
            utf8(hex.equals("e282") ? "" : " Corp\"}"));
    as(token)
        .contentType("application/json")
        .body(body)
        .post("/opportunities")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    assertThat(opportunities(token)).isZero();

    // The same bytes in the optional body of a completion, which is read as text.
    String interview = Fixtures.interview(token, Fixtures.opportunity(token, "Acme Corp"));
    as(token)
        .contentType("text/plain")
        .body(
            concat(
                utf8("{\"nextSteps\": {\"weWillContactYou\": true}, \"x\": \""), bad, utf8("\"}")))
        .post("/interviews/{id}/completion", interview)
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    as(token).get("/interviews/{id}", interview).then().body("status", equalTo("SCHEDULED"));
  }

  @Test
  void utf8BeyondAsciiIsKept() {
    String token = Fixtures.newCandidate();
    String company = "Café Ünïcode 日本 \uD83D\uDE80";
    String id = Fixtures.opportunity(token, company);
    as(token)
        .get("/opportunities/{id}", id)
        .then()
        .statusCode(200)
        .body("company", equalTo(company));
  }

  @Test
  void aDeclaredLengthOverTheLimitIsAProblem() {
    String token = Fixtures.newCandidate();
    as(token)
        .contentType(ContentType.JSON)
        .body(opportunityOf(LIMIT + 1))
        .post("/opportunities")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("status", equalTo(413));
    assertThat(opportunities(token)).isZero();
  }

  @Test
  void aChunkedBodyOverTheLimitIsAProblemAndOneUnderItIsTaken() throws Exception {
    String token = Fixtures.newCandidate();
    HttpResponse<String> tooLarge = postChunked(token, "opportunities", opportunityOf(LIMIT + 1));
    assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
    assertThat(tooLarge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(tooLarge.body()).contains("\"status\":413");
    assertThat(opportunities(token)).isZero();

    String interview = Fixtures.interview(token, Fixtures.opportunity(token, "Acme Corp"));
    HttpResponse<String> completion =
        postChunked(token, "interviews/" + interview + "/completion", opportunityOf(LIMIT + 1));
    assertThat(completion.statusCode()).as(completion.body()).isEqualTo(413);
    assertThat(completion.body()).contains("\"status\":413");
    as(token).get("/interviews/{id}", interview).then().body("status", equalTo("SCHEDULED"));

    // Over Quarkus' in-memory input buffer, under the longest job description.
    HttpResponse<String> fits = postChunked(token, "opportunities", opportunityOf(60_000));
    assertThat(fits.statusCode()).as(fits.body()).isEqualTo(201);
    assertThat(opportunities(token)).as("the interview's and the one that fits").isEqualTo(2);
  }

  /** A valid opportunity whose job description makes the body {@code size} bytes or more. */
  private static byte[] opportunityOf(int size) {
    return utf8(
        "{\"company\": \"Acme Corp\", \"role\": \"Backend engineer\", \"jobDescription\":"
            + " {\"contentType\": \"text/plain\", \"content\": \""
            + "x".repeat(size)
            + "\"}}");
  }

  private HttpResponse<String> postChunked(String token, String path, byte[] body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            // No length known up front: sent as chunks.
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static long opportunities(String token) {
    return ((Number) as(token).get("/opportunities").then().statusCode(200).extract().path("total"))
        .longValue();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
