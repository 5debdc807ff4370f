package dev.followup.schedule.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes FollowUpDue CloudEvents (binary mode: JSON value, ce_* headers) to Kafka. */
@ApplicationScoped
public class FollowUpDuePublisher {

  private static final URI SOURCE = URI.create("urn:followup:schedule-service");

  private final MutinyEmitter<String> emitter;
  private final ObjectMapper objectMapper;

  FollowUpDuePublisher(
      @Channel("follow-ups-due") MutinyEmitter<String> emitter, ObjectMapper objectMapper) {
    this.emitter = emitter;
    this.objectMapper = objectMapper;
  }

  /**
   * Sends the events in order and waits until the broker has acknowledged all of them. Must not be
   * called inside a transaction: a JTA context must not leak into the producer's threads.
   *
   * @throws RuntimeException if any was not acknowledged within {@code timeout}
   */
  public void publishAndAwait(List<OutgoingEvent> events, Duration timeout) {
    if (events.isEmpty()) {
      return;
    }
    List<Uni<Void>> acks = events.stream().map(this::send).toList();
    Uni.join().all(acks).andFailFast().await().atMost(timeout);
  }

  private Uni<Void> send(OutgoingEvent event) {
    String json;
    try {
      json = objectMapper.writeValueAsString(event.data());
    } catch (JsonProcessingException e) {
      return Uni.createFrom().failure(e);
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
    return emitter.sendMessage(Message.of(json).addMetadata(cloudEvent).addMetadata(record));
  }
}
