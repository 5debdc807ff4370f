package dev.followup.schedule.application.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * This service's reading of {@code dev.followup.interview.completed.v1}, whose schema the
 * interview-service owns. Only the fields planning needs; unknown fields are ignored, and fields
 * added to v1 later (everything below {@code interviewers}) are optional.
 */
public record InterviewCompleted(
    String tenantId,
    @NotBlank String interviewId,
    String opportunityId,
    @NotNull @Valid Candidate candidate,
    @NotBlank String company,
    @NotBlank String role,
    @NotNull OffsetDateTime endedAt,
    @NotBlank String timeZone,
    @NotEmpty List<@NotNull @Valid Interviewer> interviewers,
    Boolean finalRound,
    Boolean referencesRequested,
    @Valid NextSteps nextSteps,
    List<@NotNull @Valid Reference> references,
    Instant completedAt) {

  public static final String TYPE = "dev.followup.interview.completed.v1";

  /** The opportunity the interview belongs to; the interview itself for older events. */
  public String opportunityKey() {
    return opportunityId == null || opportunityId.isBlank() ? interviewId : opportunityId;
  }

  public record Candidate(
      @NotBlank String id,
      @NotBlank String name,
      @NotBlank String email,
      @NotBlank String timeZone) {}

  public record Interviewer(
      @NotBlank String id,
      @NotBlank String name,
      @NotBlank String email,
      String title,
      String phone,
      String timeZone,
      String mailingAddress,
      @NotNull List<String> topics) {}

  public record NextSteps(
      LocalDate expectedDecisionDate,
      LocalDate mayCallOn,
      boolean weWillContactYou,
      boolean noFollowUpPolicy) {}

  public record Reference(@NotBlank String name, String email, String phone, String relation) {}
}
