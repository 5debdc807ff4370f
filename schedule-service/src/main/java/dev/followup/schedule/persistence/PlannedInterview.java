package dev.followup.schedule.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An interview this service has planned follow-ups for, as the completion event told it. */
@Entity
@Table(name = "planned_interview")
public class PlannedInterview extends PanacheEntityBase {

  @Id
  @Column(name = "interview_id")
  public UUID interviewId;

  @Column(name = "candidate_id", nullable = false)
  public String candidateId;

  @Column(name = "tenant_id")
  public String tenantId;

  @Column(name = "opportunity_id", nullable = false)
  public String opportunityId;

  /** The completion event's data as received: re-planning starts again from these facts. */
  public String facts;

  @Column(name = "candidate_name", nullable = false)
  public String candidateName;

  @Column(name = "candidate_email", nullable = false)
  public String candidateEmail;

  @Column(name = "candidate_time_zone", nullable = false)
  public String candidateTimeZone;

  @Column(nullable = false)
  public String company;

  @Column(nullable = false)
  public String role;

  @Column(name = "ended_at", nullable = false)
  public Instant endedAt;

  @Column(name = "time_zone", nullable = false)
  public String timeZone;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  /**
   * When the newest event applied to this interview happened; an older one is stale (see {@code
   * EventOrder}). Null while no applied event had a known time.
   */
  @Column(name = "last_event_at")
  public Instant lastEventAt;
}
