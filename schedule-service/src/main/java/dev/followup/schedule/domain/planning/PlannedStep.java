package dev.followup.schedule.domain.planning;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a plan.
 *
 * @param kind what the candidate is reminded to do
 * @param recipient who the candidate follows up with; empty for a nudge to the candidate alone
 * @param action how the candidate acts on it
 * @param sequence 1 for most steps; the check-in's number for check-ins
 * @param channel the reminder channel the plan suggests
 * @param dueAt the reminder must not go out before this instant
 * @param windowEnd after this instant the step is no longer worth doing
 * @param rule the playbook rule that produced the step, for the candidate and for audit
 */
public record PlannedStep(
    StepKind kind,
    Optional<Contact> recipient,
    Action action,
    int sequence,
    Channel channel,
    Instant dueAt,
    Instant windowEnd,
    String rule) {

  public PlannedStep {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(rule, "rule");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence counts from 1");
    }
    if (!dueAt.isBefore(windowEnd)) {
      throw new IllegalArgumentException("A step's window must end after it falls due: " + rule);
    }
  }

  /** The recipient's id, or {@code "candidate"} for a step about the candidate alone. */
  public String recipientKey() {
    return recipient.map(Contact::id).orElse("candidate");
  }
}
