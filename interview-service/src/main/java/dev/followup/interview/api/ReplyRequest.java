package dev.followup.interview.api;

import dev.followup.interview.application.Commands;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /opportunities/{id}/replies}: an answer from the employer. */
@Schema(name = "NewEmployerReply")
public record ReplyRequest(
    @NotNull @PastOrPresent @Schema(examples = "2026-11-30T09:12:00Z") Instant receivedAt,
    @Size(max = 2000) @Schema(examples = "Still deciding; will know after the board meeting")
        String summary,
    @Schema(description = "A date the employer named for the next contact", examples = "2026-12-07")
        LocalDate nextContactDate) {

  Commands.Reply toReply() {
    return new Commands.Reply(receivedAt, summary, nextContactDate);
  }
}
