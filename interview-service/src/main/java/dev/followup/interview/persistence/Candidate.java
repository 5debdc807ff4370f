package dev.followup.interview.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/** The job seeker, identified within a tenant by the id the embedding platform gives them. */
@Entity
@IdClass(Candidate.Key.class)
public class Candidate extends PanacheEntityBase {

  @Id
  @Column(name = "tenant_id")
  public String tenantId;

  @Id public String id;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String email;

  public String phone;

  /** IANA zone id, e.g. {@code Europe/Paris}. */
  @Column(name = "time_zone", nullable = false)
  public String timeZone;

  /** BCP 47 language tag, e.g. {@code en-US}. */
  public String locale;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Version public long version;

  public static Optional<Candidate> find(String tenantId, String id) {
    return Optional.ofNullable(findById(new Key(tenantId, id)));
  }

  /** The composite identity: tenant and the platform's candidate id. */
  public static class Key implements Serializable {
    public String tenantId;
    public String id;

    public Key() {}

    public Key(String tenantId, String id) {
      this.tenantId = tenantId;
      this.id = id;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && tenantId.equals(key.tenantId) && id.equals(key.id);
    }

    @Override
    public int hashCode() {
      return 31 * tenantId.hashCode() + id.hashCode();
    }
  }
}
