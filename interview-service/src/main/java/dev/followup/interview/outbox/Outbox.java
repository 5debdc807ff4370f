package dev.followup.interview.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * Writes events into the outbox table. It must run inside the transaction of the change the event
 * reports: both commit together or neither does, so no event is lost and none is invented.
 */
@ApplicationScoped
public class Outbox {

  private final ObjectMapper objectMapper;
  private final Clock clock;

  Outbox(ObjectMapper objectMapper, Clock clock) {
    this.objectMapper = objectMapper;
    this.clock = clock;
  }

  /**
   * Adds an event to the outbox.
   *
   * @param topic Kafka topic it goes to
   * @param key Kafka record key; events sharing a key keep their order
   * @param type versioned CloudEvent type
   * @param subject CloudEvent subject, the id of what the event is about
   * @param data CloudEvent data, serialised as JSON
   * @return the CloudEvent id
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public UUID append(String topic, String key, String type, String subject, Object data) {
    OutboxEvent event = new OutboxEvent();
    event.id = UUID.randomUUID();
    event.topic = topic;
    event.recordKey = key;
    event.type = type;
    event.subject = subject;
    event.createdAt = clock.instant();
    try {
      event.payload = objectMapper.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Event data cannot be written as JSON: " + type, e);
    }
    event.persist();
    return event.id;
  }
}
