package dev.followup.interview.persistence;

import dev.followup.interview.domain.InterviewKind;
import dev.followup.interview.domain.InterviewStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.BatchSize;

/** One interview round of an opportunity, the people met there and what they said comes next. */
@Entity
public class Interview extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "tenant_id", nullable = false)
  public String tenantId;

  @Column(name = "candidate_id", nullable = false)
  public String candidateId;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "opportunity_id")
  public Opportunity opportunity;

  @Column(nullable = false)
  public int round;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public InterviewKind kind;

  /**
   * Wall-clock start and end where the interview takes place. Kept local, with the zone beside
   * them, so that a later change of the zone's rules cannot shift what the candidate entered.
   */
  @Column(name = "starts_at", nullable = false)
  public LocalDateTime startsAt;

  @Column(name = "ends_at", nullable = false)
  public LocalDateTime endsAt;

  @Column(name = "time_zone", nullable = false)
  public String timeZone;

  @Column(name = "final_round", nullable = false)
  public boolean finalRound;

  /** The candidate's own notes: personal data, kept until the retention period ends. */
  public String notes;

  @Column(name = "references_requested", nullable = false)
  public boolean referencesRequested;

  @Column(name = "expected_decision_date")
  public LocalDate expectedDecisionDate;

  @Column(name = "may_call_on")
  public LocalDate mayCallOn;

  @Column(name = "we_will_contact_you", nullable = false)
  public boolean weWillContactYou;

  @Column(name = "no_follow_up_policy", nullable = false)
  public boolean noFollowUpPolicy;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public InterviewStatus status;

  @Column(name = "completed_at")
  public Instant completedAt;

  @Column(name = "cancelled_at")
  public Instant cancelledAt;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @OneToMany(mappedBy = "interview", cascade = CascadeType.ALL, orphanRemoval = true)
  @OrderBy("position")
  @BatchSize(size = 50)
  public List<Interviewer> interviewers = new ArrayList<>();

  @Version public long version;

  public ZonedDateTime startsAtZoned() {
    return startsAt.atZone(ZoneId.of(timeZone));
  }

  public ZonedDateTime endsAtZoned() {
    return endsAt.atZone(ZoneId.of(timeZone));
  }
}
