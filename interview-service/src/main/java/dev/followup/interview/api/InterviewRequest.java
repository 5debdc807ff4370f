package dev.followup.interview.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.followup.interview.application.Commands;
import dev.followup.interview.domain.ContactChannel;
import dev.followup.interview.domain.InterviewKind;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /opportunities/{id}/interviews} and {@code PUT /interviews/{id}}: everything
 * recorded about one interview.
 */
@Schema(name = "InterviewDetails")
public record InterviewRequest(
    @Min(1) @Max(50) @Schema(examples = "1") int round,
    @NotNull @Schema(examples = "VIDEO") InterviewKind kind,
    @NotNull
        @Schema(
            description = "Local wall-clock start, in timeZone",
            examples = "2026-11-24T14:30:00")
        LocalDateTime startsAt,
    @NotNull
        @Schema(description = "Local wall-clock end, in timeZone", examples = "2026-11-24T15:30:00")
        LocalDateTime endsAt,
    @NotNull
        @TimeZoneId
        @Schema(description = "Where the interview takes place", examples = "America/New_York")
        String timeZone,
    boolean finalRound,
    @Size(max = 20_000) @Schema(examples = "They use Kafka for billing events.") String notes,
    boolean referencesRequested,
    @Valid NextStepsRequest nextSteps,
    @NotEmpty @Size(max = 20) List<@NotNull @Valid InterviewerRequest> interviewers) {

  @JsonIgnore
  @AssertTrue(message = "endsAt must be after startsAt")
  @Schema(hidden = true)
  public boolean isEndAfterStart() {
    return startsAt == null || endsAt == null || endsAt.isAfter(startsAt);
  }

  /** What the interviewers said would happen next. */
  @Schema(name = "NextSteps")
  public record NextStepsRequest(
      @Schema(description = "When they expect to decide", examples = "2026-12-04")
          LocalDate expectedDecisionDate,
      @Schema(
              description = "The day the candidate may call if nothing is heard",
              examples = "2026-12-05")
          LocalDate mayCallOn,
      @Schema(description = "They asked the candidate to wait until they get back")
          boolean weWillContactYou,
      @Schema(description = "The company does not answer follow-ups") boolean noFollowUpPolicy) {

    Commands.NextSteps toNextSteps() {
      return new Commands.NextSteps(
          expectedDecisionDate, mayCallOn, weWillContactYou, noFollowUpPolicy);
    }
  }

  /** An interviewer's business card and what was discussed with them. */
  @Schema(name = "Interviewer")
  public record InterviewerRequest(
      @Schema(description = "Set to keep a person already listed on this interview") UUID id,
      @NotBlank @Size(max = 200) @Schema(examples = "Dana Lee") String name,
      @Size(max = 200) @Schema(examples = "Engineering manager") String title,
      @NotBlank @Email @Size(max = 320) @Schema(examples = "dana.lee@acme.example") String email,
      @Size(max = 40) @Pattern(regexp = Formats.PHONE) @Schema(examples = "+1 212 555 0199")
          String phone,
      @Size(max = 500) @Schema(examples = "Acme Corp, 1 Main St, New York, NY 10001")
          String mailingAddress,
      @TimeZoneId @Schema(examples = "America/New_York") String timeZone,
      @Schema(examples = "EMAIL") ContactChannel preferredChannel,
      @NotEmpty @Size(max = 10) @Schema(examples = "[\"the billing migration\"]")
          List<@NotBlank @Size(max = 300) String> topics) {

    Commands.InterviewerCard toCard() {
      return new Commands.InterviewerCard(
          id,
          name,
          title,
          email,
          phone,
          mailingAddress,
          timeZone == null ? null : ZoneId.of(timeZone),
          preferredChannel,
          topics);
    }
  }

  Commands.InterviewDetails toDetails() {
    return new Commands.InterviewDetails(
        round,
        kind,
        startsAt,
        endsAt,
        ZoneId.of(timeZone),
        finalRound,
        notes,
        referencesRequested,
        nextSteps == null ? null : nextSteps.toNextSteps(),
        interviewers.stream().map(InterviewerRequest::toCard).toList());
  }
}
