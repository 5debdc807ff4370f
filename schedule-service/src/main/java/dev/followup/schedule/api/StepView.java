package dev.followup.schedule.api;

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
    String channel,
    String rule,
    String status,
    String recipientName,
    List<String> topics,
    Instant dueAt,
    Instant windowEnd,
    Instant firedAt) {

  static StepView of(FollowUpStep step) {
    return new StepView(
        step.id,
        step.kind.name(),
        step.channel.name(),
        step.rule,
        step.status.name(),
        step.recipientName,
        List.copyOf(step.recipientTopics),
        step.dueAt,
        step.windowEnd,
        step.firedAt);
  }
}
