package dev.followup.interview.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event waiting in the transactional outbox to be relayed to Kafka. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long sequence;

  /** The CloudEvent id: the same on every re-send, so consumers can drop duplicates. */
  @Column(nullable = false, unique = true)
  public UUID id;

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

  /** The tenant of the candidate whose data the event carries. */
  @Column(name = "tenant_id")
  public String tenantId;

  /** The candidate whose data the event carries; erasure looks rows up by it. */
  @Column(name = "candidate_id")
  public String candidateId;

  /** Deleted instead of kept once published: the candidate it is about was erased. */
  @Column(name = "discard_when_published", nullable = false)
  public boolean discardWhenPublished;

  /**
   * The W3C traceparent of the request that wrote the event; the relay continues that trace when it
   * sends the event.
   */
  @Column(name = "trace_parent", length = 55)
  public String traceParent;
}
