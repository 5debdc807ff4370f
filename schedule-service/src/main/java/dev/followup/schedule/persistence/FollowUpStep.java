package dev.followup.schedule.persistence;

import dev.followup.schedule.domain.planning.Action;
import dev.followup.schedule.domain.planning.Channel;
import dev.followup.schedule.domain.planning.StepKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A planned follow-up step, kept as a durable timer. Recipient columns are empty for a step that
 * concerns the candidate alone.
 */
@Entity
@Table(name = "follow_up_step")
public class FollowUpStep extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "interview_id", nullable = false)
  public UUID interviewId;

  @Column(name = "candidate_id", nullable = false)
  public String candidateId;

  @Column(name = "tenant_id")
  public String tenantId;

  @Column(name = "opportunity_id", nullable = false)
  public String opportunityId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public StepKind kind;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Channel channel;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Action action;

  /** 1 for most steps; the check-in's number for check-ins. */
  @Column(nullable = false)
  public int sequence;

  /** Incremented whenever the step is moved; part of the FollowUpDue event id. */
  @Column(nullable = false)
  public int revision;

  @Column(nullable = false)
  public String rule;

  @Column(name = "recipient_id", nullable = false)
  public String recipientId;

  @Column(name = "recipient_name", nullable = false)
  public String recipientName;

  @Column(name = "recipient_email")
  public String recipientEmail;

  @Column(name = "recipient_title")
  public String recipientTitle;

  @Column(name = "recipient_phone")
  public String recipientPhone;

  @Column(name = "recipient_address")
  public String recipientAddress;

  @Column(name = "recipient_time_zone")
  public String recipientTimeZone;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "recipient_topics", nullable = false, columnDefinition = "text[]")
  public List<String> recipientTopics;

  @Column(name = "due_at", nullable = false)
  public Instant dueAt;

  @Column(name = "window_end", nullable = false)
  public Instant windowEnd;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public StepStatus status;

  /** Written by earlier versions only, whose claims were leases in the row: see StepRepository. */
  @Column(name = "claimed_by")
  public String claimedBy;

  @Column(name = "claim_expires_at")
  public Instant claimExpiresAt;

  /** Version of the step's firing state: see {@link StepRepository#markAllFired}. */
  @Column(nullable = false)
  public long fence;

  @Column(name = "fired_at")
  public Instant firedAt;

  /** When the candidate marked it done or skipped, or when it was cancelled or missed. */
  @Column(name = "state_changed_at")
  public Instant stateChangedAt;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  /** W3C traceparent of the change that planned or last moved the step; its firing continues it. */
  @Column(name = "trace_parent")
  public String traceParent;
}
