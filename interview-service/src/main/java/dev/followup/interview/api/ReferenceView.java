package dev.followup.interview.api;

import dev.followup.interview.persistence.CandidateReference;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A reference as the API shows it. */
@Schema(name = "ReferenceView")
public record ReferenceView(
    UUID id, String name, String email, String phone, String relation, long version) {

  static ReferenceView of(CandidateReference reference) {
    return new ReferenceView(
        reference.id,
        reference.name,
        reference.email,
        reference.phone,
        reference.relation,
        reference.version);
  }
}
