package dev.followup.schedule.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An opportunity whose outcome is known: nothing more is planned for it. */
@Entity
@Table(name = "closed_opportunity")
public class ClosedOpportunity extends PanacheEntityBase {

  @Id
  @Column(name = "opportunity_id")
  public String opportunityId;

  @Column(nullable = false)
  public String outcome;

  @Column(name = "recorded_at", nullable = false)
  public Instant recordedAt;
}
