package dev.followup.events;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Writes CloudEvents to a Kafka producer in binary mode, as the SmallRye Kafka connector does: the
 * JSON data as the record value, the attributes as {@code ce_*} headers and {@code content-type}.
 * Each record gets a producer span of its own in the trace its event continues, and that span's
 * {@code traceparent} header.
 *
 * <p>The services hand their records straight to the producer the connector created for a channel
 * rather than to the channel's emitter: through the emitter, every record went through a reactive
 * stream with context propagation of its own, which cost more CPU than the producer itself.
 */
public final class CloudEventWriter {

  private static final byte[] SPEC_VERSION = bytes("1.0");
  private static final byte[] JSON = bytes("application/json");
  private static final AttributeKey<String> MESSAGING_SYSTEM =
      AttributeKey.stringKey("messaging.system");
  private static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  private static final TextMapSetter<Headers> HEADERS =
      (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, bytes(value));
      };

  private final byte[] source;
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final Supplier<Producer<String, String>> wiredProducer;
  private volatile Producer<String, String> producer;

  /**
   * @param source the CloudEvent source of every event written, such as {@code
   *     urn:followup:notification-service}
   * @param producer the producer to write to, asked for on the first send and kept: the messaging
   *     connector creates a channel's producer only once it has wired the channel
   */
  public CloudEventWriter(
      String source,
      OpenTelemetry openTelemetry,
      String instrumentation,
      Supplier<Producer<String, String>> producer) {
    this.source = bytes(source);
    this.tracer = openTelemetry.getTracer(instrumentation);
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.wiredProducer = producer;
  }

  /**
   * Sends the events in order and returns at once; the result completes when the broker has
   * acknowledged all of them, or fails with the first that was not. {@code acknowledged} runs for
   * each on the producer's thread. Events after one the producer refused are not sent, so that none
   * overtakes it.
   */
  public CompletableFuture<Void> send(
      String topic, List<CloudEvent> events, Consumer<CloudEvent> acknowledged) {
    CompletableFuture<Void> all = new CompletableFuture<>();
    if (events.isEmpty()) {
      all.complete(null);
      return all;
    }
    Producer<String, String> producer;
    try {
      producer = producer();
    } catch (RuntimeException e) {
      all.completeExceptionally(e);
      return all;
    }
    AtomicInteger outstanding = new AtomicInteger(events.size());
    EventTime time = new EventTime();
    for (CloudEvent event : events) {
      Span span = producerSpan(topic, event);
      try {
        ProducerRecord<String, String> record = record(topic, event, time.of(event));
        propagator.inject(Context.root().with(span), record.headers(), HEADERS);
        producer.send(
            record,
            (metadata, failure) -> {
              if (failure != null) {
                span.setStatus(StatusCode.ERROR, failure.getMessage());
                span.end();
                all.completeExceptionally(failure);
                return;
              }
              span.end();
              acknowledged.accept(event);
              if (outstanding.decrementAndGet() == 0) {
                all.complete(null);
              }
            });
      } catch (RuntimeException e) {
        span.setStatus(StatusCode.ERROR, e.getMessage());
        span.end();
        all.completeExceptionally(e);
        break;
      }
    }
    return all;
  }

  /**
   * Waits for what {@link #send} returned.
   *
   * @throws IllegalStateException if an event was refused, or not acknowledged within {@code
   *     timeout}
   */
  public static void await(CompletableFuture<Void> sent, Duration timeout) {
    try {
      sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("The broker did not take the events", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("The broker did not acknowledge within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Producer<String, String> producer() {
    Producer<String, String> wired = producer;
    if (wired == null) {
      wired = wiredProducer.get();
      if (wired == null) {
        throw new IllegalStateException("The channel's producer is not there yet");
      }
      producer = wired;
    }
    return wired;
  }

  /**
   * The {@code ce_time} header of each event in turn, formatted once for a run of events of the
   * same time: the schedule-service sends a relay's batch, or a timer round's, with one time, and
   * the formatter took nearly a tenth of writing their records in a profile.
   */
  private static final class EventTime {
    private OffsetDateTime time;
    private byte[] formatted;

    byte[] of(CloudEvent event) {
      if (!event.time().equals(time)) {
        time = event.time();
        formatted = bytes(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
      }
      return formatted;
    }
  }

  /** The record as the connector writes a CloudEvent in binary mode. */
  private ProducerRecord<String, String> record(String topic, CloudEvent event, byte[] time) {
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.key(), event.json());
    Headers headers = record.headers();
    headers.add("ce_specversion", SPEC_VERSION);
    headers.add("ce_id", bytes(event.id()));
    headers.add("ce_type", bytes(event.type()));
    headers.add("ce_source", source);
    headers.add("content-type", JSON);
    if (event.subject() != null) {
      headers.add("ce_subject", bytes(event.subject()));
    }
    headers.add("ce_time", time);
    return record;
  }

  private Span producerSpan(String topic, CloudEvent event) {
    return tracer
        .spanBuilder(topic + " publish")
        .setSpanKind(SpanKind.PRODUCER)
        .setParent(event.trace())
        .setAttribute(MESSAGING_SYSTEM, "kafka")
        .setAttribute(DESTINATION, topic)
        .startSpan();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
