package dev.followup.interview.application;

import dev.followup.interview.application.events.InterviewCompletedV1;
import dev.followup.interview.persistence.Candidate;
import dev.followup.interview.persistence.Interview;
import dev.followup.interview.persistence.Interviewer;
import java.util.List;

/** Maps interviews to the events partners see, so that the event is never the entity itself. */
final class InterviewEvents {

  static final String TOPIC = "interview-events";

  private InterviewEvents() {}

  static InterviewCompletedV1 completed(Interview interview, Candidate candidate) {
    return new InterviewCompletedV1(
        interview.id.toString(),
        new InterviewCompletedV1.Candidate(
            candidate.id, candidate.name, candidate.email, candidate.timeZone),
        interview.opportunity.company,
        interview.opportunity.role,
        interview.endsAtZoned().toOffsetDateTime(),
        interview.timeZone,
        interview.interviewers.stream().map(InterviewEvents::interviewer).toList(),
        interview.completedAt);
  }

  private static InterviewCompletedV1.Interviewer interviewer(Interviewer interviewer) {
    return new InterviewCompletedV1.Interviewer(
        interviewer.id.toString(),
        interviewer.name,
        interviewer.email,
        List.copyOf(interviewer.topics));
  }
}
