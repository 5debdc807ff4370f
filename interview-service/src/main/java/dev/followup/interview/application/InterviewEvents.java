package dev.followup.interview.application;

import dev.followup.interview.application.events.CandidateErasedV1;
import dev.followup.interview.application.events.EmployerRepliedV1;
import dev.followup.interview.application.events.InterviewCancelledV1;
import dev.followup.interview.application.events.InterviewCompletedV1;
import dev.followup.interview.application.events.InterviewRescheduledV1;
import dev.followup.interview.application.events.OutcomeRecordedV1;
import dev.followup.interview.persistence.Candidate;
import dev.followup.interview.persistence.CandidateReference;
import dev.followup.interview.persistence.EmployerReply;
import dev.followup.interview.persistence.Interview;
import dev.followup.interview.persistence.Interviewer;
import dev.followup.interview.persistence.Opportunity;
import java.time.Instant;
import java.util.List;

/**
 * Maps records to the events partners see, so that an event is never the entity itself. Every event
 * goes to {@link #TOPIC}, keyed by the opportunity (one opportunity's events keep their order), or
 * by the candidate for an erasure.
 */
final class InterviewEvents {

  static final String TOPIC = "interview-events";

  private InterviewEvents() {}

  static InterviewCompletedV1 completed(
      Interview interview, Candidate candidate, List<CandidateReference> references) {
    boolean referencesMatter = interview.finalRound || interview.referencesRequested;
    return new InterviewCompletedV1(
        interview.id.toString(),
        new InterviewCompletedV1.Candidate(
            candidate.id,
            candidate.name,
            candidate.email,
            candidate.timeZone,
            candidate.phone,
            candidate.locale),
        interview.opportunity.company,
        interview.opportunity.role,
        interview.endsAtZoned().toOffsetDateTime(),
        interview.timeZone,
        interview.interviewers.stream().map(InterviewEvents::interviewer).toList(),
        interview.completedAt,
        interview.tenantId,
        interview.opportunity.id.toString(),
        interview.round,
        interview.kind.name(),
        interview.finalRound,
        interview.referencesRequested,
        new InterviewCompletedV1.NextSteps(
            interview.expectedDecisionDate,
            interview.mayCallOn,
            interview.weWillContactYou,
            interview.noFollowUpPolicy),
        // References are only shared when an employer may call them.
        referencesMatter ? references.stream().map(InterviewEvents::reference).toList() : null);
  }

  static InterviewRescheduledV1 rescheduled(Interview interview) {
    return new InterviewRescheduledV1(
        interview.tenantId,
        interview.candidateId,
        interview.opportunity.id.toString(),
        interview.id.toString(),
        interview.startsAtZoned().toOffsetDateTime(),
        interview.endsAtZoned().toOffsetDateTime(),
        interview.timeZone);
  }

  static InterviewCancelledV1 cancelled(Interview interview) {
    return new InterviewCancelledV1(
        interview.tenantId,
        interview.candidateId,
        interview.opportunity.id.toString(),
        interview.id.toString(),
        interview.cancelledAt);
  }

  static OutcomeRecordedV1 outcomeRecorded(Opportunity opportunity) {
    return new OutcomeRecordedV1(
        opportunity.tenantId,
        opportunity.candidateId,
        opportunity.id.toString(),
        opportunity.outcome.name(),
        opportunity.outcomeRecordedAt);
  }

  static EmployerRepliedV1 employerReplied(EmployerReply reply) {
    return new EmployerRepliedV1(
        reply.tenantId,
        reply.candidateId,
        reply.opportunityId.toString(),
        reply.receivedAt,
        reply.nextContactDate,
        reply.summary);
  }

  static CandidateErasedV1 candidateErased(Owner owner, Instant erasedAt) {
    return new CandidateErasedV1(owner.tenantId(), owner.candidateId(), erasedAt);
  }

  private static InterviewCompletedV1.Interviewer interviewer(Interviewer interviewer) {
    return new InterviewCompletedV1.Interviewer(
        interviewer.id.toString(),
        interviewer.name,
        interviewer.email,
        List.copyOf(interviewer.topics),
        interviewer.title,
        interviewer.phone,
        interviewer.timeZone,
        interviewer.preferredChannel == null ? null : interviewer.preferredChannel.name());
  }

  private static InterviewCompletedV1.Reference reference(CandidateReference reference) {
    return new InterviewCompletedV1.Reference(
        reference.name, reference.email, reference.phone, reference.relation);
  }
}
