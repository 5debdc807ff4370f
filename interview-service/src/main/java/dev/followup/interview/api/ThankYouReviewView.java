package dev.followup.interview.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.followup.interview.domain.review.Finding;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the check found in the drafts; no finding means nothing to fix. */
@Schema(name = "ThankYouReview")
public record ThankYouReviewView(List<FindingView> findings) {

  /** One finding; which fields it has depends on its kind. */
  @Schema(name = "ThankYouFinding")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FindingView(
      @Schema(description = "SAME_TEXT, NO_TOPIC or SPELLING") String kind,
      @Schema(description = "Index of the draft in the request, from 0") int draft,
      UUID interviewerId,
      @Schema(description = "What to fix") String message,
      @Schema(description = "SAME_TEXT: the other draft") Integer otherDraft,
      @Schema(description = "SAME_TEXT: the other draft's interviewer") UUID otherInterviewerId,
      @Schema(description = "SAME_TEXT: similarity from 0 to 1") Double similarity,
      @Schema(description = "NO_TOPIC: the topics discussed with this interviewer")
          List<String> topics,
      @Schema(description = "SPELLING: the word as written") String word,
      @Schema(description = "SPELLING: where the word starts in the draft's text") Integer offset,
      @Schema(description = "SPELLING: likely intended words, best first")
          List<String> suggestions) {

    static FindingView of(Finding finding) {
      if (finding instanceof Finding.SameText same) {
        return new FindingView(
            "SAME_TEXT",
            same.draft(),
            same.interviewerId(),
            "Drafts "
                + same.draft()
                + " and "
                + same.otherDraft()
                + " are nearly the same;"
                + " write each interviewer their own note",
            same.otherDraft(),
            same.otherInterviewerId(),
            same.similarity(),
            null,
            null,
            null,
            null);
      }
      if (finding instanceof Finding.NoTopicNamed none) {
        return new FindingView(
            "NO_TOPIC",
            none.draft(),
            none.interviewerId(),
            "Name something you discussed with this interviewer",
            null,
            null,
            null,
            none.topics(),
            null,
            null,
            null);
      }
      Finding.Misspelling typo = (Finding.Misspelling) finding;
      return new FindingView(
          "SPELLING",
          typo.draft(),
          typo.interviewerId(),
          "'" + typo.word() + "' may be misspelled",
          null,
          null,
          null,
          null,
          typo.word(),
          typo.offset(),
          typo.suggestions());
    }
  }

  static ThankYouReviewView of(List<Finding> findings) {
    return new ThankYouReviewView(findings.stream().map(FindingView::of).toList());
  }
}
