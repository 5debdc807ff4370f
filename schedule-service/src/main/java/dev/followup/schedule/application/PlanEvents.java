package dev.followup.schedule.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.schedule.application.events.PlanChangedV1;
import dev.followup.schedule.persistence.FollowUpStep;
import dev.followup.schedule.persistence.PlanEventOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Records plan changes in the outbox, in the transaction that makes them. */
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
    MISSED
  }

  private final PlanEventOutbox outbox;
  private final ObjectMapper objectMapper;

  PlanEvents(PlanEventOutbox outbox, ObjectMapper objectMapper) {
    this.outbox = outbox;
    this.objectMapper = objectMapper;
  }

  public void scheduled(FollowUpStep step, Instant now) {
    append(PlanChangedV1.SCHEDULED, step, null, now);
  }

  public void rescheduled(FollowUpStep step, Instant now) {
    append(PlanChangedV1.RESCHEDULED, step, null, now);
  }

  public void cancelled(FollowUpStep step, Reason reason, Instant now) {
    append(PlanChangedV1.CANCELLED, step, reason.name(), now);
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
    try {
      outbox.append(
          step.opportunityId, type, step.id.toString(), objectMapper.writeValueAsString(data), now);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
