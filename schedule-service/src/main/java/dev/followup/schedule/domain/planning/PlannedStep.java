package dev.followup.schedule.domain.planning;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a plan.
 *
 * @param kind what the candidate is reminded to do
 * @param recipientId who the candidate follows up with (the interviewer's id for a thank-you)
 * @param channel how the reminder reaches the candidate
 * @param dueAt the reminder must not go out before this instant
 * @param windowEnd after this instant the step is no longer worth doing
 * @param rule the playbook rule that produced the step, for the candidate and for audit
 */
public record PlannedStep(
    StepKind kind,
    String recipientId,
    Channel channel,
    Instant dueAt,
    Instant windowEnd,
    String rule) {

  public PlannedStep {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(rule, "rule");
    if (!dueAt.isBefore(windowEnd)) {
      throw new IllegalArgumentException("A step's window must end after it falls due");
    }
  }
}
