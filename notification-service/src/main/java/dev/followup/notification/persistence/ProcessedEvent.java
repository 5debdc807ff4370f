package dev.followup.notification.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A CloudEvent this service has already taken in. */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent extends PanacheEntityBase {

  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(nullable = false)
  public String type;

  @Column(name = "processed_at", nullable = false)
  public Instant processedAt;
}
