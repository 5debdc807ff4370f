package dev.followup.notification.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.followup.notification.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Requests that go wrong get RFC 9457 problems: a body over the limit (declared, or sent in chunks)
 * 413, bytes that are not UTF-8 400, and a failure nobody foresaw 500, naming none of its
 * internals.
 */
@QuarkusTest
class RequestProblemsTest {

  /** quarkus.http.limits.max-body-size */
  private static final int LIMIT = 64 * 1024;

  private static final String SECRET = "internal detail " + UUID.randomUUID();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TestHTTPResource("/")
  URL base;

  /** An endpoint of the tests only, failing as a bug would. */
  @Path("/test-only/failure")
  public static class FailingResource {
    @GET
    public String fail() throws Exception {
      // A checked exception: no RuntimeException mapper can take it.
      throw new java.io.IOException(SECRET);
    }
  }

  @Test
  void anUnexpectedFailureIsAProblemWithoutInternals() {
    Tokens.as("acme", "cand-" + UUID.randomUUID())
        .get("/test-only/failure")
        .then()
        .statusCode(500)
        .contentType("application/problem+json")
        .body("status", equalTo(500))
        .body(not(containsString(SECRET)))
        .body(not(containsString("IOException")));
  }

  @Test
  void preferencesOverTheLimitAreAProblem() throws Exception {
    String candidate = "cand-" + UUID.randomUUID();
    byte[] huge =
        ("{\"email\": \"sam@example.com\", \"padding\": \"" + "x".repeat(LIMIT + 1) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    Tokens.as("acme", candidate)
        .contentType("application/json")
        .body(huge)
        .put("/candidates/{id}/preferences", candidate)
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("status", equalTo(413));

    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create(base + "candidates/" + candidate + "/preferences"))
            .header("Authorization", "Bearer " + Tokens.token("acme", candidate))
            .header("Content-Type", "application/json")
            // No length known up front: sent as chunks.
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
            .build();
    HttpResponse<String> answer = HTTP.send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    Tokens.as("acme", candidate)
        .get("/candidates/{id}/preferences", candidate)
        .then()
        .statusCode(404);
  }

  @Test
  void preferencesThatAreNotUtf8AreAProblem() {
    String candidate = "cand-" + UUID.randomUUID();
    // "America/Chicago" with its "/" as the overlong C0 AF: a lenient reader takes it.
    byte[] prefix =
        "{\"email\": \"sam@example.com\", \"timeZone\": \"America".getBytes(StandardCharsets.UTF_8);
    byte[] overlong = {(byte) 0xC0, (byte) 0xAF};
    byte[] suffix = "Chicago\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + overlong.length + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    System.arraycopy(overlong, 0, body, prefix.length, overlong.length);
    System.arraycopy(suffix, 0, body, prefix.length + overlong.length, suffix.length);
    Tokens.as("acme", candidate)
        .contentType("application/json")
        .body(body)
        .put("/candidates/{id}/preferences", candidate)
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    Tokens.as("acme", candidate)
        .get("/candidates/{id}/preferences", candidate)
        .then()
        .statusCode(404);
  }
}
