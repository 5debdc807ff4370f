package dev.followup.interview.persistence;

import dev.followup.interview.domain.OpportunityStatus;
import dev.followup.interview.domain.Outcome;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A position the candidate is pursuing at one company; interviews happen under it. */
@Entity
public class Opportunity extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public String tenantId;

  @Column(name = "candidate_id", nullable = false)
  public String candidateId;

  @Column(nullable = false)
  public String company;

  @Column(nullable = false)
  public String role;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public OpportunityStatus status;

  /** The job description as the candidate saved it, kept until the retention period ends. */
  @Column(name = "job_description")
  public String jobDescription;

  /** Media type of {@link #jobDescription}, e.g. {@code text/markdown}. */
  @Column(name = "job_description_type")
  public String jobDescriptionType;

  @Enumerated(EnumType.STRING)
  public Outcome outcome;

  @Column(name = "outcome_recorded_at")
  public Instant outcomeRecordedAt;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Version public long version;
}
