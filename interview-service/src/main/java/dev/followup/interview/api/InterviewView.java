package dev.followup.interview.api;

import dev.followup.interview.domain.ContactChannel;
import dev.followup.interview.domain.InterviewKind;
import dev.followup.interview.domain.InterviewStatus;
import dev.followup.interview.persistence.Interview;
import dev.followup.interview.persistence.Interviewer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An interview as the API shows it. */
@Schema(name = "Interview")
public record InterviewView(
    UUID id,
    UUID opportunityId,
    String company,
    String role,
    int round,
    InterviewKind kind,
    LocalDateTime startsAt,
    LocalDateTime endsAt,
    String timeZone,
    boolean finalRound,
    String notes,
    boolean referencesRequested,
    NextSteps nextSteps,
    InterviewStatus status,
    Instant completedAt,
    Instant cancelledAt,
    List<InterviewerView> interviewers,
    long version) {

  /** What the interviewers said would happen next. */
  @Schema(name = "NextStepsView")
  public record NextSteps(
      LocalDate expectedDecisionDate,
      LocalDate mayCallOn,
      boolean weWillContactYou,
      boolean noFollowUpPolicy) {}

  /** A person met at the interview. */
  @Schema(name = "InterviewerView")
  public record InterviewerView(
      UUID id,
      String name,
      String title,
      String email,
      String phone,
      String mailingAddress,
      String timeZone,
      ContactChannel preferredChannel,
      List<String> topics) {

    static InterviewerView of(Interviewer i) {
      return new InterviewerView(
          i.id,
          i.name,
          i.title,
          i.email,
          i.phone,
          i.mailingAddress,
          i.timeZone,
          i.preferredChannel,
          List.copyOf(i.topics));
    }
  }

  static InterviewView of(Interview interview) {
    return new InterviewView(
        interview.id,
        interview.opportunity.id,
        interview.opportunity.company,
        interview.opportunity.role,
        interview.round,
        interview.kind,
        interview.startsAt,
        interview.endsAt,
        interview.timeZone,
        interview.finalRound,
        interview.notes,
        interview.referencesRequested,
        new NextSteps(
            interview.expectedDecisionDate,
            interview.mayCallOn,
            interview.weWillContactYou,
            interview.noFollowUpPolicy),
        interview.status,
        interview.completedAt,
        interview.cancelledAt,
        interview.interviewers.stream().map(InterviewerView::of).toList(),
        interview.version);
  }
}
