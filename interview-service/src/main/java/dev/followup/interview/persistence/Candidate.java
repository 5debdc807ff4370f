package dev.followup.interview.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

/** The job seeker, identified by the id the embedding platform gives them. */
@Entity
public class Candidate extends PanacheEntityBase {

  @Id public String id;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String email;

  /** IANA zone id, e.g. {@code Europe/Paris}. */
  @Column(name = "time_zone", nullable = false)
  public String timeZone;

  @Version public long version;
}
