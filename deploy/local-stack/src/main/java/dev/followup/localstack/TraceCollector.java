package dev.followup.localstack;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A trace collector for the local run: receives the spans the services export over OTLP/HTTP
 * ({@code POST /v1/traces}, {@code application/x-protobuf}, the protocol's own generated classes to
 * decode them) and keeps the most recent traces in memory, so that the messages page can show one
 * interview completion from the REST call through Kafka to the email, without a collector or
 * Docker.
 */
final class TraceCollector implements AutoCloseable {

  /** Oldest traces are dropped past this many; the local run keeps no history. */
  static final int MAX_TRACES = 500;

  /** A runaway trace (a loop, a batch of thousands) keeps its first spans only. */
  static final int MAX_SPANS_PER_TRACE = 2_000;

  private static final HexFormat HEX = HexFormat.of();

  /** One span as the page shows it. Attribute values are rendered as text. */
  record CollectedSpan(
      String traceId,
      String spanId,
      String parentSpanId,
      String service,
      String name,
      String kind,
      Instant start,
      Duration duration,
      boolean error,
      Map<String, String> attributes) {

    Instant end() {
      return start.plus(duration);
    }
  }

  /**
   * A trace as the list shows it: its first span, when and how long, which services it went
   * through.
   */
  record TraceSummary(
      String traceId,
      CollectedSpan root,
      Instant start,
      Duration duration,
      int spans,
      Set<String> services,
      boolean error) {}

  /** Traces by id, oldest received first; guarded by {@code this}. */
  private final LinkedHashMap<String, List<CollectedSpan>> traces =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<CollectedSpan>> eldest) {
          return size() > MAX_TRACES;
        }
      };

  private final HttpServer server;

  private TraceCollector(HttpServer server) {
    this.server = server;
  }

  /** Listens on {@code localhost:port} (4318 is OTLP/HTTP's default; 0 for any free port). */
  static TraceCollector start(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
    TraceCollector collector = new TraceCollector(server);
    server.createContext("/v1/traces", collector::export);
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "trace-collector");
              thread.setDaemon(true);
              return thread;
            }));
    server.start();
    return collector;
  }

  /** The base URL the services' OTLP exporter is pointed at. */
  String endpoint() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  /** The traces received, the most recently started first. */
  synchronized List<TraceSummary> traces() {
    List<TraceSummary> summaries = new ArrayList<>();
    traces.forEach((id, spans) -> summaries.add(summarise(id, spans)));
    summaries.sort(Comparator.comparing(TraceSummary::start).reversed());
    return summaries;
  }

  /** One trace's spans in the order they started, or empty when none of it was received. */
  synchronized Optional<List<CollectedSpan>> trace(String traceId) {
    List<CollectedSpan> spans = traces.get(traceId.toLowerCase());
    if (spans == null) {
      return Optional.empty();
    }
    List<CollectedSpan> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparing(CollectedSpan::start));
    return Optional.of(sorted);
  }

  private void export(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        respond(exchange, 405, "text/plain", bytes("POST OTLP spans here"));
        return;
      }
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type == null || !type.startsWith("application/x-protobuf")) {
        // OTLP/JSON encodes ids differently from protobuf's JSON mapping; the services send
        // protobuf (quarkus.otel.exporter.otlp.protocol=http/protobuf).
        respond(exchange, 415, "text/plain", bytes("Send OTLP as application/x-protobuf"));
        return;
      }
      ExportTraceServiceRequest request;
      try (InputStream body = body(exchange)) {
        request = ExportTraceServiceRequest.parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        respond(exchange, 400, "text/plain", bytes("Not an OTLP trace export: " + e.getMessage()));
        return;
      }
      add(request);
      respond(
          exchange,
          200,
          "application/x-protobuf",
          ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    }
  }

  private static InputStream body(HttpExchange exchange) throws IOException {
    InputStream body = exchange.getRequestBody();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(body) : body;
  }

  private synchronized void add(ExportTraceServiceRequest request) {
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      String service = serviceName(resourceSpans.getResource());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          CollectedSpan collected = collect(service, span);
          List<CollectedSpan> spans =
              traces.computeIfAbsent(collected.traceId(), id -> new ArrayList<>());
          if (spans.size() < MAX_SPANS_PER_TRACE) {
            spans.add(collected);
          }
        }
      }
    }
  }

  private static CollectedSpan collect(String service, Span span) {
    Instant start = instant(span.getStartTimeUnixNano());
    Map<String, String> attributes = new LinkedHashMap<>();
    for (KeyValue attribute : span.getAttributesList()) {
      attributes.put(attribute.getKey(), text(attribute.getValue()));
    }
    return new CollectedSpan(
        hex(span.getTraceId()),
        hex(span.getSpanId()),
        hex(span.getParentSpanId()),
        service,
        span.getName(),
        span.getKind().name().replace("SPAN_KIND_", ""),
        start,
        Duration.between(start, instant(span.getEndTimeUnixNano())),
        span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
        attributes);
  }

  private static TraceSummary summarise(String traceId, List<CollectedSpan> spans) {
    Instant start = spans.stream().map(CollectedSpan::start).min(Comparator.naturalOrder()).get();
    Instant end = spans.stream().map(CollectedSpan::end).max(Comparator.naturalOrder()).get();
    Set<String> ids = new LinkedHashSet<>();
    spans.forEach(s -> ids.add(s.spanId()));
    // The root is the span whose parent is not in the trace (none, or one not exported yet);
    // the earliest such span if several.
    CollectedSpan root =
        spans.stream()
            .filter(s -> !ids.contains(s.parentSpanId()))
            .min(Comparator.comparing(CollectedSpan::start))
            .orElse(spans.get(0));
    Set<String> services = new LinkedHashSet<>();
    spans.stream()
        .sorted(Comparator.comparing(CollectedSpan::start))
        .forEach(s -> services.add(s.service()));
    return new TraceSummary(
        traceId,
        root,
        start,
        Duration.between(start, end),
        spans.size(),
        services,
        spans.stream().anyMatch(CollectedSpan::error));
  }

  private static String serviceName(Resource resource) {
    for (KeyValue attribute : resource.getAttributesList()) {
      if (attribute.getKey().equals("service.name")) {
        return text(attribute.getValue());
      }
    }
    return "unknown";
  }

  private static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case BYTES_VALUE -> hex(value.getBytesValue());
      case ARRAY_VALUE ->
          value.getArrayValue().getValuesList().stream()
              .map(TraceCollector::text)
              .toList()
              .toString();
      default -> value.toString().strip();
    };
  }

  private static String hex(ByteString bytes) {
    return HEX.formatHex(bytes.toByteArray());
  }

  private static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(0, epochNanos);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
