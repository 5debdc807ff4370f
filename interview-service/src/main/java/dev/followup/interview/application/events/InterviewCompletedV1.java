package dev.followup.interview.application.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Data of the {@code dev.followup.interview.completed.v1} CloudEvent: everything the
 * schedule-service needs to plan the follow-ups of one interview. Its JSON Schema is {@code
 * schemas/interview.completed.v1.json}; change both together, and add a new version for any change
 * that is not backward compatible.
 */
public record InterviewCompletedV1(
    String interviewId,
    Candidate candidate,
    String company,
    String role,
    OffsetDateTime endedAt,
    String timeZone,
    List<Interviewer> interviewers,
    Instant completedAt) {

  public static final String TYPE = "dev.followup.interview.completed.v1";

  /** The job seeker, who receives every reminder. */
  public record Candidate(String id, String name, String email, String timeZone) {}

  /** A person met at the interview, with the topics discussed with them. */
  public record Interviewer(String id, String name, String email, List<String> topics) {}
}
