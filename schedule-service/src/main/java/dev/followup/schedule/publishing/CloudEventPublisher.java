package dev.followup.schedule.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.tracing.TraceParents;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes this service's CloudEvents (binary mode: JSON value, ce_* headers) to Kafka:
 * FollowUpDue on {@code follow-ups-due}, plan changes on {@code plan-events}. Each record is sent
 * in the trace its event was written in (the connector's producer span and the record's {@code
 * traceparent} header continue it), and counted once the broker has acknowledged it.
 */
@ApplicationScoped
public class CloudEventPublisher {

  private static final URI SOURCE = URI.create("urn:followup:schedule-service");

  /** The outgoing streams. */
  public enum Stream {
    FOLLOW_UPS_DUE,
    PLAN_EVENTS
  }

  private final MutinyEmitter<String> followUpsDue;
  private final MutinyEmitter<String> planEvents;
  private final ObjectMapper objectMapper;
  private final ScheduleMetrics metrics;

  CloudEventPublisher(
      @Channel("follow-ups-due") MutinyEmitter<String> followUpsDue,
      @Channel("plan-events") MutinyEmitter<String> planEvents,
      ObjectMapper objectMapper,
      ScheduleMetrics metrics) {
    this.followUpsDue = followUpsDue;
    this.planEvents = planEvents;
    this.objectMapper = objectMapper;
    this.metrics = metrics;
  }

  /**
   * Sends the events in order and waits until the broker has acknowledged all of them. Must not be
   * called inside a transaction: a JTA context must not leak into the producer's threads.
   *
   * @throws RuntimeException if any was not acknowledged within {@code timeout}
   */
  public void publishAndAwait(Stream stream, List<OutgoingEvent> events, Duration timeout) {
    if (events.isEmpty()) {
      return;
    }
    MutinyEmitter<String> emitter = stream == Stream.FOLLOW_UPS_DUE ? followUpsDue : planEvents;
    List<Uni<Void>> acks = events.stream().map(event -> send(emitter, event)).toList();
    Uni.join().all(acks).andFailFast().await().atMost(timeout);
  }

  /**
   * Sends the events in order and returns at once; the result completes when the broker has
   * acknowledged all of them, or fails with the first that was not. Must not be called inside a
   * transaction (see {@link #publishAndAwait}).
   */
  public CompletableFuture<Void> publish(Stream stream, List<OutgoingEvent> events) {
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    MutinyEmitter<String> emitter = stream == Stream.FOLLOW_UPS_DUE ? followUpsDue : planEvents;
    List<Uni<Void>> acks = events.stream().map(event -> send(emitter, event)).toList();
    return Uni.join().all(acks).andFailFast().replaceWithVoid().subscribeAsCompletionStage();
  }

  private Uni<Void> send(MutinyEmitter<String> emitter, OutgoingEvent event) {
    String json;
    if (event.data() instanceof String text) {
      json = text; // already serialised (from an outbox)
    } else {
      try {
        json = objectMapper.writeValueAsString(event.data());
      } catch (JsonProcessingException e) {
        return Uni.createFrom().failure(e);
      }
    }
    OutgoingCloudEventMetadata<String> cloudEvent =
        OutgoingCloudEventMetadata.<String>builder()
            .withId(event.id())
            .withType(event.type())
            .withSubject(event.subject())
            .withSource(SOURCE)
            .withDataContentType("application/json")
            .build();
    OutgoingKafkaRecordMetadata<String> record =
        OutgoingKafkaRecordMetadata.<String>builder().withKey(event.key()).build();
    Context trace = TraceParents.context(event.traceParent());
    Message<String> message =
        Message.of(json)
            .addMetadata(cloudEvent)
            .addMetadata(record)
            // The connector's producer span takes its parent from here, whatever thread sends.
            .addMetadata(TracingMetadata.withCurrent(trace));
    try (Scope current = trace.makeCurrent()) {
      return emitter.sendMessage(message).invoke(() -> metrics.published(event.type()));
    }
  }
}
