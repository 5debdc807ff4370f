package dev.followup.schedule.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.followup.schedule.application.events.PlanChangedV1;
import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.persistence.FollowUpStep;
import dev.followup.schedule.persistence.PlanEventOutbox;
import dev.followup.schedule.tracing.TraceParents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Records plan changes in the outbox, in the transaction that makes them, and counts them for
 * operators. Each event keeps the trace it was written in (or, written by the timer poller, the
 * trace of the step's last change), so partners see it in the trace of its cause.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PlanEvents {

  /** Why a step will not fire (again). */
  public enum Reason {
    /** The opportunity's outcome is known. */
    OUTCOME,
    /** The interview was cancelled. */
    INTERVIEW_CANCELLED,
    /** A new plan (a reschedule, a later round, an employer's reply) no longer has it. */
    REPLANNED,
    /** The candidate did it. */
    DONE,
    /** The candidate chose not to. */
    SKIPPED,
    /** It fell due when no longer worth doing. */
    MISSED;

    ScheduleMetrics.CancelReason metricTag() {
      return switch (this) {
        case OUTCOME -> ScheduleMetrics.CancelReason.OUTCOME;
        case INTERVIEW_CANCELLED -> ScheduleMetrics.CancelReason.INTERVIEW_CANCELLED;
        case REPLANNED -> ScheduleMetrics.CancelReason.RESCHEDULED;
        case DONE -> ScheduleMetrics.CancelReason.DONE;
        case SKIPPED -> ScheduleMetrics.CancelReason.SKIPPED;
        case MISSED -> throw new IllegalStateException("A missed step is not cancelled");
      };
    }
  }

  private final PlanEventOutbox outbox;

  /**
   * Bound to the event's class once: planning writes one event per step, and {@code
   * ObjectMapper.writeValueAsString} finds the serialiser for each value again.
   */
  private final ObjectWriter writer;

  private final ScheduleMetrics metrics;

  PlanEvents(PlanEventOutbox outbox, ObjectMapper objectMapper, ScheduleMetrics metrics) {
    this.outbox = outbox;
    this.writer = objectMapper.writerFor(PlanChangedV1.class);
    this.metrics = metrics;
  }

  public void scheduled(FollowUpStep step, Instant now) {
    append(PlanChangedV1.SCHEDULED, step, null, now);
    metrics.planned(step.kind);
  }

  public void rescheduled(FollowUpStep step, ScheduleMetrics.MoveReason why, Instant now) {
    append(PlanChangedV1.RESCHEDULED, step, null, now);
    metrics.moved(why);
  }

  public void cancelled(FollowUpStep step, Reason reason, Instant now) {
    append(PlanChangedV1.CANCELLED, step, reason.name(), now);
    if (reason == Reason.MISSED) {
      metrics.missed(step.kind);
    } else {
      metrics.cancelled(step.kind, reason.metricTag());
    }
  }

  private void append(String type, FollowUpStep step, String reason, Instant now) {
    PlanChangedV1 data =
        new PlanChangedV1(
            step.id.toString(),
            step.revision,
            step.tenantId,
            step.candidateId,
            step.opportunityId,
            step.interviewId.toString(),
            step.kind.name(),
            step.action.name(),
            step.sequence,
            step.rule,
            step.recipientName,
            step.dueAt,
            step.windowEnd,
            reason,
            now);
    String traceParent = TraceParents.current();
    try {
      outbox.append(
          step.opportunityId,
          type,
          step.id.toString(),
          writer.writeValueAsString(data),
          traceParent == null ? step.traceParent : traceParent,
          now);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
