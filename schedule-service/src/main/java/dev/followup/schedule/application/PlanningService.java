package dev.followup.schedule.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.schedule.application.events.ChangeEvents;
import dev.followup.schedule.application.events.InterviewCompleted;
import dev.followup.schedule.domain.planning.CandidatePreferences;
import dev.followup.schedule.domain.planning.FollowUpPlanner;
import dev.followup.schedule.domain.planning.PlannedStep;
import dev.followup.schedule.domain.planning.StepKind;
import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.persistence.ClosedOpportunity;
import dev.followup.schedule.persistence.FollowUpStep;
import dev.followup.schedule.persistence.PlannedInterview;
import dev.followup.schedule.persistence.StepRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keeps each opportunity's plan in step with what happened: plans a completed interview, re-plans
 * when it moves or the employer answers, cancels on an outcome or a cancellation, forgets an erased
 * candidate.
 *
 * <p>Every reaction is idempotent: the event id is recorded in the same transaction as its effect,
 * so a redelivered event does nothing; a step is known by its interview, kind, recipient and
 * sequence, unique in the table, so even the same facts under a new event id plan nothing twice.
 * Events arriving late are tolerated: a completion after the outcome, or after erasure, plans
 * nothing.
 */
@ApplicationScoped
@Transactional
public class PlanningService {

  private static final Logger LOG = Logger.getLogger(PlanningService.class);

  private final CompletionPlanner completionPlanner;
  private final PolicyService policies;
  private final StepRepository steps;
  private final PlanWriter writer;
  private final ObjectMapper objectMapper;
  private final ScheduleMetrics metrics;
  private final Clock clock;

  PlanningService(
      CompletionPlanner completionPlanner,
      PolicyService policies,
      StepRepository steps,
      PlanWriter writer,
      ObjectMapper objectMapper,
      ScheduleMetrics metrics,
      Clock clock) {
    this.completionPlanner = completionPlanner;
    this.policies = policies;
    this.steps = steps;
    this.writer = writer;
    this.objectMapper = objectMapper;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * An {@code InterviewCompleted} event to plan.
   *
   * @param facts the event's data as received: re-planning starts again from it
   * @param occurredAt when the completion happened, if known: a completion older than the newest
   *     event applied to the interview changes nothing (see {@link EventOrder})
   * @param traceParent the W3C traceparent of the record it came in, if any: what it plans
   *     continues that trace
   */
  public record Completion(
      String eventId,
      InterviewCompleted event,
      String facts,
      Instant occurredAt,
      String traceParent) {

    /**
     * @throws InvalidEventException if the interview id or a time zone cannot be read: found before
     *     the event is planned with others, so that it is dead-lettered alone
     */
    public Completion {
      uuid(event.interviewId(), "interviewId");
      InterviewFacts.of(event);
    }
  }

  /** Plans the steps of a completed interview. */
  public void onInterviewCompleted(Completion completion) {
    onInterviewsCompleted(List.of(completion));
  }

  /**
   * Plans the steps of completed interviews, in order, as if one after the other: the look-ups and
   * writes of the whole list are made together (see {@link CompletionPlanner}).
   */
  public void onInterviewsCompleted(List<Completion> completions) {
    completionPlanner.plan(completions);
  }

  /** The interview as the completion event describes it. */
  static void describe(
      PlannedInterview interview, InterviewCompleted event, String facts, Instant occurredAt) {
    interview.lastEventAt = EventOrder.applied(interview.lastEventAt, occurredAt);
    interview.tenantId = event.tenantId();
    interview.opportunityId = event.opportunityKey();
    interview.candidateId = event.candidate().id();
    interview.candidateName = event.candidate().name();
    interview.candidateEmail = event.candidate().email();
    interview.candidateTimeZone = InterviewFacts.zone(event.candidate().timeZone()).getId();
    interview.company = event.company();
    interview.role = event.role();
    interview.endedAt = event.endedAt().toInstant();
    interview.timeZone = InterviewFacts.zone(event.timeZone()).getId();
    interview.facts = facts;
  }

  /**
   * Moves the plan of an interview that was rescheduled after it was planned; a move older than the
   * newest event applied to the interview changes nothing (see {@link EventOrder}).
   */
  public void onInterviewRescheduled(
      String eventId, ChangeEvents.InterviewRescheduled event, Instant occurredAt) {
    Instant now = clock.instant();
    if (!steps.recordProcessed(eventId, ChangeEvents.InterviewRescheduled.TYPE, now)) {
      return;
    }
    PlannedInterview interview = lockedInterview(uuid(event.interviewId(), "interviewId"));
    if (interview == null || interview.facts == null) {
      return; // Not completed yet: nothing planned, nothing to move.
    }
    if (isStale(interview, occurredAt, eventId)) {
      return;
    }
    interview.lastEventAt = EventOrder.applied(interview.lastEventAt, occurredAt);
    InterviewCompleted facts = read(interview.facts);
    String zone = event.timeZone() == null ? facts.timeZone() : event.timeZone();
    InterviewCompleted moved =
        new InterviewCompleted(
            facts.tenantId(),
            facts.interviewId(),
            facts.opportunityId(),
            facts.candidate(),
            facts.company(),
            facts.role(),
            event.endsAt(),
            zone,
            facts.interviewers(),
            facts.finalRound(),
            facts.referencesRequested(),
            facts.nextSteps(),
            facts.references(),
            facts.completedAt());
    interview.endedAt = event.endsAt().toInstant();
    interview.timeZone = InterviewFacts.zone(zone).getId();
    interview.facts = write(moved);
    if (ClosedOpportunity.findById(interview.opportunityId) != null) {
      // The outcome cancelled the plan; the move is recorded and brings nothing back.
      return;
    }
    InterviewFacts parsed = InterviewFacts.of(moved);
    writer.apply(
        interview,
        parsed,
        planner(interview).plan(parsed.interview(), preferences(interview)),
        EnumSet.allOf(StepKind.class),
        ScheduleMetrics.MoveReason.RESCHEDULED,
        now);
  }

  /**
   * Cancels the pending steps of a cancelled interview, unless the cancellation is older than the
   * newest event applied to the interview (see {@link EventOrder}).
   */
  public void onInterviewCancelled(
      String eventId, ChangeEvents.InterviewCancelled event, Instant occurredAt) {
    Instant now = clock.instant();
    if (!steps.recordProcessed(eventId, ChangeEvents.InterviewCancelled.TYPE, now)) {
      return;
    }
    UUID interviewId = uuid(event.interviewId(), "interviewId");
    PlannedInterview interview = lockedInterview(interviewId);
    if (interview != null) {
      if (isStale(interview, occurredAt, eventId)) {
        return;
      }
      interview.lastEventAt = EventOrder.applied(interview.lastEventAt, occurredAt);
    }
    cancel(steps.pendingOfInterview(interviewId), PlanEvents.Reason.INTERVIEW_CANCELLED, now);
  }

  /** An outcome is known: every pending step of the opportunity stops, now and later. */
  public void onOutcomeRecorded(String eventId, ChangeEvents.OutcomeRecorded event) {
    Instant now = clock.instant();
    if (!steps.recordProcessed(eventId, ChangeEvents.OutcomeRecorded.TYPE, now)) {
      return;
    }
    if (ClosedOpportunity.findById(event.opportunityId()) == null) {
      ClosedOpportunity closed = new ClosedOpportunity();
      closed.opportunityId = event.opportunityId();
      closed.outcome = event.outcome();
      closed.recordedAt = event.recordedAt() == null ? now : event.recordedAt();
      closed.persist();
    }
    int cancelled =
        cancel(steps.pendingOfOpportunity(event.opportunityId()), PlanEvents.Reason.OUTCOME, now);
    LOG.infof(
        "Opportunity %s closed: %d pending step(s) cancelled", event.opportunityId(), cancelled);
  }

  /** The employer answered: pending check-ins start again from the answer. */
  public void onEmployerReplied(String eventId, ChangeEvents.EmployerReplied event) {
    Instant now = clock.instant();
    if (!steps.recordProcessed(eventId, ChangeEvents.EmployerReplied.TYPE, now)) {
      return;
    }
    if (ClosedOpportunity.findById(event.opportunityId()) != null) {
      return;
    }
    PlannedInterview latest =
        PlannedInterview.<PlannedInterview>find(
                "opportunityId = ?1 and facts is not null order by endedAt desc",
                event.opportunityId())
            .firstResult();
    if (latest == null) {
      return;
    }
    InterviewFacts parsed = InterviewFacts.of(read(latest.facts));
    int alreadyDone = steps.countSettledCheckIns(latest.interviewId);
    List<PlannedStep> checkIns =
        planner(latest)
            .checkInsAfterReply(
                parsed.interview(),
                preferences(latest),
                event.repliedAt(),
                java.util.Optional.ofNullable(event.nextContactDate()),
                alreadyDone,
                steps.lastCheckInMade(latest.interviewId));
    writer.apply(
        latest,
        parsed,
        checkIns,
        EnumSet.of(StepKind.CHECK_IN),
        ScheduleMetrics.MoveReason.EMPLOYER_REPLIED,
        now);
  }

  /**
   * Forgets everything about the candidate of the tenant the erasure names (in every tenant if it
   * names none), and remembers only that they were erased.
   */
  public void onCandidateErased(String eventId, ChangeEvents.CandidateErased event) {
    Instant now = clock.instant();
    if (!steps.recordProcessed(eventId, ChangeEvents.CandidateErased.TYPE, now)) {
      return;
    }
    steps
        .pendingCountsByKind(event.tenantId(), event.candidateId())
        .forEach(
            (kind, count) -> metrics.cancelled(kind, ScheduleMetrics.CancelReason.ERASED, count));
    long removed = steps.eraseCandidate(event.tenantId(), event.candidateId(), now);
    LOG.infof("Erased a candidate: %d step(s) removed", removed);
  }

  /**
   * The plan a completion would produce for {@code candidateId} under the policy of {@code
   * tenantId} and the candidate's own settings there, computed and not saved. Whom the plan is for
   * is the caller's to decide, not the body's.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<PlannedStep> preview(InterviewCompleted event, String tenantId, String candidateId) {
    InterviewFacts parsed = InterviewFacts.of(event);
    return policies
        .plannerFor(tenantId, candidateId)
        .plan(
            parsed.interview(),
            policies.preferencesFor(
                tenantId, candidateId, InterviewFacts.zone(event.candidate().timeZone())));
  }

  /**
   * The steps of an interview, if it is the owner's.
   *
   * @throws NotFoundException if the owner has no steps planned for it
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<FollowUpStep> timeline(Owner owner, UUID interviewId) {
    List<FollowUpStep> timeline =
        steps.forInterview(owner.tenantId(), owner.candidateId(), interviewId);
    if (timeline.isEmpty()) {
      throw new NotFoundException("No plan for interview " + interviewId);
    }
    return timeline;
  }

  /**
   * The steps of every interview of an opportunity, if it is the owner's.
   *
   * @throws NotFoundException if the owner has no steps planned for it
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<FollowUpStep> opportunityTimeline(Owner owner, String opportunityId) {
    List<FollowUpStep> timeline =
        steps.forOpportunity(owner.tenantId(), owner.candidateId(), opportunityId);
    if (timeline.isEmpty()) {
      throw new NotFoundException("No plan for opportunity " + opportunityId);
    }
    return timeline;
  }

  /**
   * The planned interview, locked until the transaction ends, so that two events about it are
   * applied one after the other and each sees the time the other left.
   */
  private static PlannedInterview lockedInterview(UUID interviewId) {
    return PlannedInterview.findById(
        interviewId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
  }

  static boolean isStale(PlannedInterview interview, Instant occurredAt, String eventId) {
    if (!EventOrder.isStale(occurredAt, interview.lastEventAt)) {
      return false;
    }
    LOG.debugf(
        "Ignoring event %s about interview %s: it happened at %s, before the newest applied (%s)",
        eventId, interview.interviewId, occurredAt, interview.lastEventAt);
    return true;
  }

  /** Cancels the steps and tells partners; returns how many. */
  private int cancel(List<FollowUpStep> pending, PlanEvents.Reason reason, Instant now) {
    pending.forEach(step -> writer.cancel(step, reason, now));
    return pending.size();
  }

  private FollowUpPlanner planner(PlannedInterview interview) {
    return policies.plannerFor(interview.tenantId, interview.candidateId);
  }

  private CandidatePreferences preferences(PlannedInterview interview) {
    return policies.preferencesFor(
        interview.tenantId,
        interview.candidateId,
        InterviewFacts.zone(interview.candidateTimeZone));
  }

  private InterviewCompleted read(String facts) {
    try {
      return objectMapper.readValue(facts, InterviewCompleted.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored interview facts are unreadable", e);
    }
  }

  private String write(InterviewCompleted facts) {
    try {
      return objectMapper.writeValueAsString(facts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static UUID uuid(String value, String field) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidEventException(field + " is not a UUID: " + value, e);
    }
  }
}
