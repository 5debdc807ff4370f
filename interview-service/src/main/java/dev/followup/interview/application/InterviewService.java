package dev.followup.interview.application;

import dev.followup.interview.application.events.InterviewCancelledV1;
import dev.followup.interview.application.events.InterviewCompletedV1;
import dev.followup.interview.application.events.InterviewRescheduledV1;
import dev.followup.interview.domain.InterviewKind;
import dev.followup.interview.domain.InterviewStatus;
import dev.followup.interview.domain.OpportunityStatus;
import dev.followup.interview.metrics.InterviewMetrics;
import dev.followup.interview.outbox.Outbox;
import dev.followup.interview.persistence.Candidate;
import dev.followup.interview.persistence.CandidateReference;
import dev.followup.interview.persistence.Interview;
import dev.followup.interview.persistence.Interviewer;
import dev.followup.interview.persistence.Opportunity;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.Hibernate;
import org.jboss.logging.Logger;

/**
 * Records interviews, their changes and their completion; each change and its event commit
 * together.
 */
@ApplicationScoped
@Transactional
public class InterviewService {

  private static final Logger LOG = Logger.getLogger(InterviewService.class);

  private final Outbox outbox;
  private final InterviewMetrics metrics;
  private final Clock clock;

  InterviewService(Outbox outbox, InterviewMetrics metrics, Clock clock) {
    this.outbox = outbox;
    this.metrics = metrics;
    this.clock = clock;
  }

  public Interview schedule(Owner owner, UUID opportunityId, Commands.InterviewDetails details) {
    Opportunity opportunity = OpportunityService.find(owner, opportunityId);
    if (opportunity.status == OpportunityStatus.CLOSED) {
      throw new ConflictException("The opportunity is closed (" + opportunity.outcome + ")");
    }
    Interview interview = new Interview();
    interview.id = NewIds.next();
    interview.tenantId = owner.tenantId();
    interview.candidateId = owner.candidateId();
    interview.opportunity = opportunity;
    interview.status = InterviewStatus.SCHEDULED;
    interview.createdAt = clock.instant();
    apply(interview, details);
    interview.persist();
    return interview;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public PageOf<Interview> list(
      Owner owner,
      UUID opportunityId,
      InterviewStatus status,
      InterviewKind kind,
      int page,
      int size) {
    if (opportunityId != null) {
      OpportunityService.find(owner, opportunityId);
    }
    Queries query =
        Queries.ownedBy(owner)
            .with("opportunity.id = :opportunity", "opportunity", opportunityId)
            .with("status = :status", "status", status)
            .with("kind = :kind", "kind", kind);
    PageOf<Interview> found =
        Queries.page(
            Interview.<Interview>find(
                query.where(), Sort.ascending("startsAt").and("id"), query.parameters()),
            page,
            size);
    found.items().forEach(InterviewService::initialise);
    return found;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Interview get(Owner owner, UUID id) {
    return find(owner, id);
  }

  /**
   * Replaces what is recorded about the interview. Interviewers listed with their id keep it (the
   * follow-ups planned for them stay theirs); those left out are removed.
   */
  public Interview update(
      Owner owner, UUID id, Commands.InterviewDetails details, Long expectedVersion) {
    Interview interview = find(owner, id);
    VersionMismatchException.check(expectedVersion, interview.version);
    if (interview.status == InterviewStatus.CANCELLED) {
      throw new ConflictException("The interview was cancelled; record a new one instead");
    }
    if (interview.status == InterviewStatus.COMPLETED
        && (!interview.startsAt.equals(details.startsAt())
            || !interview.endsAt.equals(details.endsAt())
            || !interview.timeZone.equals(details.timeZone().getId()))) {
      throw new ConflictException("The interview was held: its time can no longer change");
    }
    boolean moved =
        !interview.startsAt.equals(details.startsAt())
            || !interview.endsAt.equals(details.endsAt())
            || !interview.timeZone.equals(details.timeZone().getId());
    apply(interview, details);
    if (moved) {
      emit(interview, InterviewRescheduledV1.TYPE, InterviewEvents.rescheduled(interview));
    }
    return interview;
  }

  /**
   * Marks the interview as held and emits {@code InterviewCompleted}. Completing it again changes
   * nothing and emits nothing, so a client may safely retry. Next steps sent with the completion
   * are recorded with it.
   */
  public Interview complete(Owner owner, UUID id, Commands.NextSteps nextSteps) {
    Interview interview = find(owner, id);
    if (interview.status == InterviewStatus.COMPLETED) {
      return interview;
    }
    if (interview.status == InterviewStatus.CANCELLED) {
      throw new ConflictException("The interview was cancelled; it cannot be completed");
    }
    Candidate candidate = CandidateService.require(owner);
    if (nextSteps != null) {
      applyNextSteps(interview, nextSteps);
    }
    interview.status = InterviewStatus.COMPLETED;
    interview.completedAt = clock.instant();
    interview.updatedAt = interview.completedAt;
    List<CandidateReference> references =
        CandidateReference.list(
            "tenantId = ?1 and candidateId = ?2 order by name, id",
            owner.tenantId(),
            owner.candidateId());
    emit(
        interview,
        InterviewCompletedV1.TYPE,
        InterviewEvents.completed(interview, candidate, references));
    metrics.interviewCompleted();
    // Ids only: names, addresses and notes are personal data and never logged.
    LOG.infof("Interview %s of opportunity %s completed", interview.id, interview.opportunity.id);
    return interview;
  }

  /** Calls the interview off. Cancelling it again changes nothing. */
  public Interview cancel(Owner owner, UUID id) {
    Interview interview = find(owner, id);
    if (interview.status == InterviewStatus.CANCELLED) {
      return interview;
    }
    if (interview.status == InterviewStatus.COMPLETED) {
      throw new ConflictException("The interview was held; it cannot be cancelled");
    }
    interview.status = InterviewStatus.CANCELLED;
    interview.cancelledAt = clock.instant();
    interview.updatedAt = interview.cancelledAt;
    emit(interview, InterviewCancelledV1.TYPE, InterviewEvents.cancelled(interview));
    return interview;
  }

  /** Writes an event about the interview to the outbox, keyed by its opportunity. */
  private void emit(Interview interview, String type, Object data) {
    outbox.append(
        new Outbox.Owner(interview.tenantId, interview.candidateId),
        InterviewEvents.TOPIC,
        interview.opportunity.id.toString(),
        type,
        interview.id.toString(),
        data);
  }

  private void apply(Interview interview, Commands.InterviewDetails details) {
    interview.round = details.round();
    interview.kind = details.kind();
    interview.startsAt = details.startsAt();
    interview.endsAt = details.endsAt();
    interview.timeZone = details.timeZone().getId();
    interview.finalRound = details.finalRound();
    interview.notes = details.notes();
    interview.referencesRequested = details.referencesRequested();
    applyNextSteps(
        interview, details.nextSteps() == null ? Commands.NextSteps.NONE : details.nextSteps());
    interview.updatedAt = clock.instant();

    Map<UUID, Interviewer> existing = new HashMap<>();
    interview.interviewers.forEach(i -> existing.put(i.id, i));
    List<Interviewer> listed = new ArrayList<>();
    int position = 0;
    for (Commands.InterviewerCard card : details.interviewers()) {
      Interviewer interviewer;
      if (card.id() == null) {
        interviewer = new Interviewer();
        interviewer.id = NewIds.next();
        interviewer.interview = interview;
      } else {
        interviewer = existing.get(card.id());
        if (interviewer == null) {
          throw new ConflictException(
              "Interviewer " + card.id() + " is not listed on this interview; leave out the id");
        }
      }
      interviewer.position = position++;
      interviewer.name = card.name();
      interviewer.title = card.title();
      interviewer.email = card.email();
      interviewer.phone = card.phone();
      interviewer.mailingAddress = card.mailingAddress();
      interviewer.timeZone = card.timeZone() == null ? null : card.timeZone().getId();
      interviewer.preferredChannel = card.preferredChannel();
      interviewer.topics = new ArrayList<>(card.topics());
      listed.add(interviewer);
    }
    interview.interviewers.clear();
    interview.interviewers.addAll(listed);
  }

  private static void applyNextSteps(Interview interview, Commands.NextSteps nextSteps) {
    interview.expectedDecisionDate = nextSteps.expectedDecisionDate();
    interview.mayCallOn = nextSteps.mayCallOn();
    interview.weWillContactYou = nextSteps.weWillContactYou();
    interview.noFollowUpPolicy = nextSteps.noFollowUpPolicy();
  }

  /** Loads the interview with its interviewers and opportunity, which every caller reads. */
  static Interview find(Owner owner, UUID id) {
    Interview interview =
        Interview.<Interview>find(
                "from Interview i left join fetch i.interviewers join fetch i.opportunity"
                    + " where i.id = ?1 and i.tenantId = ?2 and i.candidateId = ?3",
                id,
                owner.tenantId(),
                owner.candidateId())
            .singleResultOptional()
            .orElseThrow(() -> new ResourceNotFoundException("interview", id));
    return interview;
  }

  private static void initialise(Interview interview) {
    Hibernate.initialize(interview.interviewers);
    Hibernate.initialize(interview.opportunity);
  }
}
