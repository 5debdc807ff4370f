package dev.followup.schedule.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;

/** Policy settings a tenant or a candidate chose, as JSON. */
@Entity
@Table(name = "policy_override")
public class PolicyOverride extends PanacheEntityBase {

  /** Whose settings: a tenant's or a candidate's. */
  @Embeddable
  public record Key(@Column(name = "scope") String scope, @Column(name = "owner_id") String ownerId)
      implements Serializable {}

  @EmbeddedId public Key key;

  @Column(nullable = false)
  public String settings;

  @Version public long version;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
