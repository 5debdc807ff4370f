package dev.followup.interview.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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
  private final EntityManager entityManager;
  private final Clock clock;

  Outbox(ObjectMapper objectMapper, EntityManager entityManager, Clock clock) {
    this.objectMapper = objectMapper;
    this.entityManager = entityManager;
    this.clock = clock;
  }

  /** Whose personal data an event carries: a candidate within a tenant. */
  public record Owner(String tenantId, String candidateId) {}

  /**
   * Adds an event to the outbox.
   *
   * @param owner the candidate whose data the event carries, so that erasure finds it
   * @param topic Kafka topic it goes to
   * @param key Kafka record key; events sharing a key keep their order
   * @param type versioned CloudEvent type
   * @param subject CloudEvent subject, the id of what the event is about
   * @param data CloudEvent data, serialised as JSON
   * @return the CloudEvent id
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public UUID append(
      Owner owner, String topic, String key, String type, String subject, Object data) {
    OutboxEvent event = newEvent(topic, key, type, subject, data);
    event.tenantId = owner.tenantId();
    event.candidateId = owner.candidateId();
    event.persist();
    return event.id;
  }

  /**
   * Forgets a candidate. The relay deletes every event it publishes, so the events about them still
   * here are waiting: they stay publishable, in their order, so that consumers see the history they
   * were promised before the erasure event that follows them, and go once sent. No row names the
   * candidate any more once the relay is done.
   *
   * <p>For a relay of the previous version during a rolling upgrade, which marks what it publishes
   * and keeps it: the waiting rows are marked to be deleted once published, and the rows it already
   * published are deleted, in that order in one transaction (marking locks them, so that relay
   * cannot publish one in between and leave it behind unmarked).
   *
   * @return how many published events were deleted
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int forget(Owner owner) {
    entityManager
        .createNativeQuery(
            "update outbox_event set discard_when_published = true"
                + " where tenant_id = :tenant and candidate_id = :candidate")
        .setParameter("tenant", owner.tenantId())
        .setParameter("candidate", owner.candidateId())
        .executeUpdate();
    return entityManager
        .createNativeQuery(
            "delete from outbox_event where tenant_id = :tenant and candidate_id = :candidate"
                + " and published_at is not null")
        .setParameter("tenant", owner.tenantId())
        .setParameter("candidate", owner.candidateId())
        .executeUpdate();
  }

  /**
   * Adds an event that is deleted as soon as it is published, such as the erasure event itself: it
   * names the candidate, who must leave nothing behind.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public UUID appendDiscardedOncePublished(
      Owner owner, String topic, String key, String type, String subject, Object data) {
    OutboxEvent event = newEvent(topic, key, type, subject, data);
    event.tenantId = owner.tenantId();
    event.candidateId = owner.candidateId();
    event.discardWhenPublished = true;
    event.persist();
    return event.id;
  }

  private OutboxEvent newEvent(String topic, String key, String type, String subject, Object data) {
    OutboxEvent event = new OutboxEvent();
    event.id = UUID.randomUUID();
    event.topic = topic;
    event.recordKey = key;
    event.type = type;
    event.subject = subject;
    event.createdAt = clock.instant();
    event.traceParent = TraceParent.current();
    try {
      event.payload = objectMapper.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Event data cannot be written as JSON: " + type, e);
    }
    return event;
  }
}
