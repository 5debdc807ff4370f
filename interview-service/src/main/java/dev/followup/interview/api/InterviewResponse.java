package dev.followup.interview.api;

import dev.followup.interview.domain.InterviewStatus;
import dev.followup.interview.persistence.Interview;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An interview as the API shows it. */
@Schema(name = "Interview")
public record InterviewResponse(
    UUID id,
    String candidateId,
    String company,
    String role,
    LocalDateTime endsAt,
    String timeZone,
    InterviewStatus status,
    Instant completedAt,
    List<InterviewerResponse> interviewers,
    long version) {

  /** A person met at the interview. */
  @Schema(name = "InterviewerView")
  public record InterviewerResponse(UUID id, String name, String email, List<String> topics) {}

  static InterviewResponse of(Interview interview) {
    return new InterviewResponse(
        interview.id,
        interview.candidate.id,
        interview.company,
        interview.role,
        interview.endsAt,
        interview.timeZone,
        interview.status,
        interview.completedAt,
        interview.interviewers.stream()
            .map(i -> new InterviewerResponse(i.id, i.name, i.email, List.copyOf(i.topics)))
            .toList(),
        interview.version);
  }
}
