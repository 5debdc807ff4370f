package dev.followup.notification.domain;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A planned follow-up step that has fallen due, as the schedule-service announces it (the data of
 * the CloudEvent {@code dev.followup.schedule.follow-up-due.v1}).
 *
 * @param stepId the step; stays the same if the step is fired again, also after a snooze
 * @param tenantId the platform the candidate belongs to, if any
 * @param kind what the candidate should do now
 * @param action how the candidate acts on it, if the plan says
 * @param sequence for check-ins, which one (1 for the first)
 * @param channel the reminder channel the plan suggests; the candidate's own choice wins
 * @param rule the playbook rule that planned the step
 * @param dueAt when the step fell due
 * @param windowEnd after this the step is no longer worth doing
 * @param interviewEndedAt when the interview ended, if known
 * @param recipient the person the candidate follows up with; absent for steps that concern the
 *     candidate alone
 */
public record FollowUpDue(
    UUID stepId,
    String tenantId,
    StepKind kind,
    StepAction action,
    Integer sequence,
    Channel channel,
    String rule,
    OffsetDateTime dueAt,
    OffsetDateTime windowEnd,
    UUID interviewId,
    String opportunityId,
    OffsetDateTime interviewEndedAt,
    String company,
    String role,
    Candidate candidate,
    Recipient recipient) {

  /** The job seeker, to whom every reminder goes. */
  public record Candidate(String id, String name, String email, String timeZone) {}

  /**
   * The person to follow up with (an interviewer, the hiring contact or a reference). Only the name
   * is sure to be known.
   */
  public record Recipient(
      String id,
      String name,
      String title,
      String email,
      String phone,
      String mailingAddress,
      String timeZone,
      List<String> topics) {

    /** The topics, never null. */
    public List<String> topicList() {
      return topics == null ? List.of() : topics;
    }
  }

  /** The action, or the one the kind implies when the plan names none. */
  public StepAction effectiveAction() {
    if (action != null) {
      return action;
    }
    return switch (kind) {
      case THANK_YOU_EMAIL, CHECK_IN, ALERT_REFERENCE -> StepAction.EMAIL;
      case MAILED_NOTE -> StepAction.POST;
      case THANK_YOU_CALL -> StepAction.CALL;
      case KEEP_SEARCHING -> StepAction.NONE;
    };
  }
}
