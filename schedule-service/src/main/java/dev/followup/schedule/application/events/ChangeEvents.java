package dev.followup.schedule.application.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * This service's reading of the interview-service's events that change a plan. Their schemas are
 * owned by the interview-service; unknown fields are ignored.
 */
public final class ChangeEvents {

  private ChangeEvents() {}

  /** {@code dev.followup.interview.rescheduled.v1}: the interview moved. */
  public record InterviewRescheduled(
      String tenantId,
      @NotBlank String interviewId,
      String opportunityId,
      String candidateId,
      @NotNull OffsetDateTime endsAt,
      String timeZone) {
    public static final String TYPE = "dev.followup.interview.rescheduled.v1";
  }

  /** {@code dev.followup.interview.cancelled.v1}: the interview will not take place. */
  public record InterviewCancelled(
      String tenantId,
      @NotBlank String interviewId,
      String opportunityId,
      String candidateId,
      Instant cancelledAt) {
    public static final String TYPE = "dev.followup.interview.cancelled.v1";
  }

  /** {@code dev.followup.opportunity.outcome-recorded.v1}: offer, rejection, filled, withdrawn. */
  public record OutcomeRecorded(
      String tenantId,
      @NotBlank String opportunityId,
      String candidateId,
      @NotBlank String outcome,
      Instant recordedAt) {
    public static final String TYPE = "dev.followup.opportunity.outcome-recorded.v1";
  }

  /** {@code dev.followup.opportunity.employer-replied.v1}: the employer answered. */
  public record EmployerReplied(
      String tenantId,
      @NotBlank String opportunityId,
      String candidateId,
      @NotNull Instant repliedAt,
      LocalDate nextContactDate,
      String summary) {
    public static final String TYPE = "dev.followup.opportunity.employer-replied.v1";
  }

  /** {@code dev.followup.candidate.erased.v1}: the candidate asked to be forgotten. */
  public record CandidateErased(String tenantId, @NotBlank String candidateId, Instant erasedAt) {
    public static final String TYPE = "dev.followup.candidate.erased.v1";
  }
}
