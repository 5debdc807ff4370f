package dev.followup.interview.application;

import dev.followup.interview.domain.review.EnglishSpelling;
import dev.followup.interview.domain.review.Finding;
import dev.followup.interview.domain.review.ThankYouReview;
import dev.followup.interview.persistence.Candidate;
import dev.followup.interview.persistence.Interview;
import dev.followup.interview.persistence.Interviewer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Checks the thank-you notes the candidate drafted for the interviewers of one of their interviews.
 * Nothing is saved: the drafts stay the candidate's until they send them.
 */
@ApplicationScoped
public class ThankYouReviewService {

  private final ThankYouReview review;

  ThankYouReviewService(ThankYouReviewConfig config) {
    this.review =
        new ThankYouReview(
            EnglishSpelling.load(),
            new ThankYouReview.Policy(
                config.similarityThreshold(), config.shingleSize(), config.maxSuggestions()));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Finding> review(Owner owner, UUID interviewId, List<ThankYouReview.Draft> drafts) {
    Interview interview = InterviewService.find(owner, interviewId);
    Set<UUID> interviewers =
        interview.interviewers.stream().map(i -> i.id).collect(Collectors.toSet());
    for (ThankYouReview.Draft draft : drafts) {
      if (!interviewers.contains(draft.interviewerId())) {
        throw new ConflictException(
            "Interviewer " + draft.interviewerId() + " is not listed on this interview");
      }
    }
    List<ThankYouReview.Recipient> recipients =
        interview.interviewers.stream().map(ThankYouReviewService::recipient).toList();
    List<String> properNouns = new ArrayList<>();
    properNouns.add(interview.opportunity.company);
    properNouns.add(interview.opportunity.role);
    Candidate.find(owner.tenantId(), owner.candidateId()).ifPresent(c -> properNouns.add(c.name));
    return review.review(drafts, recipients, properNouns);
  }

  private static ThankYouReview.Recipient recipient(Interviewer interviewer) {
    return new ThankYouReview.Recipient(
        interviewer.id, interviewer.name, List.copyOf(interviewer.topics));
  }
}
