package dev.followup.interview.application.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Data of the {@code dev.followup.interview.completed.v1} CloudEvent: everything the
 * schedule-service needs to plan the follow-ups of one interview. Its JSON Schema is {@code
 * schemas/interview.completed.v1.json}; change both together, add only optional fields, and add a
 * new version for any change that is not backward compatible.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InterviewCompletedV1(
    String interviewId,
    Candidate candidate,
    String company,
    String role,
    OffsetDateTime endedAt,
    String timeZone,
    List<Interviewer> interviewers,
    Instant completedAt,
    String tenantId,
    String opportunityId,
    Integer round,
    String kind,
    Boolean finalRound,
    Boolean referencesRequested,
    NextSteps nextSteps,
    List<Reference> references) {

  public static final String TYPE = "dev.followup.interview.completed.v1";

  /** The job seeker, who receives every reminder. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Candidate(
      String id, String name, String email, String timeZone, String phone, String locale) {}

  /** A person met at the interview: the business card and the topics discussed with them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Interviewer(
      String id,
      String name,
      String email,
      List<String> topics,
      String title,
      String phone,
      String timeZone,
      String preferredChannel) {}

  /** What the interviewers said would happen next. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record NextSteps(
      LocalDate expectedDecisionDate,
      LocalDate mayCallOn,
      boolean weWillContactYou,
      boolean noFollowUpPolicy) {}

  /** A reference of the candidate, who may get a call from the employer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Reference(String name, String email, String phone, String relation) {}
}
