package dev.followup.schedule.application;

import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.persistence.ClosedOpportunity;
import dev.followup.schedule.persistence.FollowUpStep;
import dev.followup.schedule.persistence.StepRepository;
import dev.followup.schedule.persistence.StepStatus;
import dev.followup.schedule.tracing.TraceParents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * What the candidate does with one of their steps: marks it done, skips it, or snoozes it. Another
 * candidate's step is answered as if it did not exist.
 */
@ApplicationScoped
@Transactional
public class StepActions {

  /** States from which the candidate may still act on a step. */
  private static final Set<StepStatus> OPEN = EnumSet.of(StepStatus.PENDING, StepStatus.FIRED);

  private final Clock clock;
  private final PlanEvents planEvents;
  private final StepRepository steps;

  StepActions(Clock clock, PlanEvents planEvents, StepRepository steps) {
    this.clock = clock;
    this.planEvents = planEvents;
    this.steps = steps;
  }

  public FollowUpStep markDone(Owner owner, UUID stepId) {
    return settle(owner, stepId, StepStatus.DONE);
  }

  public FollowUpStep skip(Owner owner, UUID stepId) {
    return settle(owner, stepId, StepStatus.SKIPPED);
  }

  /**
   * Reminds the candidate again at {@code until}: the step is pending again with a new revision, so
   * its next firing is a new event. Its window keeps its length from the new due instant.
   */
  public FollowUpStep snooze(Owner owner, UUID stepId, Instant until) {
    Instant now = clock.instant();
    FollowUpStep step = open(owner, stepId);
    if (!until.isAfter(now)) {
      throw new StepStateException("A step can only be snoozed until a time in the future");
    }
    if (ClosedOpportunity.findById(step.opportunityId) != null) {
      // Nothing is reminded after an outcome, even a step that fired before it.
      throw new StepStateException("The opportunity has an outcome: its steps are over");
    }
    Duration window = Duration.between(step.dueAt, step.windowEnd);
    step.status = StepStatus.PENDING;
    step.dueAt = until;
    step.windowEnd = until.plus(window);
    step.revision++;
    step.fence++;
    step.claimedBy = null;
    step.claimExpiresAt = null;
    step.stateChangedAt = now;
    // Its next firing continues the trace of the candidate's request.
    step.traceParent = TraceParents.current();
    planEvents.rescheduled(step, ScheduleMetrics.MoveReason.SNOOZED, now);
    return step;
  }

  private FollowUpStep settle(Owner owner, UUID stepId, StepStatus status) {
    FollowUpStep step = owned(owner, stepId);
    if (step.status == status) {
      return step; // Saying it twice changes nothing.
    }
    step = open(owner, stepId);
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

  private FollowUpStep open(Owner owner, UUID stepId) {
    FollowUpStep step = owned(owner, stepId);
    if (!OPEN.contains(step.status)) {
      throw new StepStateException("The step is " + step.status.name().toLowerCase() + " already");
    }
    return step;
  }

  private FollowUpStep owned(Owner owner, UUID stepId) {
    return steps
        .ownedStep(owner.tenantId(), owner.candidateId(), stepId)
        .orElseThrow(() -> new StepNotFoundException(stepId));
  }

  /** No step with this id that the caller may act on. */
  public static class StepNotFoundException extends NotFoundException {
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
