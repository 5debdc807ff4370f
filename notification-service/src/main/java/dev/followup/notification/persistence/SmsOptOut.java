package dev.followup.notification.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A phone number that asked for no more SMS. */
@Entity
@Table(name = "sms_opt_out")
public class SmsOptOut extends PanacheEntityBase {

  @Id public String phone;

  @Column(name = "opted_out_at", nullable = false)
  public Instant optedOutAt;
}
