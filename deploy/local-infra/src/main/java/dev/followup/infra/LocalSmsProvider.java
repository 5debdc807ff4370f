package dev.followup.infra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A local server speaking Twilio's Messaging REST API ({@code POST/GET
 * /2010-04-01/Accounts/{sid}/Messages.json}) for one account: it checks HTTP Basic credentials and
 * the form fields, keeps every accepted message and lists them as Twilio does.
 *
 * <p>Failures can be injected, from Java or over HTTP (so that a test can drive a server another
 * class loader or process started, see {@link Remote}):
 *
 * <ul>
 *   <li>{@link #failNext(int, int)}: the next N message requests, whoever they are for, get the
 *       status (503, 429 with {@code Retry-After}, ...);
 *   <li>{@link #failNext(String, int, String, String)}: the next request for one number gets a
 *       status, a {@code Retry-After} and a Twilio error code;
 *   <li>{@link #down()} / {@link #up()}: every message request (sending and listing) is answered
 *       503 until told otherwise.
 * </ul>
 *
 * Control endpoints: {@code POST /_control/fail} (form: {@code status}, {@code count}, optional
 * {@code to}, {@code retryAfter}, {@code code}), {@code POST /_control/down}, {@code POST
 * /_control/up}, and {@code GET /_control/count?to=…}, the number of messages accepted for a number
 * (a JSON number): cheap to ask often, where listing thousands of messages as JSON is not.
 */
public final class LocalSmsProvider implements AutoCloseable {

  public static final String ACCOUNT_SID = "AC00000000000000000000000000000001";
  public static final String AUTH_TOKEN = "test-auth-token-0123456789abcdef";
  public static final String FROM = "+15005550006";

  /** One message the provider accepted. */
  public record Message(
      String sid,
      String to,
      String from,
      String messagingServiceSid,
      String body,
      String statusCallback,
      Instant createdAt) {}

  /** A scripted answer: HTTP status, {@code Retry-After} (empty for none), Twilio error code. */
  private record Failure(int status, String retryAfter, int code) {}

  private static final String FOR_ANYONE = "";

  private final HttpServer server;
  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Failure>> failures = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile boolean down;

  private LocalSmsProvider(HttpServer server) {
    this.server = server;
  }

  /** Starts the server on {@code port} of the loopback interface; 0 picks a free one. */
  public static LocalSmsProvider start(int port) {
    try {
      HttpServer server = LocalHttpServers.onLoopback(port);
      LocalSmsProvider provider = new LocalSmsProvider(server);
      server.createContext("/", provider::handle);
      server.start();
      return provider;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the local SMS provider on " + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** What the service's {@code sms.twilio.base-url} is set to. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Every message accepted so far, in arrival order. */
  public List<Message> messages() {
    return List.copyOf(messages);
  }

  public List<Message> messagesTo(String to) {
    return messages.stream().filter(m -> m.to().equals(to)).toList();
  }

  /** Message requests received so far, answered or refused. */
  public int requests() {
    return requests.get();
  }

  /** The next {@code count} message requests, for any number, are answered {@code status}. */
  public void failNext(int count, int status) {
    script(FOR_ANYONE, count, new Failure(status, "", 20500));
  }

  /**
   * The next message request for {@code to} is answered {@code status}, with {@code Retry-After:
   * retryAfter} unless empty and the Twilio error {@code code} (20500 when empty).
   */
  public void failNext(String to, int status, String retryAfter, String code) {
    script(to, 1, new Failure(status, retryAfter, code.isEmpty() ? 20500 : Integer.parseInt(code)));
  }

  /** Answers every message request 503 until {@link #up()}. */
  public void down() {
    down = true;
  }

  public void up() {
    down = false;
  }

  public boolean isDown() {
    return down;
  }

  /** Forgets messages, scripted failures and the request count, and comes back up. */
  public void reset() {
    messages.clear();
    failures.clear();
    requests.set(0);
    down = false;
  }

  private void script(String to, int count, Failure failure) {
    Deque<Failure> queue = failures.computeIfAbsent(to, key -> new ConcurrentLinkedDeque<>());
    for (int i = 0; i < count; i++) {
      queue.add(failure);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.startsWith("/_control/") && method.equals("POST")) {
        control(exchange, path.substring("/_control/".length()));
        return;
      }
      if (path.equals("/_control/count") && method.equals("GET")) {
        String to = form(exchange.getRequestURI().getRawQuery()).getOrDefault("to", "");
        respond(exchange, 200, Integer.toString(messagesTo(to).size()), Map.of());
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
      if (down) {
        // An outage: neither sending nor listing answers.
        respond(exchange, 503, error(20503, "Service unavailable", 503), Map.of());
      } else if (method.equals("GET")) {
        list(exchange);
      } else if (method.equals("POST")) {
        create(exchange);
      } else {
        respond(exchange, 405, error(20004, "Method not allowed", 405), Map.of());
      }
    }
  }

  private void control(HttpExchange exchange, String command) throws IOException {
    Map<String, String> form = form(body(exchange));
    switch (command) {
      case "fail" -> {
        int status = Integer.parseInt(form.get("status"));
        int count = Integer.parseInt(form.getOrDefault("count", "1"));
        String code = form.getOrDefault("code", "");
        Failure failure =
            new Failure(
                status,
                form.getOrDefault("retryAfter", ""),
                code.isEmpty() ? 20500 : Integer.parseInt(code));
        script(form.getOrDefault("to", FOR_ANYONE), count, failure);
      }
      case "down" -> down();
      case "up" -> up();
      case "reset" -> reset();
      default -> {
        respond(exchange, 404, error(20404, "No such control", 404), Map.of());
        return;
      }
    }
    respond(exchange, 204, null, Map.of());
  }

  private void create(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    Map<String, String> form = form(body(exchange));
    Failure failure = nextFailure(form.get("To"));
    if (failure != null) {
      Map<String, String> headers =
          failure.retryAfter().isEmpty() ? Map.of() : Map.of("Retry-After", failure.retryAfter());
      respond(
          exchange,
          failure.status(),
          error(failure.code(), "Scripted failure", failure.status()),
          headers);
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
    Message message =
        new Message(
            "SM" + UUID.randomUUID().toString().replace("-", ""),
            form.get("To"),
            form.getOrDefault("From", ""),
            form.getOrDefault("MessagingServiceSid", ""),
            form.get("Body"),
            form.getOrDefault("StatusCallback", ""),
            Instant.now());
    messages.add(message);
    respond(exchange, 201, json(message), Map.of());
  }

  /** A failure scripted for this number first, then one scripted for anyone. */
  private Failure nextFailure(String to) {
    Deque<Failure> forNumber = to == null ? null : failures.get(to);
    Failure failure = forNumber == null ? null : forNumber.poll();
    if (failure == null) {
      Deque<Failure> forAnyone = failures.get(FOR_ANYONE);
      failure = forAnyone == null ? null : forAnyone.poll();
    }
    return failure;
  }

  private void list(HttpExchange exchange) throws IOException {
    Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
    List<String> found = new ArrayList<>();
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message message = messages.get(i);
      if (!query.containsKey("To") || query.get("To").equals(message.to())) {
        found.add(json(message));
      }
    }
    respond(exchange, 200, "{\"messages\": [" + String.join(",", found) + "]}", Map.of());
  }

  private static String error(int code, String message, int status) {
    return "{\"code\": %d, \"message\": \"%s\", \"more_info\": \"https://www.twilio.com/docs/errors/%d\", \"status\": %d}"
        .formatted(code, message, code, status);
  }

  /** The message as Twilio's API represents it (the fields a client reads). */
  private static String json(Message message) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("sid", message.sid());
    fields.put("account_sid", ACCOUNT_SID);
    fields.put("to", message.to());
    fields.put("from", message.from());
    fields.put("messaging_service_sid", message.messagingServiceSid());
    fields.put("body", message.body());
    fields.put("status", "queued");
    fields.put("status_callback", message.statusCallback());
    fields.put(
        "date_created",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(message.createdAt().atZone(ZoneOffset.UTC)));
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

  /**
   * Drives a local SMS provider over HTTP: for a test whose provider was started by a Quarkus test
   * resource (another class loader) or by another process (the local stack).
   */
  public static final class Remote {
    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    public Remote(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    public void failNext(int count, int status) {
      post("fail", Map.of("count", Integer.toString(count), "status", Integer.toString(status)));
    }

    public void failNext(String to, int status, String retryAfter, String code) {
      post(
          "fail",
          Map.of(
              "to",
              to,
              "status",
              Integer.toString(status),
              "retryAfter",
              retryAfter,
              "code",
              code));
    }

    public void down() {
      post("down", Map.of());
    }

    /** How many messages the provider accepted for the number {@code to}. */
    public long count(String to) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      baseUrl
                          + "/_control/count?to="
                          + URLEncoder.encode(to, StandardCharsets.UTF_8)))
              .GET()
              .build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("Count answered " + response.statusCode());
        }
        return Long.parseLong(response.body().strip());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    public void up() {
      post("up", Map.of());
    }

    private void post(String command, Map<String, String> form) {
      String body =
          form.entrySet().stream()
              .map(
                  e ->
                      URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(baseUrl + "/_control/" + command))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 204) {
          throw new IllegalStateException("Control " + command + " answered " + status);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
