package dev.followup.interview.application;

import dev.followup.interview.domain.ContactChannel;
import dev.followup.interview.domain.InterviewKind;
import dev.followup.interview.domain.OpportunityStatus;
import dev.followup.interview.domain.Outcome;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** What callers ask the application services to record, already validated by the entry point. */
public final class Commands {

  private Commands() {}

  /** The candidate's profile. */
  public record CandidateProfile(
      String name, String email, String phone, ZoneId timeZone, Locale locale) {}

  /** A new opportunity. */
  public record OpportunityDetails(
      String company, String role, String jobDescription, String jobDescriptionType) {}

  /** Changes to an opportunity; a null field stays as it is. */
  public record OpportunityChanges(
      String company,
      String role,
      OpportunityStatus status,
      String jobDescription,
      String jobDescriptionType) {}

  /** Everything the candidate records about one interview. */
  public record InterviewDetails(
      int round,
      InterviewKind kind,
      LocalDateTime startsAt,
      LocalDateTime endsAt,
      ZoneId timeZone,
      boolean finalRound,
      String notes,
      boolean referencesRequested,
      NextSteps nextSteps,
      List<InterviewerCard> interviewers) {}

  /** What the interviewers said would happen next. */
  public record NextSteps(
      LocalDate expectedDecisionDate,
      LocalDate mayCallOn,
      boolean weWillContactYou,
      boolean noFollowUpPolicy) {

    public static final NextSteps NONE = new NextSteps(null, null, false, false);
  }

  /**
   * An interviewer's business card and the topics discussed. {@code id} is null for a new person,
   * or the id of a person already listed on the interview, who keeps it.
   */
  public record InterviewerCard(
      UUID id,
      String name,
      String title,
      String email,
      String phone,
      String mailingAddress,
      ZoneId timeZone,
      ContactChannel preferredChannel,
      List<String> topics) {}

  /** A reference of the candidate. */
  public record ReferenceDetails(String name, String email, String phone, String relation) {}

  /** An answer from the employer. */
  public record Reply(Instant receivedAt, String summary, LocalDate nextContactDate) {}

  /** How an opportunity ended; {@code recordedAt} defaults to now. */
  public record OutcomeRecord(Outcome outcome, Instant recordedAt) {}
}
