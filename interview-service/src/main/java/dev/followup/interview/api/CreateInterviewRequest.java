package dev.followup.interview.api;

import dev.followup.interview.application.NewInterview;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /interviews}. */
@Schema(name = "CreateInterview")
public record CreateInterviewRequest(
    @NotNull @Valid CandidateRequest candidate,
    @NotBlank @Size(max = 200) @Schema(examples = "Acme Corp") String company,
    @NotBlank @Size(max = 200) @Schema(examples = "Backend engineer") String role,
    @NotNull
        @Schema(
            description = "Local wall-clock time the interview ended, in timeZone",
            examples = "2026-11-25T15:30:00")
        LocalDateTime endsAt,
    @NotNull
        @TimeZoneId
        @Schema(description = "Where the interview took place", examples = "America/New_York")
        String timeZone,
    @NotEmpty @Size(max = 20) List<@NotNull @Valid InterviewerRequest> interviewers) {

  /** The candidate, as known to the embedding platform. */
  @Schema(name = "Candidate")
  public record CandidateRequest(
      @NotBlank @Size(max = 100) @Schema(examples = "cand-42") String id,
      @NotBlank @Size(max = 200) @Schema(examples = "Sam Rivera") String name,
      @NotBlank @Email @Size(max = 320) @Schema(examples = "sam@example.com") String email,
      @NotNull @TimeZoneId @Schema(examples = "America/Chicago") String timeZone) {}

  /** One person met at the interview. */
  @Schema(name = "Interviewer")
  public record InterviewerRequest(
      @NotBlank @Size(max = 200) @Schema(examples = "Dana Lee") String name,
      @NotBlank @Email @Size(max = 320) @Schema(examples = "dana.lee@acme.example") String email,
      @NotEmpty @Size(max = 10) @Schema(examples = "[\"the event-sourcing migration\"]")
          List<@NotBlank @Size(max = 300) String> topics) {}

  NewInterview toNewInterview() {
    return new NewInterview(
        new NewInterview.CandidateDetails(
            candidate.id(), candidate.name(), candidate.email(), ZoneId.of(candidate.timeZone())),
        company,
        role,
        endsAt,
        ZoneId.of(timeZone),
        interviewers.stream()
            .map(i -> new NewInterview.InterviewerDetails(i.name(), i.email(), i.topics()))
            .toList());
  }
}
