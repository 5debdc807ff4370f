package dev.followup.localstack;

import com.sun.net.httpserver.HttpExchange;
import dev.followup.localstack.TraceCollector.CollectedSpan;
import dev.followup.localstack.TraceCollector.TraceSummary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The traces the {@link TraceCollector} received, on the messages page's server: {@code /traces}
 * lists them newest first, {@code /traces/<trace id>} shows one as a tree of spans (service, span,
 * start, duration and the attributes that say where it went: topic, route, status), and the same as
 * text with {@code .txt} for a terminal.
 */
final class TracesPage {

  /** The attributes worth a glance: where a record went, which route, how it ended. */
  private static final List<String> SHOWN_ATTRIBUTES =
      List.of(
          "http.request.method",
          "http.route",
          "http.response.status_code",
          "messaging.operation",
          "messaging.operation.type",
          "messaging.destination.name",
          "messaging.kafka.message.key",
          "messaging.kafka.destination.partition",
          "messaging.kafka.message.offset",
          "db.operation.name",
          "error.type");

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final String STYLE =
      """
      <style>body{font-family:sans-serif;max-width:75em;margin:2em auto;padding:0 1em}
      table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.2em .6em;
      border-bottom:1px solid #eee;vertical-align:top}code{font-size:.9em}small{color:#666}
      .error{color:#b91c1c;font-weight:bold}.svc{font-size:.8em;padding:.1em .4em;border-radius:3px;
      background:#eee;white-space:nowrap}.bar{background:#93c5fd;height:.6em;display:inline-block}
      </style>""";

  private final TraceCollector collector;

  TracesPage(TraceCollector collector) {
    this.collector = collector;
  }

  /**
   * Serves {@code /traces}, {@code /traces.txt}, {@code /traces/<id>} and {@code /traces/<id>.txt}.
   */
  void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/traces") || path.equals("/traces/")) {
      respond(exchange, 200, "text/html", listHtml());
    } else if (path.equals("/traces.txt")) {
      respond(exchange, 200, "text/plain", listText());
    } else if (path.startsWith("/traces/")) {
      String id = path.substring("/traces/".length());
      boolean text = id.endsWith(".txt");
      id = text ? id.substring(0, id.length() - 4) : id;
      Optional<List<CollectedSpan>> spans =
          id.matches("[0-9a-fA-F]{32}") ? collector.trace(id) : Optional.empty();
      if (spans.isEmpty()) {
        respond(
            exchange,
            404,
            "text/plain",
            "No trace " + id + " received (yet): spans are exported every few seconds.");
      } else if (text) {
        respond(exchange, 200, "text/plain", traceText(id, spans.get()));
      } else {
        respond(exchange, 200, "text/html", traceHtml(id, spans.get()));
      }
    } else {
      respond(exchange, 404, "text/plain", "Not found; the traces are at /traces");
    }
  }

  private String listHtml() {
    StringBuilder html =
        new StringBuilder(
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>Traces</title>")
            .append("<meta http-equiv=\"refresh\" content=\"5\">")
            .append(STYLE)
            .append("</head><body><h1>Traces</h1><p><a href=\"/\">captured messages</a> · ")
            .append("newest first, the last ")
            .append(TraceCollector.MAX_TRACES)
            .append(" kept; the page refreshes every 5 s. A trace that reaches the")
            .append(" notification-service went from a call through Kafka to a message.</p>")
            .append("<table><tr><th>started</th><th>first span</th><th>services</th>")
            .append("<th>spans</th><th>duration</th><th>trace id</th></tr>");
    for (TraceSummary trace : collector.traces()) {
      html.append("<tr><td>")
          .append(TIME.format(trace.start().atZone(ZoneId.systemDefault())))
          .append("</td><td>")
          .append(trace.error() ? "<span class=\"error\">error</span> " : "")
          .append(escape(trace.root().name()))
          .append("</td><td>");
      trace
          .services()
          .forEach(s -> html.append("<span class=\"svc\">").append(escape(s)).append("</span> "));
      html.append("</td><td>")
          .append(trace.spans())
          .append("</td><td>")
          .append(millis(trace.duration()))
          .append("</td><td><a href=\"/traces/")
          .append(trace.traceId())
          .append("\"><code>")
          .append(trace.traceId())
          .append("</code></a></td></tr>");
    }
    return html.append("</table></body></html>").toString();
  }

  private String listText() {
    StringBuilder text = new StringBuilder();
    for (TraceSummary trace : collector.traces()) {
      text.append(
          "%s %s %4d spans %10s  %s%s  [%s]%n"
              .formatted(
                  TIME.format(trace.start().atZone(ZoneId.systemDefault())),
                  trace.traceId(),
                  trace.spans(),
                  millis(trace.duration()),
                  trace.error() ? "ERROR " : "",
                  trace.root().name(),
                  String.join(" → ", trace.services())));
    }
    return text.toString();
  }

  private static String traceHtml(String id, List<CollectedSpan> spans) {
    Map<String, Integer> depths = depths(spans);
    long startNanos = toNanos(spans.get(0));
    long totalNanos =
        Math.max(
            1,
            spans.stream().mapToLong(s -> toNanos(s) + s.duration().toNanos()).max().getAsLong()
                - startNanos);
    StringBuilder html =
        new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Trace ")
            .append(id)
            .append("</title>")
            .append(STYLE)
            .append("</head><body><h1>Trace <code>")
            .append(id)
            .append("</code></h1><p><a href=\"/traces\">all traces</a> · <a href=\"/\">captured")
            .append(" messages</a> · <a href=\"/traces/")
            .append(id)
            .append(".txt\">as text</a></p><table><tr><th>service</th><th>span</th>")
            .append("<th>at</th><th>duration</th><th></th><th>attributes</th></tr>");
    for (CollectedSpan span : spans) {
      long offset = toNanos(span) - startNanos;
      html.append("<tr><td><span class=\"svc\">")
          .append(escape(span.service()))
          .append("</span></td><td style=\"padding-left:")
          .append(0.6 + 1.2 * depths.get(span.spanId()))
          .append("em\">")
          .append(span.error() ? "<span class=\"error\">error</span> " : "")
          .append(escape(span.name()))
          .append(" <small>")
          .append(span.kind())
          .append("</small></td><td>+")
          .append(millis(Duration.ofNanos(offset)))
          .append("</td><td>")
          .append(millis(span.duration()))
          .append("</td><td style=\"width:12em\"><span class=\"bar\" style=\"margin-left:")
          .append(String.format("%.1f", 12.0 * offset / totalNanos))
          .append("em;width:")
          .append(
              String.format("%.1f", Math.max(0.1, 12.0 * span.duration().toNanos() / totalNanos)))
          .append("em\"></span></td><td><small>")
          .append(escape(shownAttributes(span)))
          .append("</small></td></tr>");
    }
    return html.append("</table></body></html>").toString();
  }

  private static String traceText(String id, List<CollectedSpan> spans) {
    Map<String, Integer> depths = depths(spans);
    long startNanos = toNanos(spans.get(0));
    StringBuilder text = new StringBuilder("trace " + id + "\n");
    for (CollectedSpan span : spans) {
      text.append(
          "%-21s %s%s%s (%s) +%s %s  %s%n"
              .formatted(
                  span.service(),
                  "  ".repeat(depths.get(span.spanId())),
                  span.error() ? "ERROR " : "",
                  span.name(),
                  span.kind(),
                  millis(Duration.ofNanos(toNanos(span) - startNanos)),
                  millis(span.duration()),
                  shownAttributes(span)));
    }
    return text.toString();
  }

  /** How deep each span sits under the trace's roots (spans whose parent was not received). */
  private static Map<String, Integer> depths(List<CollectedSpan> spans) {
    Map<String, CollectedSpan> byId = new HashMap<>();
    spans.forEach(s -> byId.put(s.spanId(), s));
    Map<String, Integer> depths = new HashMap<>();
    for (CollectedSpan span : spans) {
      int depth = 0;
      CollectedSpan parent = byId.get(span.parentSpanId());
      while (parent != null && depth < spans.size()) {
        depth++;
        parent = byId.get(parent.parentSpanId());
      }
      depths.put(span.spanId(), depth);
    }
    return depths;
  }

  private static String shownAttributes(CollectedSpan span) {
    StringBuilder shown = new StringBuilder();
    for (String key : SHOWN_ATTRIBUTES) {
      String value = span.attributes().get(key);
      if (value != null) {
        shown.append(shown.isEmpty() ? "" : " ").append(key).append('=').append(value);
      }
    }
    return shown.toString();
  }

  private static long toNanos(CollectedSpan span) {
    return span.start().getEpochSecond() * 1_000_000_000L + span.start().getNano();
  }

  private static String millis(Duration duration) {
    return String.format("%.1f ms", duration.toNanos() / 1e6);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
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
}
