package dev.followup.interview.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An answer the employer gave about an opportunity: it moves the pending check-ins. */
@Entity
@Table(name = "employer_reply")
public class EmployerReply extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public String tenantId;

  @Column(name = "candidate_id", nullable = false)
  public String candidateId;

  @Column(name = "opportunity_id", nullable = false)
  public UUID opportunityId;

  @Column(name = "received_at", nullable = false)
  public Instant receivedAt;

  public String summary;

  /** A date the employer named for the next contact, if any. */
  @Column(name = "next_contact_date")
  public LocalDate nextContactDate;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
