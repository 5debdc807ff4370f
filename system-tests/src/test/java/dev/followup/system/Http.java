package dev.followup.system;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
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
      return sendExpectingContinue(method, url, token, contentType, body, headers);
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

  /**
   * As curl does with a large body: the headers first, with {@code Expect: 100-continue}, and the
   * body only once the server has answered 100, so that it may refuse a body it will not take (413)
   * before it is sent instead of cutting the connection while the client still writes it. On a raw
   * socket: the JDK's client, asked to expect 100, never completes when the refusal has a body.
   */
  private static Answer sendExpectingContinue(
      String method,
      String url,
      String token,
      String contentType,
      byte[] body,
      Map<String, String> headers) {
    URI uri = URI.create(url);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(uri.getRawPath());
    if (uri.getRawQuery() != null) {
      head.append('?').append(uri.getRawQuery());
    }
    head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort());
    head.append("\r\nContent-Length: ").append(body.length);
    head.append("\r\nExpect: 100-continue\r\nConnection: close");
    head.append("\r\nAccept: application/json, application/problem+json");
    if (contentType != null) {
      head.append("\r\nContent-Type: ").append(contentType);
    }
    if (token != null) {
      head.append("\r\nAuthorization: Bearer ").append(token);
    }
    headers.forEach((name, value) -> head.append("\r\n").append(name).append(": ").append(value));
    head.append("\r\n\r\n");
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      RawResponse response = RawResponse.read(in);
      if (response.status == 100) {
        out.write(body);
        out.flush();
        response = RawResponse.read(in);
      }
      return new Answer(
          response.status,
          response.headers.get("content-type"),
          response.headers.get("etag"),
          response.body);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + " failed: " + e, e);
    }
  }

  /** A response read off the wire: status, headers by lower-case name, body as text. */
  private record RawResponse(int status, Map<String, String> headers, String body) {

    static RawResponse read(InputStream in) throws IOException {
      String statusLine = line(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new java.util.HashMap<>();
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
      }
      if (status == 100) {
        return new RawResponse(status, headers, "");
      }
      byte[] bytes;
      if (headers.containsKey("content-length")) {
        bytes = in.readNBytes(Integer.parseInt(headers.get("content-length")));
      } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
            size > 0;
            size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
          chunks.writeBytes(in.readNBytes(size));
          line(in);
        }
        bytes = chunks.toByteArray();
      } else {
        bytes = in.readAllBytes(); // Until the server closes the connection.
      }
      return new RawResponse(status, headers, new String(bytes, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("Connection closed mid-response");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
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
