package dev.followup.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests that go wrong get RFC 9457 problems: a body over the limit (declared, or sent in chunks)
 * 413, bytes that are not UTF-8 400, and a failure nobody foresaw 500, naming none of its
 * internals.
 */
@QuarkusTest
class RequestProblemsTest {

  /** quarkus.http.limits.max-body-size */
  private static final int LIMIT = 256 * 1024;

  private static final String SECRET = "internal detail " + UUID.randomUUID();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TestHTTPResource("/")
  URL base;

  /** An endpoint of the tests only, failing as a bug would. */
  @Path("/test-only/failure")
  public static class FailingResource {
    @GET
    public String fail() {
      throw new IllegalStateException(SECRET);
    }
  }

  @Test
  void anUnexpectedFailureIsAProblemWithoutInternals() {
    Tokens.asCandidate("cand-" + UUID.randomUUID())
        .get("/test-only/failure")
        .then()
        .statusCode(500)
        .contentType("application/problem+json")
        .body("status", equalTo(500))
        .body(not(containsString(SECRET)))
        .body(not(containsString("IllegalStateException")));
  }

  @Test
  void aPreviewOverTheLimitIsAProblem() throws Exception {
    byte[] huge = previewOf(LIMIT + 1);
    Tokens.asCandidate("cand-" + UUID.randomUUID())
        .contentType("application/json")
        .body(huge)
        .post("/plans/preview")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("status", equalTo(413));

    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create(base + "plans/preview"))
            .header("Authorization", "Bearer " + Tokens.candidate(Tokens.TENANT, "cand-chunks"))
            .header("Content-Type", "application/json")
            // No length known up front: sent as chunks.
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
            .build();
    HttpResponse<String> answer = HTTP.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  /** Overlong "/", an encoded surrogate, a lone continuation byte, a code point over U+10FFFF. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"c0af", "eda080", "80", "f4908080"})
  void aPreviewThatIsNotUtf8IsAProblem(String hex) {
    String json =
        TestData.interviewCompletedJson(
            UUID.randomUUID().toString(), "cand-" + UUID.randomUUID(), "billing");
    int cut = json.indexOf("Acme") + 4;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(json.substring(0, cut).getBytes(StandardCharsets.UTF_8));
    body.writeBytes(HexFormat.of().parseHex(hex));
    body.writeBytes(json.substring(cut).getBytes(StandardCharsets.UTF_8));
    Tokens.asCandidate("cand-" + UUID.randomUUID())
        .contentType("application/json")
        .body(body.toByteArray())
        .post("/plans/preview")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  /**
   * Every field the client got wrong is named as the client wrote it, in the problem every service
   * answers alike: a NUL (which PostgreSQL cannot store), a value of the wrong type, a constraint.
   */
  @Test
  void aBadFieldIsNamedAsTheClientWroteIt() {
    String json =
        TestData.interviewCompletedJson(
            UUID.randomUUID().toString(), "cand-" + UUID.randomUUID(), "billing");
    String candidate = "cand-" + UUID.randomUUID();

    Tokens.asCandidate(candidate)
        .contentType("application/json")
        .body(json.replace("\"Dana Lee\"", "\"Dana\\u0000Lee\""))
        .post("/plans/preview")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("violations[0].field", equalTo("interviewers[0].name"))
        .body("violations[0].message", containsString("NUL"));
    Tokens.asCandidate(candidate)
        .contentType("application/json")
        .body(json.replace("\"Acme Corp\"", "[\"Acme Corp\"]"))
        .post("/plans/preview")
        .then()
        .statusCode(400)
        .body("violations[0].field", equalTo("company"));
    Tokens.asCandidate(candidate)
        .contentType("application/json")
        .body("{}")
        .post("/steps/{id}/snooze", UUID.randomUUID())
        .then()
        .statusCode(400)
        .body("detail", equalTo("Invalid field(s): until"))
        .body("violations[0].field", equalTo("until"));
  }

  private static byte[] previewOf(int size) {
    String json =
        TestData.interviewCompletedJson(
            UUID.randomUUID().toString(), "cand-" + UUID.randomUUID(), "billing");
    return ("{\"padding\": \"" + "x".repeat(size) + "\", " + json.strip().substring(1))
        .getBytes(StandardCharsets.UTF_8);
  }
}
