package dev.followup.interview.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** Someone who may vouch for the candidate and may get a call from an employer. */
@Entity
@Table(name = "candidate_reference")
public class CandidateReference extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public String tenantId;

  @Column(name = "candidate_id", nullable = false)
  public String candidateId;

  @Column(nullable = false)
  public String name;

  public String email;

  public String phone;

  /** How the reference knows the candidate, e.g. "former manager at Initech". */
  @Column(nullable = false)
  public String relation;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Version public long version;
}
