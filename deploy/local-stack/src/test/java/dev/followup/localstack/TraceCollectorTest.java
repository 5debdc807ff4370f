package dev.followup.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.localstack.TraceCollector.CollectedSpan;
import dev.followup.localstack.TraceCollector.TraceSummary;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector against what the services run: the OpenTelemetry SDK exporting over OTLP/HTTP
 * (protobuf, as {@code quarkus.otel.exporter.otlp.protocol=http/protobuf}), with two services'
 * spans in one trace, as a REST call and the Kafka consumer it reaches make.
 */
class TraceCollectorTest {

  private TraceCollector collector;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    collector = TraceCollector.start(0);
  }

  @AfterEach
  void stop() {
    collector.close();
  }

  @Test
  void spansOfTwoServicesExportedOverOtlpHttpFormOneTrace() throws Exception {
    try (SdkTracerProvider interviews = provider("interview-service", false);
        SdkTracerProvider schedules = provider("schedule-service", true)) {
      Tracer interviewTracer = interviews.get("test");
      Span call =
          interviewTracer
              .spanBuilder("POST /interviews/{id}/completion")
              .setSpanKind(SpanKind.SERVER)
              .setAttribute("http.route", "/interviews/{id}/completion")
              .setAttribute(AttributeKey.longKey("http.response.status_code"), 200L)
              .startSpan();
      Span send;
      try (Scope ignored = call.makeCurrent()) {
        send =
            interviewTracer
                .spanBuilder("interview-events publish")
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.destination.name", "interview-events")
                .startSpan();
        send.end();
      }
      call.end();
      // The consumer in the other service continues the trace from the record's traceparent.
      Span receive =
          schedules
              .get("test")
              .spanBuilder("interview-events receive")
              .setParent(io.opentelemetry.context.Context.root().with(send))
              .setSpanKind(SpanKind.CONSUMER)
              .startSpan();
      receive.setStatus(StatusCode.ERROR, "planning failed");
      receive.end();

      assertThat(interviews.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
          .as("the interview-service's export was accepted")
          .isTrue();
      assertThat(schedules.forceFlush().join(10, TimeUnit.SECONDS).isSuccess())
          .as("the schedule-service's (gzip) export was accepted")
          .isTrue();

      String traceId = call.getSpanContext().getTraceId();
      List<CollectedSpan> spans = collector.trace(traceId).orElseThrow();
      assertThat(spans)
          .extracting(CollectedSpan::service, CollectedSpan::name, CollectedSpan::kind)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "interview-service", "POST /interviews/{id}/completion", "SERVER"),
              org.assertj.core.groups.Tuple.tuple(
                  "interview-service", "interview-events publish", "PRODUCER"),
              org.assertj.core.groups.Tuple.tuple(
                  "schedule-service", "interview-events receive", "CONSUMER"));
      assertThat(spans.get(0).parentSpanId()).isEmpty();
      assertThat(spans.get(1).parentSpanId()).isEqualTo(call.getSpanContext().getSpanId());
      assertThat(spans.get(2).parentSpanId()).isEqualTo(send.getSpanContext().getSpanId());
      assertThat(spans.get(0).attributes())
          .containsEntry("http.route", "/interviews/{id}/completion")
          .containsEntry("http.response.status_code", "200");
      assertThat(spans.get(2).error()).isTrue();
      assertThat(spans).allSatisfy(s -> assertThat(s.duration()).isPositive());

      TraceSummary summary = collector.traces().get(0);
      assertThat(summary.traceId()).isEqualTo(traceId);
      assertThat(summary.root().name()).isEqualTo("POST /interviews/{id}/completion");
      assertThat(summary.services()).containsExactly("interview-service", "schedule-service");
      assertThat(summary.spans()).isEqualTo(3);
      assertThat(summary.error()).isTrue();

      // The page shows it, by id and in the list.
      String page = get("/traces/" + traceId + ".txt");
      assertThat(page)
          .contains("interview-service", "schedule-service", "interview-events receive")
          .contains("messaging.destination.name=interview-events");
      assertThat(get("/traces.txt")).contains(traceId, "interview-service → schedule-service");
      assertThat(get("/traces/" + traceId)).contains("POST /interviews/{id}/completion");
    }
  }

  @Test
  void refusesWhatIsNotAnOtlpProtobufExport() throws Exception {
    HttpResponse<String> json =
        http.send(
            HttpRequest.newBuilder(URI.create(collector.endpoint() + "/v1/traces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(json.statusCode()).isEqualTo(415);
    HttpResponse<String> garbage =
        http.send(
            HttpRequest.newBuilder(URI.create(collector.endpoint() + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, 0x01}))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(collector.traces()).isEmpty();
  }

  private SdkTracerProvider provider(String service, boolean gzip) {
    OtlpHttpSpanExporter exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(collector.endpoint() + "/v1/traces")
            .setCompression(gzip ? "gzip" : "none")
            .build();
    return SdkTracerProvider.builder()
        .setResource(
            Resource.getDefault().merge(Resource.builder().put("service.name", service).build()))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
        .build();
  }

  private String get(String path) throws Exception {
    // The page's handler is the one MessagesPage mounts; here on a page of its own.
    try (MessagesPage page = new MessagesPage(0).showTraces(collector)) {
      page.start();
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(page.url() + path.substring(1))).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      return response.body();
    }
  }
}
