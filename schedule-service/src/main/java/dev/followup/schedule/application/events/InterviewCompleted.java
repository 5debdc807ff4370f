package dev.followup.schedule.application.events;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * This service's reading of the {@code dev.followup.interview.completed.v1} event, whose schema the
 * interview-service owns. Only the fields planning needs; unknown fields are ignored.
 */
public record InterviewCompleted(
    @NotBlank String interviewId,
    @NotNull @Valid Candidate candidate,
    @NotBlank String company,
    @NotBlank String role,
    @NotNull OffsetDateTime endedAt,
    @NotBlank String timeZone,
    @NotEmpty List<@NotNull @Valid Interviewer> interviewers) {

  public static final String TYPE = "dev.followup.interview.completed.v1";

  public record Candidate(
      @NotBlank String id,
      @NotBlank String name,
      @NotBlank String email,
      @NotBlank String timeZone) {}

  public record Interviewer(
      @NotBlank String id,
      @NotBlank String name,
      @NotBlank String email,
      @NotNull List<String> topics) {}
}
