package dev.followup.interview.api;

import dev.followup.interview.application.Commands;
import dev.followup.interview.domain.Outcome;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code PUT /opportunities/{id}/outcome}. */
@Schema(name = "OutcomeRecord")
public record OutcomeRequest(
    @NotNull @Schema(examples = "OFFER") Outcome outcome,
    @PastOrPresent
        @Schema(
            description = "When it happened; now when absent",
            examples = "2026-12-02T16:00:00Z")
        Instant recordedAt) {

  Commands.OutcomeRecord toRecord() {
    return new Commands.OutcomeRecord(outcome, recordedAt);
  }
}
