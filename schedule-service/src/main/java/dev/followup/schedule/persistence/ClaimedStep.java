package dev.followup.schedule.persistence;

import dev.followup.schedule.domain.planning.Action;
import dev.followup.schedule.domain.planning.Channel;
import dev.followup.schedule.domain.planning.StepKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A step the timer poller has claimed, with what its FollowUpDue needs from its interview: read in
 * the claim statement itself, not as managed entities, so that a round costs one statement to claim
 * and one to mark.
 *
 * @param fence the step's fence when claimed: marking it fired requires it still to be the step's
 *     (see {@link StepRepository#markAllFired})
 */
public record ClaimedStep(
    UUID id,
    int revision,
    long fence,
    String tenantId,
    String candidateId,
    String opportunityId,
    UUID interviewId,
    StepKind kind,
    Action action,
    int sequence,
    Channel channel,
    String rule,
    String recipientId,
    String recipientName,
    String recipientTitle,
    String recipientEmail,
    String recipientPhone,
    String recipientAddress,
    String recipientTimeZone,
    List<String> recipientTopics,
    Instant dueAt,
    Instant windowEnd,
    String traceParent,
    Interview interview) {

  /** The interview the step follows up, as the FollowUpDue describes it. */
  public record Interview(
      Instant endedAt,
      String timeZone,
      String company,
      String role,
      String candidateName,
      String candidateEmail,
      String candidateTimeZone) {}
}
