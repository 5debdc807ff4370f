package dev.followup.notification.domain;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A planned follow-up step that has fallen due, as the schedule-service announces it (the data of
 * the CloudEvent {@code dev.followup.schedule.follow-up-due.v1}).
 *
 * @param stepId the step; stays the same if the step is fired again
 * @param kind what the candidate should do now
 * @param channel how the reminder reaches the candidate
 * @param rule the playbook rule that planned the step
 * @param dueAt when the step fell due
 * @param windowEnd after this the step is no longer worth doing
 * @param interviewEndedAt when the interview ended, if known
 * @param recipient the person the candidate follows up with (for a thank-you: the interviewer)
 */
public record FollowUpDue(
    UUID stepId,
    StepKind kind,
    Channel channel,
    String rule,
    OffsetDateTime dueAt,
    OffsetDateTime windowEnd,
    UUID interviewId,
    OffsetDateTime interviewEndedAt,
    String company,
    String role,
    Candidate candidate,
    Recipient recipient) {

  /** The job seeker, to whom every reminder goes. */
  public record Candidate(String id, String name, String email, String timeZone) {}

  /** The person to follow up with and the topics the candidate discussed with them. */
  public record Recipient(String id, String name, String email, List<String> topics) {}
}
