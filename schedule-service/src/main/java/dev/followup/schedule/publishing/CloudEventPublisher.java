package dev.followup.schedule.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.followup.events.CloudEvent;
import dev.followup.events.CloudEventWriter;
import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.tracing.TraceParents;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * serialisers) and watches in the health checks; why they skip the channel's emitter is told in
 * {@link CloudEventWriter}. The emitters are injected only so that the connector wires the
 * channels.
 */
@ApplicationScoped
public class CloudEventPublisher {

  /** The outgoing streams. */
  public enum Stream {
    FOLLOW_UPS_DUE("follow-ups-due"),
    PLAN_EVENTS("plan-events");

    final String channel;

    Stream(String channel) {
      this.channel = channel;
    }
  }

  private final Map<Stream, String> topics = new EnumMap<>(Stream.class);
  private final Map<Stream, CloudEventWriter> writers = new EnumMap<>(Stream.class);
  private final ObjectWriter json;
  private final ScheduleMetrics metrics;

  CloudEventPublisher(
      @Channel("follow-ups-due") MutinyEmitter<String> followUpsDue,
      @Channel("plan-events") MutinyEmitter<String> planEvents,
      KafkaClientService kafka,
      Config config,
      ObjectMapper objectMapper,
      OpenTelemetry openTelemetry,
      ScheduleMetrics metrics) {
    for (Stream stream : Stream.values()) {
      topics.put(
          stream,
          config
              .getOptionalValue("mp.messaging.outgoing." + stream.channel + ".topic", String.class)
              .orElse(stream.channel));
      writers.put(
          stream,
          new CloudEventWriter(
              "urn:followup:schedule-service",
              openTelemetry,
              "dev.followup.schedule.publishing",
              () -> kafka.<String, String>getProducer(stream.channel).unwrap()));
    }
    this.json = objectMapper.writer();
    this.metrics = metrics;
  }

  /**
   * Sends the events in order and waits until the broker has acknowledged all of them: a caller
   * inside a transaction holds it open meanwhile, at most {@code timeout}.
   *
   * @throws RuntimeException if any was not acknowledged within {@code timeout}
   */
  public void publishAndAwait(Stream stream, List<OutgoingEvent> events, Duration timeout) {
    CloudEventWriter.await(publish(stream, events), timeout);
  }

  /**
   * Sends the events in order and returns at once; the result completes when the broker has
   * acknowledged all of them, or fails with the first that was not. Events after one that could not
   * be handed to the producer are not sent; if one cannot be serialised, none is.
   */
  public CompletableFuture<Void> publish(Stream stream, List<OutgoingEvent> events) {
    List<CloudEvent> cloudEvents = new ArrayList<>(events.size());
    OffsetDateTime now = OffsetDateTime.now();
    try {
      for (OutgoingEvent event : events) {
        cloudEvents.add(
            new CloudEvent(
                event.id(),
                event.type(),
                event.subject(),
                event.key(),
                event.data() instanceof String text
                    ? text // already serialised (from an outbox)
                    : json.writeValueAsString(event.data()),
                now,
                TraceParents.context(event.traceParent())));
      }
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    return writers
        .get(stream)
        .send(topics.get(stream), cloudEvents, sent -> metrics.published(sent.type()));
  }
}
