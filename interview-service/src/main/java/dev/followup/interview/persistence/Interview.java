package dev.followup.interview.persistence;

import dev.followup.interview.domain.InterviewStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One interview of a candidate with one company, and the people met there. */
@Entity
public class Interview extends PanacheEntityBase {

  @Id public UUID id;

  @ManyToOne(optional = false)
  @JoinColumn(name = "candidate_id")
  public Candidate candidate;

  @Column(nullable = false)
  public String company;

  @Column(nullable = false)
  public String role;

  /**
   * Wall-clock end time where the interview took place. Kept local, with its zone beside it, so
   * that a later change of the zone's rules cannot shift what the candidate entered.
   */
  @Column(name = "ends_at", nullable = false)
  public LocalDateTime endsAt;

  @Column(name = "time_zone", nullable = false)
  public String timeZone;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public InterviewStatus status;

  @Column(name = "completed_at")
  public Instant completedAt;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @OneToMany(mappedBy = "interview", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("position")
  public List<Interviewer> interviewers = new ArrayList<>();

  @Version public long version;

  public ZonedDateTime endsAtZoned() {
    return endsAt.atZone(ZoneId.of(timeZone));
  }
}
