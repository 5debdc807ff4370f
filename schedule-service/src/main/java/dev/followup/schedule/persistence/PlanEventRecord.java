package dev.followup.schedule.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A plan-change event waiting in the outbox to be relayed to Kafka. */
@Entity
@Table(name = "plan_event_outbox")
public class PlanEventRecord extends PanacheEntityBase {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long sequence;

  /** The CloudEvent id: random, and kept across re-sends. */
  @Column(nullable = false)
  public UUID id;

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

  /** W3C traceparent current when the event was written; the relay sends it in that trace. */
  @Column(name = "trace_parent")
  public String traceParent;
}
