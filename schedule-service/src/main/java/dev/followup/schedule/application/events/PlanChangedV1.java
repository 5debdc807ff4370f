package dev.followup.schedule.application.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Data of the plan-change CloudEvents on topic {@code plan-events}, for partners such as calendars:
 * {@code dev.followup.schedule.step-scheduled.v1}, {@code .step-rescheduled.v1} and {@code
 * .step-cancelled.v1}. Their JSON Schema is {@code schemas/plan-changed.v1.json}. Record key: the
 * opportunity id, so one opportunity's changes keep their order.
 *
 * @param revision the step's revision after the change
 * @param reason for a cancellation: why the step will not fire (again)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanChangedV1(
    String stepId,
    int revision,
    String tenantId,
    String candidateId,
    String opportunityId,
    String interviewId,
    String kind,
    String action,
    int sequence,
    String rule,
    String recipientName,
    Instant dueAt,
    Instant windowEnd,
    String reason,
    Instant changedAt) {

  public static final String SCHEDULED = "dev.followup.schedule.step-scheduled.v1";
  public static final String RESCHEDULED = "dev.followup.schedule.step-rescheduled.v1";
  public static final String CANCELLED = "dev.followup.schedule.step-cancelled.v1";
  public static final String TOPIC = "plan-events";
}
