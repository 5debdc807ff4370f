package dev.followup.schedule.application;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.followup.schedule.domain.planning.Contact;
import dev.followup.schedule.domain.planning.PlannedStep;
import dev.followup.schedule.domain.planning.StepKind;
import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.persistence.FollowUpStep;
import dev.followup.schedule.persistence.PlannedInterview;
import dev.followup.schedule.persistence.StepStatus;
import dev.followup.schedule.tracing.TraceParents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Brings the stored steps of an interview in line with a freshly computed plan: new steps are
 * inserted, pending steps that moved are updated in place (a new revision, so their next firing is
 * a new event), pending steps the plan no longer has are cancelled. Steps that already fired, or
 * that the candidate settled, are history and stay as they are.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
class PlanWriter {

  /**
   * Step ids are UUIDs of version 7 (RFC 9562): time first, so the steps a backlog plans go to the
   * right-hand edge of the primary key's index, where ids derived from a hash of the natural key
   * (as they once were) went each to a random page of it. A step's identity across re-plans is its
   * natural key, below, which the table keeps unique; its id is the one it got when first planned.
   */
  private static final TimeBasedEpochGenerator NEW_IDS = Generators.timeBasedEpochGenerator();

  /**
   * What makes a step the same step of an interview from one plan to the next: kind, recipient and
   * sequence (the table's natural key, with the interview).
   */
  private record StepKey(StepKind kind, String recipientId, int sequence) {}

  private final PlanEvents planEvents;
  private final Event<StepDueSoon> dueSoon;
  private final TimerConfig timers;

  PlanWriter(PlanEvents planEvents, Event<StepDueSoon> dueSoon, TimerConfig timers) {
    this.planEvents = planEvents;
    this.dueSoon = dueSoon;
    this.timers = timers;
  }

  /**
   * Applies the plan to the interview's stored steps, as managed entities: changes are written when
   * the session flushes, new steps are persisted.
   *
   * @param kinds the kinds of step the plan covers; stored steps of other kinds are left alone
   * @param why why pending steps that the plan moves are moved
   * @return how many steps were inserted, moved or cancelled
   */
  int apply(
      PlannedInterview interview,
      InterviewFacts facts,
      List<PlannedStep> plan,
      Set<StepKind> kinds,
      ScheduleMetrics.MoveReason why,
      Instant now) {
    // Locked, as every writer of steps locks them, in id order (the poller's): a step a claim
    // holds is read once its round has ended. Read without the lock, a step the round then marked
    // fired would be written back as it was read, pending, and fire a second time.
    List<FollowUpStep> stored =
        FollowUpStep.<FollowUpStep>find(
                "interviewId = ?1 and kind in ?2 order by id", interview.interviewId, kinds)
            .withLock(LockModeType.PESSIMISTIC_WRITE)
            .list();
    Changes changes = reconcile(interview, facts, plan, stored, why, now);
    changes.inserted().forEach(step -> step.persist());
    return changes.count();
  }

  /** The steps a plan changed: new ones, not yet saved, and stored ones changed in place. */
  record Changes(List<FollowUpStep> inserted, List<FollowUpStep> updated) {
    int count() {
      return inserted.size() + updated.size();
    }
  }

  /**
   * Works out what the plan changes among the interview's {@code stored} steps (those of the kinds
   * the plan covers), records each change in the plan events and wakes the timers for a step due
   * soon. Stored steps are changed in place; new steps are created but not saved: saving is the
   * caller's, as managed entities or as rows.
   */
  Changes reconcile(
      PlannedInterview interview,
      InterviewFacts facts,
      List<PlannedStep> plan,
      List<FollowUpStep> stored,
      ScheduleMetrics.MoveReason why,
      Instant now) {
    Map<StepKey, PlannedStep> wanted = new LinkedHashMap<>();
    for (PlannedStep step : plan) {
      wanted.put(new StepKey(step.kind(), step.recipientKey(), step.sequence()), step);
    }
    List<FollowUpStep> updated = new ArrayList<>();
    for (FollowUpStep existing : stored) {
      PlannedStep planned =
          wanted.remove(new StepKey(existing.kind, existing.recipientId, existing.sequence));
      if (existing.status != StepStatus.PENDING) {
        continue;
      }
      if (planned == null) {
        cancel(existing, PlanEvents.Reason.REPLANNED, now);
        updated.add(existing);
      } else if (moved(existing, planned)) {
        existing.dueAt = planned.dueAt();
        existing.windowEnd = planned.windowEnd();
        existing.action = planned.action();
        existing.channel = planned.channel();
        existing.rule = planned.rule();
        existing.revision++;
        // A claim that outlived its round (see StepRepository) can no longer mark it fired.
        existing.fence++;
        existing.claimedBy = null;
        existing.claimExpiresAt = null;
        // Its firing continues the trace of what moved it.
        existing.traceParent = TraceParents.current();
        planEvents.rescheduled(existing, why, now);
        wakeTimersIfDueSoon(existing.dueAt, now);
        updated.add(existing);
      }
    }
    List<FollowUpStep> inserted = new ArrayList<>(wanted.size());
    for (PlannedStep planned : wanted.values()) {
      FollowUpStep step = newStep(NEW_IDS.generate(), interview, facts, planned, now);
      planEvents.scheduled(step, now);
      wakeTimersIfDueSoon(planned.dueAt(), now);
      inserted.add(step);
    }
    return new Changes(inserted, updated);
  }

  /**
   * Cancels a pending step and tells partners. A claim on it ends here: the fence moves so that a
   * poller holding it cannot mark it fired, and the claim's holder and lease are cleared so that
   * the row no longer looks held by anyone.
   */
  void cancel(FollowUpStep step, PlanEvents.Reason reason, Instant now) {
    step.status = StepStatus.CANCELLED;
    step.stateChangedAt = now;
    // A poller holding it can no longer mark it fired.
    step.fence++;
    step.claimedBy = null;
    step.claimExpiresAt = null;
    planEvents.cancelled(step, reason, now);
  }

  /**
   * The claim loops sleep until the earliest pending step they know of, at most the poll interval:
   * a step due sooner wakes them once this transaction commits.
   */
  private void wakeTimersIfDueSoon(Instant dueAt, Instant now) {
    if (dueAt.isBefore(now.plus(timers.pollInterval()))) {
      dueSoon.fire(new StepDueSoon(dueAt));
    }
  }

  private static boolean moved(FollowUpStep existing, PlannedStep planned) {
    return !existing.dueAt.equals(planned.dueAt())
        || !existing.windowEnd.equals(planned.windowEnd())
        || existing.action != planned.action()
        || !Objects.equals(existing.rule, planned.rule());
  }

  private static FollowUpStep newStep(
      UUID id, PlannedInterview interview, InterviewFacts facts, PlannedStep planned, Instant now) {
    FollowUpStep step = new FollowUpStep();
    step.id = id;
    step.interviewId = interview.interviewId;
    step.opportunityId = interview.opportunityId;
    step.tenantId = interview.tenantId;
    step.candidateId = interview.candidateId;
    step.kind = planned.kind();
    step.action = planned.action();
    step.sequence = planned.sequence();
    step.revision = 1;
    step.channel = planned.channel();
    step.rule = planned.rule();
    step.recipientId = planned.recipientKey();
    step.recipientTopics = new ArrayList<>();
    if (planned.recipient().isPresent()) {
      Contact contact = planned.recipient().get();
      InterviewFacts.RecipientDetails details = facts.details().get(contact.id());
      step.recipientName = contact.name();
      step.recipientTopics = new ArrayList<>(contact.topics());
      step.recipientTimeZone = contact.zone().getId();
      if (details != null) {
        step.recipientEmail = details.email();
        step.recipientPhone = details.phone();
        step.recipientTitle = details.title();
        step.recipientAddress = details.address();
      }
    } else {
      step.recipientName = interview.candidateName;
    }
    step.dueAt = planned.dueAt();
    step.windowEnd = planned.windowEnd();
    step.status = StepStatus.PENDING;
    step.createdAt = now;
    step.traceParent = TraceParents.current();
    return step;
  }
}
