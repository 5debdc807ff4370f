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

  /**
   * Whose settings: a tenant's ({@code tenantId} and {@code ownerId} both name it) or a candidate's
   * within a tenant (an empty {@code tenantId} for events that named no tenant).
   */
  @Embeddable
  public record Key(
      @Column(name = "scope") String scope,
      @Column(name = "tenant_id") String tenantId,
      @Column(name = "owner_id") String ownerId)
      implements Serializable {}

  @EmbeddedId public Key key;

  @Column(nullable = false)
  public String settings;

  @Version public long version;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
