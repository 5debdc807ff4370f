package dev.followup.interview.api;

import dev.followup.interview.persistence.EmployerReply;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An employer's reply as the API shows it. */
@Schema(name = "EmployerReply")
public record ReplyView(
    UUID id, UUID opportunityId, Instant receivedAt, String summary, LocalDate nextContactDate) {

  static ReplyView of(EmployerReply reply) {
    return new ReplyView(
        reply.id, reply.opportunityId, reply.receivedAt, reply.summary, reply.nextContactDate);
  }
}
