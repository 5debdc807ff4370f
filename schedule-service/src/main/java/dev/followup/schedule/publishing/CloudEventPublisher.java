package dev.followup.schedule.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.tracing.TraceParents;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes this service's CloudEvents (binary mode: JSON value, ce_* headers) to Kafka:
 * FollowUpDue on {@code follow-ups-due}, plan changes on {@code plan-events}. Each record is sent
 * in the trace its event was written in (a producer span of its own, whose {@code traceparent}
 * header continues it), and counted once the broker has acknowledged it.
 *
 * <p>The records go straight to the Kafka producer of each channel, which the messaging connector
 * creates from the channel's configuration ({@code mp.messaging.outgoing.*}: acks, idempotence,
 * serialisers) and watches in the health checks. Sending each record through the channel's emitter
 * cost several times more CPU per record than the producer itself (a reactive stream with context
 * propagation for every message): the largest share of the timers' firing cost. The emitters are
 * injected only so that the connector wires the channels.
 */
@ApplicationScoped
public class CloudEventPublisher {

  private static final String SOURCE = "urn:followup:schedule-service";
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

  /** The outgoing streams. */
  public enum Stream {
    FOLLOW_UPS_DUE("follow-ups-due"),
    PLAN_EVENTS("plan-events");

    final String channel;

    Stream(String channel) {
      this.channel = channel;
    }
  }

  private final KafkaClientService kafka;
  private final Map<Stream, String> topics = new EnumMap<>(Stream.class);
  private final Map<Stream, Producer<String, String>> producers = new ConcurrentHashMap<>();
  private final ObjectWriter writer;
  private final ScheduleMetrics metrics;
  private final Tracer tracer;
  private final TextMapPropagator propagator;

  CloudEventPublisher(
      @Channel("follow-ups-due") MutinyEmitter<String> followUpsDue,
      @Channel("plan-events") MutinyEmitter<String> planEvents,
      KafkaClientService kafka,
      Config config,
      ObjectMapper objectMapper,
      OpenTelemetry openTelemetry,
      ScheduleMetrics metrics) {
    this.kafka = kafka;
    for (Stream stream : Stream.values()) {
      topics.put(
          stream,
          config
              .getOptionalValue("mp.messaging.outgoing." + stream.channel + ".topic", String.class)
              .orElse(stream.channel));
    }
    this.writer = objectMapper.writer();
    this.metrics = metrics;
    this.tracer = openTelemetry.getTracer("dev.followup.schedule.publishing");
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  /**
   * Sends the events in order and waits until the broker has acknowledged all of them: a caller
   * inside a transaction holds it open meanwhile, at most {@code timeout}.
   *
   * @throws RuntimeException if any was not acknowledged within {@code timeout}
   */
  public void publishAndAwait(Stream stream, List<OutgoingEvent> events, Duration timeout) {
    try {
      publish(stream, events).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("The broker did not take the events", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("The broker did not acknowledge within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends the events in order and returns at once; the result completes when the broker has
   * acknowledged all of them, or fails with the first that was not. Events after one that could not
   * be handed to the producer are not sent.
   */
  public CompletableFuture<Void> publish(Stream stream, List<OutgoingEvent> events) {
    CompletableFuture<Void> all = new CompletableFuture<>();
    if (events.isEmpty()) {
      all.complete(null);
      return all;
    }
    Producer<String, String> producer = producer(stream);
    String topic = topics.get(stream);
    AtomicInteger outstanding = new AtomicInteger(events.size());
    for (OutgoingEvent event : events) {
      ProducerRecord<String, String> record;
      Span span = null;
      try {
        record = record(topic, event);
        span = producerSpan(topic, event);
        propagator.inject(Context.root().with(span), record.headers(), HEADERS);
        Span sent = span;
        producer.send(
            record,
            (metadata, failure) -> {
              if (failure != null) {
                sent.setStatus(StatusCode.ERROR, failure.getMessage());
                sent.end();
                all.completeExceptionally(failure);
                return;
              }
              sent.end();
              metrics.published(event.type());
              if (outstanding.decrementAndGet() == 0) {
                all.complete(null);
              }
            });
      } catch (RuntimeException | JsonProcessingException e) {
        if (span != null) {
          span.setStatus(StatusCode.ERROR, e.getMessage());
          span.end();
        }
        all.completeExceptionally(e);
        break;
      }
    }
    return all;
  }

  /** The channel's producer, created by the connector when it wired the channel. */
  private Producer<String, String> producer(Stream stream) {
    return producers.computeIfAbsent(
        stream, wired -> kafka.<String, String>getProducer(wired.channel).unwrap());
  }

  /** The record as the connector writes a CloudEvent in binary mode. */
  private ProducerRecord<String, String> record(String topic, OutgoingEvent event)
      throws JsonProcessingException {
    String json =
        event.data() instanceof String text
            ? text // already serialised (from an outbox)
            : writer.writeValueAsString(event.data());
    ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.key(), json);
    Headers headers = record.headers();
    headers.add("ce_specversion", SPEC_VERSION);
    headers.add("ce_id", bytes(event.id()));
    headers.add("ce_type", bytes(event.type()));
    headers.add("ce_source", bytes(SOURCE));
    headers.add("content-type", JSON);
    if (event.subject() != null) {
      headers.add("ce_subject", bytes(event.subject()));
    }
    headers.add(
        "ce_time", bytes(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now())));
    return record;
  }

  /** A producer span in the trace the event was written in. */
  private Span producerSpan(String topic, OutgoingEvent event) {
    return tracer
        .spanBuilder(topic + " publish")
        .setSpanKind(SpanKind.PRODUCER)
        .setParent(TraceParents.context(event.traceParent()))
        .setAttribute(MESSAGING_SYSTEM, "kafka")
        .setAttribute(DESTINATION, topic)
        .startSpan();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
