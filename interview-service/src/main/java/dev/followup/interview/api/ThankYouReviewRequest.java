package dev.followup.interview.api;

import dev.followup.interview.domain.review.ThankYouReview;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /interviews/{id}/thank-you-review}: the drafted notes to check. */
@Schema(name = "ThankYouReviewRequest")
public record ThankYouReviewRequest(
    @NotNull @Size(min = 1, max = 20) @Schema(description = "One draft per interviewer")
        List<@NotNull @Valid DraftRequest> drafts) {

  /** One drafted note and the interviewer it is for. */
  @Schema(name = "ThankYouDraft")
  public record DraftRequest(
      @NotNull
          @Schema(
              description = "Id of an interviewer of this interview",
              examples = "6f1c2d4e-8a9b-4c3d-9e8f-1a2b3c4d5e6f")
          UUID interviewerId,
      @NotBlank
          @Size(max = 5000)
          @Schema(
              examples = "Dear Dana, thank you for walking me through the billing migration today.")
          String text) {}

  List<ThankYouReview.Draft> toDrafts() {
    return drafts.stream().map(d -> new ThankYouReview.Draft(d.interviewerId(), d.text())).toList();
  }
}
