package dev.followup.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Plain HTTP calls with exact bytes and headers, as a hostile client makes them. */
final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Bodies from this size on are announced with {@code Expect: 100-continue}. */
  private static final int LARGE = 32 * 1024;

  private Http() {}

  /** What came back. */
  record Answer(int status, String contentType, String etag, String body) {

    boolean isProblem() {
      return contentType != null && contentType.startsWith("application/problem+json");
    }

    @Override
    public String toString() {
      String shown = body.length() > 300 ? body.substring(0, 300) + "…" : body;
      return status + " " + contentType + " " + shown;
    }
  }

  static Answer send(
      String method,
      String url,
      String token,
      String contentType,
      byte[] body,
      Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null && body != null) {
      request.header("Content-Type", contentType);
    }
    request.header("Accept", "application/json, application/problem+json");
    headers.forEach(request::header);
    if (body != null && body.length > LARGE) {
      // As curl does: the server may refuse a body it will not take (413) before it is sent,
      // instead of cutting the connection while the client still writes it.
      request.expectContinue(true);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(null),
          response.headers().firstValue("ETag").orElse(null),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Answer get(String url, String token) {
    return send("GET", url, token, null, null, Map.of());
  }

  static Answer json(String method, String url, String token, String json) {
    return send(
        method,
        url,
        token,
        "application/json",
        json.getBytes(StandardCharsets.UTF_8),
        Map.of("If-Match", "*"));
  }
}
