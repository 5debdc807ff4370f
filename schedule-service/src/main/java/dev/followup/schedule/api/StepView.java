package dev.followup.schedule.api;

import dev.followup.schedule.domain.planning.PlannedStep;
import dev.followup.schedule.persistence.FollowUpStep;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A follow-up step as the timeline shows it. */
@Schema(name = "Step")
public record StepView(
    UUID id,
    String kind,
    String action,
    int sequence,
    String channel,
    String rule,
    String status,
    int revision,
    String recipientName,
    List<String> topics,
    Instant dueAt,
    Instant windowEnd,
    Instant firedAt) {

  static StepView of(FollowUpStep step) {
    return new StepView(
        step.id,
        step.kind.name(),
        step.action.name(),
        step.sequence,
        step.channel.name(),
        step.rule,
        step.status.name(),
        step.revision,
        step.recipientName,
        List.copyOf(step.recipientTopics),
        step.dueAt,
        step.windowEnd,
        step.firedAt);
  }

  /** A step of a previewed plan: not saved, so no id, status or revision. */
  static StepView preview(PlannedStep step) {
    return new StepView(
        null,
        step.kind().name(),
        step.action().name(),
        step.sequence(),
        step.channel().name(),
        step.rule(),
        "PREVIEW",
        0,
        step.recipient().map(c -> c.name()).orElse(null),
        step.recipient().map(c -> c.topics()).orElse(List.of()),
        step.dueAt(),
        step.windowEnd(),
        null);
  }
}
