package dev.followup.notification.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One browser or device of a candidate that accepts Web Push messages. */
@Entity
@Table(name = "push_subscription")
public class PushSubscription extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public String tenantId;

  @Column(name = "candidate_id", nullable = false)
  public String candidateId;

  /** The push service's URL for this subscription. */
  @Column(nullable = false)
  public String endpoint;

  /** The user agent's P-256 public key, base64url. */
  @Column(nullable = false)
  public String p256dh;

  /** The authentication secret, base64url. */
  @Column(nullable = false)
  public String auth;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
