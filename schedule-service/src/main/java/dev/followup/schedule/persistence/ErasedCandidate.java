package dev.followup.schedule.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A candidate erased on request; only the id is kept, so a replay cannot bring data back. */
@Entity
@Table(name = "erased_candidate")
public class ErasedCandidate extends PanacheEntityBase {

  @Id
  @Column(name = "candidate_id")
  public String candidateId;

  @Column(name = "erased_at", nullable = false)
  public Instant erasedAt;
}
