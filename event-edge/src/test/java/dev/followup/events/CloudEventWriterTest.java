package dev.followup.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The records the services write: binary-mode CloudEvents in order, continuing their traces, and a
 * result that completes only once the broker acknowledged every one.
 */
class CloudEventWriterTest {

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final Context TRACE =
      Context.root()
          .with(
              Span.wrap(
                  SpanContext.createFromRemoteParent(
                      TRACE_ID,
                      "00f067aa0ba902b7",
                      TraceFlags.getSampled(),
                      TraceState.getDefault())));

  /** A writer to {@code producer}. */
  static CloudEventWriter writer(MockProducer<String, String> producer) {
    return new CloudEventWriter(
        "urn:followup:test",
        OpenTelemetry.propagating(
            ContextPropagators.create(W3CTraceContextPropagator.getInstance())),
        "test",
        () -> producer);
  }

  @Test
  void writesEachEventAsTheConnectorDoesInBinaryMode() {
    MockProducer<String, String> producer = producer(true);
    CloudEvent event =
        new CloudEvent(
            "id-1",
            "dev.followup.test.v1",
            "step-1",
            "cand-1",
            "{\"a\":1}",
            OffsetDateTime.parse("2026-03-29T01:30:00.123456+01:00"),
            TRACE);

    writer(producer).send("topic-a", List.of(event), e -> {}).join();

    ProducerRecord<String, String> record = producer.history().get(0);
    assertThat(record.topic()).isEqualTo("topic-a");
    assertThat(record.key()).isEqualTo("cand-1");
    assertThat(record.value()).isEqualTo("{\"a\":1}");
    assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(record, "ce_id")).isEqualTo("id-1");
    assertThat(header(record, "ce_type")).isEqualTo("dev.followup.test.v1");
    assertThat(header(record, "ce_source")).isEqualTo("urn:followup:test");
    assertThat(header(record, "ce_subject")).isEqualTo("step-1");
    assertThat(header(record, "ce_time")).isEqualTo("2026-03-29T01:30:00.123456+01:00");
    assertThat(header(record, "content-type")).isEqualTo("application/json");
    assertThat(header(record, "traceparent")).contains(TRACE_ID);
  }

  @Test
  void eachEventHasItsOwnTimeWhenTimesDifferInABatch() {
    OffsetDateTime first = OffsetDateTime.parse("2026-10-25T01:59:59.999+02:00");
    OffsetDateTime second = OffsetDateTime.parse("2026-10-25T02:00:00Z");
    // The same instant as the first, at another offset: written as it was given.
    OffsetDateTime third = first.withOffsetSameInstant(ZoneOffset.UTC);
    MockProducer<String, String> producer = producer(true);

    writer(producer)
        .send(
            "topic-a",
            List.of(
                at("a", first), at("b", first), at("c", second), at("d", third), at("e", first)),
            e -> {})
        .join();

    assertThat(producer.history())
        .extracting(record -> header(record, "ce_time"))
        .containsExactly(
            "2026-10-25T01:59:59.999+02:00",
            "2026-10-25T01:59:59.999+02:00",
            "2026-10-25T02:00:00Z",
            "2026-10-24T23:59:59.999Z",
            "2026-10-25T01:59:59.999+02:00");
  }

  private static CloudEvent at(String key, OffsetDateTime time) {
    return new CloudEvent("id-" + key, "dev.followup.test.v1", null, key, "{}", time, TRACE);
  }

  @Test
  void anEventWithoutSubjectHasNoSubjectHeader() {
    MockProducer<String, String> producer = producer(true);
    writer(producer).send("topic-a", List.of(event("a", null)), e -> {}).join();
    assertThat(producer.history().get(0).headers().lastHeader("ce_subject")).isNull();
  }

  @Test
  void completesOnlyOnceEveryEventIsAcknowledgedAndReportsEachInOrder() {
    MockProducer<String, String> producer = producer(false);
    List<String> acknowledged = new ArrayList<>();
    CompletableFuture<Void> sent =
        writer(producer)
            .send(
                "topic-a",
                List.of(event("a", "s"), event("b", "s"), event("c", "s")),
                e -> acknowledged.add(e.id()));

    assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("a", "b", "c");
    producer.completeNext();
    producer.completeNext();
    assertThat(sent).isNotDone();
    producer.completeNext();
    assertThat(sent).isCompleted();
    assertThat(acknowledged).containsExactly("id-a", "id-b", "id-c");
  }

  @Test
  void failsWhenTheBrokerRefusesOne() {
    MockProducer<String, String> producer = producer(false);
    CompletableFuture<Void> sent =
        writer(producer).send("topic-a", List.of(event("a", "s"), event("b", "s")), e -> {});
    producer.completeNext();
    producer.errorNext(new KafkaException("not the leader"));

    assertThatThrownBy(() -> CloudEventWriter.await(sent, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("not the leader");
  }

  @Test
  void sendsNothingAfterAnEventTheProducerRefusedSoThatNoneOvertakesIt() {
    MockProducer<String, String> producer = producer(true);
    producer.sendException = new KafkaException("closed");

    CompletableFuture<Void> sent =
        writer(producer).send("topic-a", List.of(event("a", "s"), event("b", "s")), e -> {});

    assertThat(sent).isCompletedExceptionally();
    assertThat(producer.history()).isEmpty();
  }

  @Test
  void awaitGivesUpAfterTheTimeout() {
    MockProducer<String, String> producer = producer(false);
    CompletableFuture<Void> sent =
        writer(producer).send("topic-a", List.of(event("a", "s")), e -> {});
    assertThatThrownBy(() -> CloudEventWriter.await(sent, Duration.ofMillis(50)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not acknowledge");
  }

  @Test
  void failsWhileTheChannelHasNoProducerYetAndSendsOnceItHas() {
    MockProducer<String, String> producer = producer(true);
    AtomicReference<MockProducer<String, String>> wired = new AtomicReference<>();
    CloudEventWriter writer =
        new CloudEventWriter("urn:followup:test", OpenTelemetry.noop(), "test", wired::get);

    assertThat(writer.send("topic-a", List.of(event("a", "s")), e -> {}))
        .isCompletedExceptionally();

    wired.set(producer);
    writer.send("topic-a", List.of(event("b", "s")), e -> {}).join();
    assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("b");
  }

  private static CloudEvent event(String key, String subject) {
    return new CloudEvent(
        "id-" + key,
        "dev.followup.test.v1",
        subject,
        key,
        "{}",
        OffsetDateTime.parse("2026-01-01T00:00:00Z"),
        Context.root());
  }

  /** A producer that keeps what it was given; without a partitioner, Kafka's default one. */
  private static MockProducer<String, String> producer(boolean autoComplete) {
    return new MockProducer<>(autoComplete, null, new StringSerializer(), new StringSerializer());
  }

  private static String header(ProducerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
