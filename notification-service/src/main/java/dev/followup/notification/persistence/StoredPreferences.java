package dev.followup.notification.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Objects;

/** A candidate's reminder preferences as stored; see {@code ContactPreferences} for the meaning. */
@Entity
@Table(name = "candidate_preferences")
public class StoredPreferences extends PanacheEntityBase {

  @EmbeddedId public Key key;

  public String email;

  public String phone;

  @Column(name = "time_zone")
  public String timeZone;

  @Column(nullable = false)
  public String locale;

  @Column(name = "quiet_start")
  public LocalTime quietStart;

  @Column(name = "quiet_end")
  public LocalTime quietEnd;

  @Column(name = "draft_channels", nullable = false)
  public String draftChannels;

  @Column(name = "call_channels", nullable = false)
  public String callChannels;

  @Column(name = "nudge_channels", nullable = false)
  public String nudgeChannels;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** Tenant ('' for none) and the platform's candidate id. */
  @Embeddable
  public static class Key implements Serializable {

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "candidate_id")
    public String candidateId;

    protected Key() {}

    public Key(String tenantId, String candidateId) {
      this.tenantId = tenantId;
      this.candidateId = candidateId;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key
          && tenantId.equals(key.tenantId)
          && candidateId.equals(key.candidateId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tenantId, candidateId);
    }
  }
}
