package dev.followup.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows what the local sinks caught: one page listing every email, SMS and push notification the
 * notification-service sent, newest first ({@code /}, refreshing itself; {@code /messages.txt} for
 * a terminal), and a line on the console as each one arrives.
 */
final class MessagesPage implements AutoCloseable {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** The sinks by channel name, in the order the page lists them. */
  private final Map<String, CapturedMessage.Source> sources = new LinkedHashMap<>();

  private final Map<String, Integer> announced = new HashMap<>();
  private final HttpServer server;
  private boolean traces;
  private final ScheduledExecutorService announcer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "messages-page-announcer");
            thread.setDaemon(true);
            return thread;
          });

  MessagesPage(int port) throws IOException {
    this.server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
    server.createContext("/", this::html);
    server.createContext("/messages.txt", this::text);
  }

  /**
   * Shows the traces the collector received under {@code /traces}; call before {@link #start()}.
   */
  MessagesPage showTraces(TraceCollector collector) {
    server.createContext("/traces", new TracesPage(collector)::handle);
    traces = true;
    return this;
  }

  /** Adds a sink; call before {@link #start()}. */
  MessagesPage show(String channel, CapturedMessage.Source source) {
    sources.put(channel, source);
    return this;
  }

  void start() {
    server.start();
    announcer.scheduleWithFixedDelay(this::announceNew, 1, 1, TimeUnit.SECONDS);
  }

  String url() {
    return "http://localhost:" + server.getAddress().getPort() + "/";
  }

  /** One console line per new message: its channel and title, the rest is on the page. */
  private synchronized void announceNew() {
    sources.forEach(
        (channel, source) -> {
          List<CapturedMessage> messages = source.get();
          int seen = announced.getOrDefault(channel, 0);
          for (CapturedMessage message :
              messages.subList(Math.min(seen, messages.size()), messages.size())) {
            System.out.printf(
                "[%s] %s%n",
                channel, message.title().isEmpty() ? "a message arrived" : message.title());
          }
          announced.put(channel, messages.size());
        });
  }

  private List<CapturedMessage> newestFirst() {
    List<CapturedMessage> all = new ArrayList<>();
    sources.values().forEach(source -> all.addAll(source.get()));
    all.sort(Comparator.comparing(CapturedMessage::receivedAt).reversed());
    return all;
  }

  private void html(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/")) {
      respond(exchange, 404, "text/plain", "Not found; the messages are at /");
      return;
    }
    StringBuilder html =
        new StringBuilder(
            """
            <!doctype html><html><head><meta charset="utf-8"><title>Captured messages</title>
            <meta http-equiv="refresh" content="5"><style>
            body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}
            article{border:1px solid #ccc;border-radius:4px;padding:.5em 1em;margin:1em 0}
            .channel{font-weight:bold;text-transform:uppercase;font-size:.8em;padding:.1em .4em;
            border-radius:3px;background:#eee}.email{background:#dbeafe}.sms{background:#dcfce7}
            .push{background:#fef3c7}small{color:#666}pre{white-space:pre-wrap}
            </style></head><body><h1>Messages the local sinks caught</h1><p>
            """);
    List<String> counts = new ArrayList<>();
    sources.forEach(
        (channel, source) ->
            counts.add(
                "<span class=\"channel %1$s\">%1$s</span> %2$d"
                    .formatted(channel, source.get().size())));
    html.append(String.join(" &nbsp; ", counts))
        .append(" &nbsp; <small>(newest first; the page refreshes every 5 s)</small>")
        .append(traces ? " &nbsp; <a href=\"/traces\">traces</a>" : "")
        .append("</p>");
    for (CapturedMessage message : newestFirst()) {
      html.append("<article><span class=\"channel ")
          .append(message.channel())
          .append("\">")
          .append(message.channel())
          .append("</span> <small>")
          .append(TIME.format(message.receivedAt().atZone(ZoneId.systemDefault())))
          .append(" to ")
          .append(escape(message.to()))
          .append(message.details().isEmpty() ? "" : " · " + escape(message.details()))
          .append("</small>");
      if (!message.title().isEmpty()) {
        html.append("<h3>").append(escape(message.title())).append("</h3>");
      }
      html.append("<pre>").append(escape(message.body())).append("</pre></article>");
    }
    html.append("</body></html>");
    respond(exchange, 200, "text/html", html.toString());
  }

  private void text(HttpExchange exchange) throws IOException {
    StringBuilder text = new StringBuilder();
    for (CapturedMessage message : newestFirst()) {
      text.append(
              "%s %-5s to %s%s%n"
                  .formatted(
                      LocalTime.ofInstant(message.receivedAt(), ZoneId.systemDefault())
                          .truncatedTo(ChronoUnit.SECONDS),
                      message.channel(),
                      message.to(),
                      message.details().isEmpty() ? "" : " (" + message.details() + ")"))
          .append(message.title().isEmpty() ? "" : "  " + message.title() + "\n")
          .append("  ")
          .append(message.body().strip().replace("\n", "\n  "))
          .append("\n\n");
    }
    respond(exchange, 200, "text/plain", text.toString());
  }

  private static void respond(HttpExchange exchange, int status, String type, String content)
      throws IOException {
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public void close() {
    announcer.shutdownNow();
    server.stop(0);
  }
}
