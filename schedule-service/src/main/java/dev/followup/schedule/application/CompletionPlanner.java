package dev.followup.schedule.application;

import dev.followup.schedule.application.events.InterviewCompleted;
import dev.followup.schedule.domain.planning.PlannedStep;
import dev.followup.schedule.domain.planning.StepKind;
import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.persistence.Erasure;
import dev.followup.schedule.persistence.FollowUpStep;
import dev.followup.schedule.persistence.PlanRows;
import dev.followup.schedule.persistence.PlannedInterview;
import dev.followup.schedule.persistence.StepStatus;
import dev.followup.schedule.tracing.TraceParents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Plans a run of completed interviews together: each event is applied in order with the same rules
 * as one at a time (idempotent per event id, stale events ignored, earlier rounds' check-ins
 * superseded, re-completions re-planned), but the look-ups are made once for the whole run and the
 * rows written in batches at the end.
 *
 * <ol>
 *   <li>record every event id in {@code processed_event} (one statement): ids already recorded, and
 *       the repeats of an id within the run, change nothing;
 *   <li>read erased candidates, closed opportunities, the planned interviews (locked) and their
 *       steps and the opportunities' pending check-ins and nudges (locked), one statement each;
 *   <li>apply each event in memory, against what the events before it left;
 *   <li>write the interviews and steps in JDBC batches; plan events go to the outbox as before.
 * </ol>
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
class CompletionPlanner {

  private static final Logger LOG = Logger.getLogger(CompletionPlanner.class);

  /** Steps that concern the latest round only: an earlier round's are cancelled by a new one. */
  static final Set<StepKind> SUPERSEDED_BY_LATER_ROUND =
      EnumSet.of(StepKind.CHECK_IN, StepKind.KEEP_SEARCHING);

  /**
   * Steps in the order of their ids in the database (PostgreSQL compares uuids as unsigned bytes;
   * {@link UUID#compareTo} would compare signed halves), as its queries return them.
   */
  private static final Comparator<FollowUpStep> ID_ORDER =
      (a, b) -> {
        int high =
            Long.compareUnsigned(a.id.getMostSignificantBits(), b.id.getMostSignificantBits());
        return high != 0
            ? high
            : Long.compareUnsigned(a.id.getLeastSignificantBits(), b.id.getLeastSignificantBits());
      };

  private final PlanRows rows;
  private final PolicyService policies;
  private final PlanWriter writer;
  private final PlanEvents planEvents;
  private final Clock clock;

  CompletionPlanner(
      PlanRows rows,
      PolicyService policies,
      PlanWriter writer,
      PlanEvents planEvents,
      Clock clock) {
    this.rows = rows;
    this.policies = policies;
    this.writer = writer;
    this.planEvents = planEvents;
    this.clock = clock;
  }

  /** Plans the completions, in order, in the caller's transaction. */
  void plan(List<PlanningService.Completion> completions) {
    Instant now = clock.instant();
    rows.detachAll();
    Map<String, String> types = new LinkedHashMap<>();
    completions.forEach(c -> types.putIfAbsent(c.eventId(), InterviewCompleted.TYPE));
    Set<String> unseen = rows.recordProcessed(types, now);
    List<Item> items = new ArrayList<>();
    for (PlanningService.Completion completion : completions) {
      // Only the first of an id that was not recorded before: a repeat within the run is one too.
      if (unseen.remove(completion.eventId())) {
        items.add(
            new Item(
                completion, PlanningService.uuid(completion.event().interviewId(), "interviewId")));
      }
    }
    if (items.isEmpty()) {
      return;
    }
    new Run(items, now).plan();
  }

  /** A completion to apply, with its interview id read. */
  private record Item(PlanningService.Completion completion, UUID interviewId) {
    InterviewCompleted event() {
      return completion.event();
    }
  }

  /** The state of one run: what was read, and what the events applied so far changed. */
  private final class Run {

    private final List<Item> items;
    private final Instant now;
    private final List<Erasure> erasures;
    private final Set<String> closed;
    private final PolicyService.Policies policyBook;
    private final Map<UUID, PlannedInterview> interviews;
    private final Set<PlannedInterview> newInterviews = newIdentitySet();
    private final Set<PlannedInterview> changedInterviews = newIdentitySet();
    private final Map<UUID, List<FollowUpStep>> stepsByInterview = new HashMap<>();
    private final Map<String, List<FollowUpStep>> stepsByOpportunity = new HashMap<>();
    private final Set<FollowUpStep> newSteps = newIdentitySet();
    private final Set<FollowUpStep> changedSteps = newIdentitySet();

    Run(List<Item> items, Instant now) {
      this.items = items;
      this.now = now;
      Set<String> candidates = new LinkedHashSet<>();
      Set<String> opportunities = new LinkedHashSet<>();
      Set<UUID> interviewIds = new LinkedHashSet<>();
      Set<Owner> owners = new LinkedHashSet<>();
      for (Item item : items) {
        InterviewCompleted event = item.event();
        candidates.add(event.candidate().id());
        opportunities.add(event.opportunityKey());
        interviewIds.add(item.interviewId());
        owners.add(new Owner(event.tenantId(), event.candidate().id()));
      }
      rows.lockCandidates(candidates);
      erasures = rows.erasures(candidates);
      closed = rows.closedOpportunities(opportunities);
      interviews = new HashMap<>(rows.lockInterviews(interviewIds));
      // Only interviews planned before have steps of their own; every opportunity may have
      // check-ins of earlier rounds.
      for (FollowUpStep step :
          rows.lockSteps(interviews.keySet(), opportunities, SUPERSEDED_BY_LATER_ROUND)) {
        remember(step);
      }
      policyBook = policies.policiesFor(owners);
    }

    void plan() {
      for (Item item : items) {
        TraceParents.runIn(item.completion().traceParent(), () -> apply(item));
      }
      rows.saveInterviews(newInterviews, without(changedInterviews, newInterviews));
      rows.saveSteps(newSteps, without(changedSteps, newSteps));
    }

    /** As {@link PlanningService#onInterviewCompleted}, one event, against the run's state. */
    private void apply(Item item) {
      PlanningService.Completion completion = item.completion();
      InterviewCompleted event = completion.event();
      if (erasures.stream()
          .anyMatch(erasure -> erasure.covers(event.tenantId(), event.candidate().id()))) {
        LOG.debugf(
            "Ignoring a completion for an erased candidate (event %s)", completion.eventId());
        return;
      }
      if (closed.contains(event.opportunityKey())) {
        LOG.debugf("Opportunity %s has an outcome: nothing to plan", event.opportunityKey());
        return;
      }
      UUID interviewId = item.interviewId();
      PlannedInterview interview = interviews.get(interviewId);
      if (interview == null) {
        interview = new PlannedInterview();
        interview.interviewId = interviewId;
        interview.createdAt = now;
        interviews.put(interviewId, interview);
        newInterviews.add(interview);
      } else if (PlanningService.isStale(
          interview, completion.occurredAt(), completion.eventId())) {
        return;
      }
      changedInterviews.add(interview);
      PlanningService.describe(interview, event, completion.facts(), completion.occurredAt());

      InterviewFacts parsed = InterviewFacts.of(event);
      List<PlannedStep> plan =
          policyBook
              .plannerFor(interview.tenantId, interview.candidateId)
              .plan(
                  parsed.interview(),
                  policyBook.preferencesFor(
                      interview.tenantId,
                      interview.candidateId,
                      InterviewFacts.zone(interview.candidateTimeZone)));
      int cancelled = 0;
      for (FollowUpStep step : supersededBy(interview)) {
        writer.cancel(step, PlanEvents.Reason.REPLANNED, now);
        changedSteps.add(step);
        cancelled++;
      }
      PlanWriter.Changes changes =
          writer.reconcile(
              interview,
              parsed,
              plan,
              storedSteps(interviewId),
              ScheduleMetrics.MoveReason.REPLANNED,
              now);
      changedSteps.addAll(changes.updated());
      for (FollowUpStep step : changes.inserted()) {
        newSteps.add(step);
        remember(step);
      }
      LOG.debugf(
          "Interview %s: %d step(s) planned, %d earlier check-in(s) superseded",
          interviewId, changes.count(), cancelled);
    }

    /** Pending check-ins and nudges of the opportunity's other interviews, in id order. */
    private List<FollowUpStep> supersededBy(PlannedInterview interview) {
      List<FollowUpStep> superseded = new ArrayList<>();
      for (FollowUpStep step :
          stepsByOpportunity.getOrDefault(interview.opportunityId, List.of())) {
        if (step.status == StepStatus.PENDING
            && SUPERSEDED_BY_LATER_ROUND.contains(step.kind)
            && !step.interviewId.equals(interview.interviewId)) {
          superseded.add(step);
        }
      }
      superseded.sort(ID_ORDER);
      return superseded;
    }

    /** The interview's steps as the database would give them now: in id order. */
    private List<FollowUpStep> storedSteps(UUID interviewId) {
      List<FollowUpStep> stored =
          new ArrayList<>(stepsByInterview.getOrDefault(interviewId, List.of()));
      stored.sort(ID_ORDER);
      return stored;
    }

    private void remember(FollowUpStep step) {
      stepsByInterview.computeIfAbsent(step.interviewId, id -> new ArrayList<>()).add(step);
      stepsByOpportunity.computeIfAbsent(step.opportunityId, id -> new ArrayList<>()).add(step);
    }
  }

  /** Rows held as entities without equals of their own: the same row is the same object. */
  private static <T> Set<T> newIdentitySet() {
    return new LinkedHashSet<>();
  }

  private static <T> List<T> without(Set<T> all, Set<T> excluded) {
    List<T> rest = new ArrayList<>(all.size());
    for (T each : all) {
      if (!excluded.contains(each)) {
        rest.add(each);
      }
    }
    return rest;
  }
}
