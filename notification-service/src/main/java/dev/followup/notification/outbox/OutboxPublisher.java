package dev.followup.notification.outbox;

import dev.followup.events.CloudEvent;
import dev.followup.events.CloudEventWriter;
import dev.followup.notification.tracing.TraceParents;
import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Writes outbox events to the {@code notification-events} topic as CloudEvents, each in the trace
 * of the delivery it announces, through the producer that the messaging connector created for the
 * channel (from its {@code mp.messaging.outgoing.notification-events.*} configuration: acks,
 * idempotence, serialisers, batch size; watched by the health checks). The emitter is injected only
 * so that the connector wires the channel; why records skip it is told in {@link CloudEventWriter}.
 */
@ApplicationScoped
public class OutboxPublisher {

  static final String CHANNEL = "notification-events";

  private final KafkaClientService kafka;
  private final CloudEventWriter writer;
  private volatile Producer<String, String> producer;

  OutboxPublisher(
      @Channel(CHANNEL) MutinyEmitter<String> channel,
      KafkaClientService kafka,
      OpenTelemetry openTelemetry) {
    this.kafka = kafka;
    this.writer =
        new CloudEventWriter(
            "urn:followup:notification-service", openTelemetry, "dev.followup.notification.outbox");
  }

  /**
   * Sends the events in order, each to its row's topic, and waits until the broker has acknowledged
   * all of them.
   *
   * @throws IllegalStateException if any was refused, or not acknowledged within {@code timeout}
   */
  public void publishAndAwait(List<OutboxEvent> events, Duration timeout) {
    // Each row names its topic (all of them this channel's today); each run of rows for one topic
    // goes out in order.
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    int start = 0;
    while (start < events.size()) {
      String topic = events.get(start).topic;
      int end = start;
      while (end < events.size() && topic.equals(events.get(end).topic)) {
        end++;
      }
      List<CloudEvent> run = events.subList(start, end).stream().map(OutboxPublisher::of).toList();
      runs.add(writer.send(producer(), topic, run, sent -> {}));
      start = end;
    }
    CloudEventWriter.await(
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)), timeout);
  }

  private static CloudEvent of(OutboxEvent event) {
    return new CloudEvent(
        event.id,
        event.type,
        event.subject,
        event.recordKey,
        event.payload,
        event.createdAt.atOffset(ZoneOffset.UTC),
        TraceParents.context(event.traceParent));
  }

  /** The channel's producer, created by the connector when it wired the channel. */
  private Producer<String, String> producer() {
    Producer<String, String> wired = producer;
    if (wired == null) {
      wired = kafka.<String, String>getProducer(CHANNEL).unwrap();
      producer = wired;
    }
    return wired;
  }
}
