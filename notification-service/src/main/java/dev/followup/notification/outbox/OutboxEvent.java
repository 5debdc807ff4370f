package dev.followup.notification.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An event waiting in the outbox to be relayed to Kafka. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

  @Id public Long sequence;

  /** The CloudEvent id. */
  @Column(nullable = false)
  public String id;

  @Column(nullable = false)
  public String topic;

  @Column(name = "record_key", nullable = false)
  public String recordKey;

  @Column(nullable = false)
  public String type;

  public String subject;

  @Column(nullable = false)
  public String payload;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "claimed_until")
  public Instant claimedUntil;

  @Column(name = "published_at")
  public Instant publishedAt;

  /** W3C traceparent the record continues; that of the delivery it announces. */
  @Column(name = "trace_parent")
  public String traceParent;
}
