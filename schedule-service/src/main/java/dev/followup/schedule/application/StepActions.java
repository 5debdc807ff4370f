package dev.followup.schedule.application;

import dev.followup.schedule.persistence.FollowUpStep;
import dev.followup.schedule.persistence.StepStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/** What the candidate does with a step: marks it done, skips it, or snoozes it. */
@ApplicationScoped
@Transactional
public class StepActions {

  /** States from which the candidate may still act on a step. */
  private static final Set<StepStatus> OPEN = EnumSet.of(StepStatus.PENDING, StepStatus.FIRED);

  private final Clock clock;
  private final PlanEvents planEvents;

  StepActions(Clock clock, PlanEvents planEvents) {
    this.clock = clock;
    this.planEvents = planEvents;
  }

  public FollowUpStep markDone(UUID stepId) {
    return settle(stepId, StepStatus.DONE);
  }

  public FollowUpStep skip(UUID stepId) {
    return settle(stepId, StepStatus.SKIPPED);
  }

  /**
   * Reminds the candidate again at {@code until}: the step is pending again with a new revision, so
   * its next firing is a new event. Its window keeps its length from the new due instant.
   */
  public FollowUpStep snooze(UUID stepId, Instant until) {
    Instant now = clock.instant();
    if (!until.isAfter(now)) {
      throw new StepStateException("A step can only be snoozed until a time in the future");
    }
    FollowUpStep step = open(stepId);
    Duration window = Duration.between(step.dueAt, step.windowEnd);
    step.status = StepStatus.PENDING;
    step.dueAt = until;
    step.windowEnd = until.plus(window);
    step.revision++;
    step.fence++;
    step.claimedBy = null;
    step.claimExpiresAt = null;
    step.stateChangedAt = now;
    planEvents.rescheduled(step, now);
    return step;
  }

  private FollowUpStep settle(UUID stepId, StepStatus status) {
    FollowUpStep step = FollowUpStep.findById(stepId);
    if (step == null) {
      throw new StepNotFoundException(stepId);
    }
    if (step.status == status) {
      return step; // Saying it twice changes nothing.
    }
    step = open(stepId);
    step.status = status;
    step.fence++; // A poller holding it can no longer mark it fired.
    step.claimedBy = null;
    step.claimExpiresAt = null;
    step.stateChangedAt = clock.instant();
    planEvents.cancelled(
        step,
        status == StepStatus.DONE ? PlanEvents.Reason.DONE : PlanEvents.Reason.SKIPPED,
        step.stateChangedAt);
    return step;
  }

  private static FollowUpStep open(UUID stepId) {
    FollowUpStep step = FollowUpStep.findById(stepId);
    if (step == null) {
      throw new StepNotFoundException(stepId);
    }
    if (!OPEN.contains(step.status)) {
      throw new StepStateException("The step is " + step.status.name().toLowerCase() + " already");
    }
    return step;
  }

  /** No step with this id. */
  public static class StepNotFoundException extends RuntimeException {
    public StepNotFoundException(UUID id) {
      super("No step with id " + id);
    }
  }

  /** The step's state does not allow the change. */
  public static class StepStateException extends RuntimeException {
    public StepStateException(String message) {
      super(message);
    }
  }
}
