package dev.followup.notification.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local server speaking Twilio's Messaging REST API: creates and lists messages of one account,
 * checks HTTP Basic credentials and the form fields, and answers a number with scripted failures
 * (429 with Retry-After, 5xx, 4xx with a Twilio error code) when told to. Tests drive and read it
 * over HTTP only ({@code POST /_control/fail}), so that it works whatever class loader started it.
 */
public final class FakeTwilio implements AutoCloseable {

  public static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
  public static final String AUTH_TOKEN = "test-auth-token-0123456789abcdef";
  public static final String FROM = "+15005550006";

  private final HttpServer server;
  private final List<Map<String, String>> messages = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<String[]>> failures = new ConcurrentHashMap<>();

  private FakeTwilio(HttpServer server) {
    this.server = server;
  }

  public static FakeTwilio start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      FakeTwilio twilio = new FakeTwilio(server);
      server.createContext("/", twilio::handle);
      server.start();
      return twilio;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/_control/fail") && method.equals("POST")) {
        Map<String, String> form = form(body(exchange));
        int count = Integer.parseInt(form.getOrDefault("count", "1"));
        for (int i = 0; i < count; i++) {
          failures
              .computeIfAbsent(form.get("to"), to -> new ConcurrentLinkedDeque<>())
              .add(
                  new String[] {
                    form.get("status"),
                    form.getOrDefault("retryAfter", ""),
                    form.getOrDefault("code", "")
                  });
        }
        respond(exchange, 204, null, Map.of());
        return;
      }
      String messagesPath = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
      if (!path.equals(messagesPath)) {
        respond(exchange, 404, error(20404, "The requested resource was not found", 404), Map.of());
        return;
      }
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (ACCOUNT_SID + ":" + AUTH_TOKEN).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        respond(exchange, 401, error(20003, "Authenticate", 401), Map.of());
        return;
      }
      if (method.equals("GET")) {
        list(exchange);
      } else if (method.equals("POST")) {
        create(exchange);
      } else {
        respond(exchange, 405, error(20004, "Method not allowed", 405), Map.of());
      }
    }
  }

  private void create(HttpExchange exchange) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    Map<String, String> form = form(body(exchange));
    Deque<String[]> scripted = form.containsKey("To") ? failures.get(form.get("To")) : null;
    String[] failure = scripted == null ? null : scripted.poll();
    if (failure != null) {
      int status = Integer.parseInt(failure[0]);
      Map<String, String> headers =
          failure[1].isEmpty() ? Map.of() : Map.of("Retry-After", failure[1]);
      int code = failure[2].isEmpty() ? 20500 : Integer.parseInt(failure[2]);
      respond(exchange, status, error(code, "Scripted failure", status), headers);
      return;
    }
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
      respond(exchange, 400, error(20001, "Form encoding required", 400), Map.of());
      return;
    }
    if (!form.containsKey("To") || !form.containsKey("Body")) {
      respond(exchange, 400, error(21604, "A 'To' and a 'Body' are required", 400), Map.of());
      return;
    }
    if (form.containsKey("From") == form.containsKey("MessagingServiceSid")) {
      respond(
          exchange, 400, error(21603, "Exactly one of From or MessagingServiceSid", 400), Map.of());
      return;
    }
    Map<String, String> message = new LinkedHashMap<>();
    message.put("sid", "SM" + UUID.randomUUID().toString().replace("-", ""));
    message.put("account_sid", ACCOUNT_SID);
    message.put("to", form.get("To"));
    message.put("from", form.getOrDefault("From", ""));
    message.put("messaging_service_sid", form.getOrDefault("MessagingServiceSid", ""));
    message.put("body", form.get("Body"));
    message.put("status", "queued");
    message.put("status_callback", form.getOrDefault("StatusCallback", ""));
    message.put(
        "date_created",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    messages.add(message);
    respond(exchange, 201, json(message), Map.of());
  }

  private void list(HttpExchange exchange) throws IOException {
    Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
    List<String> found = new ArrayList<>();
    for (int i = messages.size() - 1; i >= 0; i--) {
      Map<String, String> message = messages.get(i);
      if (!query.containsKey("To") || query.get("To").equals(message.get("to"))) {
        found.add(json(message));
      }
    }
    respond(exchange, 200, "{\"messages\": [" + String.join(",", found) + "]}", Map.of());
  }

  private static String error(int code, String message, int status) {
    return "{\"code\": %d, \"message\": \"%s\", \"more_info\": \"https://www.twilio.com/docs/errors/%d\", \"status\": %d}"
        .formatted(code, message, code, status);
  }

  private static String json(Map<String, String> fields) {
    List<String> pairs = new ArrayList<>();
    fields.forEach((k, v) -> pairs.add("\"" + k + "\": \"" + escape(v) + "\""));
    return "{" + String.join(", ", pairs) + "}";
  }

  private static String escape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  static Map<String, String> form(String encoded) {
    Map<String, String> form = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return form;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(name, value);
    }
    return form;
  }

  private static void respond(
      HttpExchange exchange, int status, String body, Map<String, String> headers)
      throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
