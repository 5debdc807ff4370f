package dev.followup.schedule.application;

import dev.followup.schedule.application.events.InterviewCompleted;
import dev.followup.schedule.domain.planning.CompletedInterview;
import dev.followup.schedule.domain.planning.FollowUpPlanner;
import dev.followup.schedule.domain.planning.PlannedStep;
import dev.followup.schedule.persistence.FollowUpStep;
import dev.followup.schedule.persistence.PlannedInterview;
import dev.followup.schedule.persistence.StepRepository;
import dev.followup.schedule.persistence.StepStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/** Plans the follow-ups of completed interviews and keeps them as durable timers. */
@ApplicationScoped
@Transactional
public class PlanningService {

  private static final Logger LOG = Logger.getLogger(PlanningService.class);

  private final FollowUpPlanner planner;
  private final StepRepository steps;
  private final Clock clock;

  PlanningService(FollowUpPlanner planner, StepRepository steps, Clock clock) {
    this.planner = planner;
    this.steps = steps;
    this.clock = clock;
  }

  /**
   * Plans the steps of a completed interview. Idempotent twice over: the event id is recorded in
   * the same transaction (a redelivered event does nothing), and step ids derive from the
   * interview, kind and recipient (a re-emitted completion with a new id plans nothing new).
   */
  public void onInterviewCompleted(String eventId, InterviewCompleted event) {
    Instant now = clock.instant();
    if (!steps.recordProcessed(eventId, InterviewCompleted.TYPE, now)) {
      LOG.debugf("Event %s already processed", eventId);
      return;
    }
    UUID interviewId = parseUuid(event.interviewId(), "interviewId");
    PlannedInterview interview = PlannedInterview.findById(interviewId);
    if (interview == null) {
      interview = new PlannedInterview();
      interview.interviewId = interviewId;
      interview.createdAt = now;
    }
    interview.candidateId = event.candidate().id();
    interview.candidateName = event.candidate().name();
    interview.candidateEmail = event.candidate().email();
    interview.candidateTimeZone = zone(event.candidate().timeZone()).getId();
    interview.company = event.company();
    interview.role = event.role();
    interview.endedAt = event.endedAt().toInstant();
    interview.timeZone = zone(event.timeZone()).getId();
    interview.persist();

    CompletedInterview completed =
        new CompletedInterview(
            event.interviewId(),
            event.endedAt().toInstant(),
            zone(event.timeZone()),
            zone(event.candidate().timeZone()),
            event.interviewers().stream()
                .map(
                    i ->
                        new CompletedInterview.Interviewer(i.id(), i.name(), i.email(), i.topics()))
                .toList());
    Map<String, InterviewCompleted.Interviewer> interviewers =
        event.interviewers().stream()
            .collect(
                Collectors.toMap(
                    InterviewCompleted.Interviewer::id, Function.identity(), (a, b) -> a));

    List<FollowUpStep> created = new ArrayList<>();
    for (PlannedStep planned : planner.plan(completed)) {
      UUID stepId = stepId(interviewId, planned);
      if (FollowUpStep.findById(stepId) != null) {
        continue;
      }
      InterviewCompleted.Interviewer recipient = interviewers.get(planned.recipientId());
      FollowUpStep step = new FollowUpStep();
      step.id = stepId;
      step.interviewId = interviewId;
      step.candidateId = interview.candidateId;
      step.kind = planned.kind();
      step.channel = planned.channel();
      step.rule = planned.rule();
      step.recipientId = planned.recipientId();
      step.recipientName = recipient.name();
      step.recipientEmail = recipient.email();
      step.recipientTopics = new ArrayList<>(recipient.topics());
      step.dueAt = planned.dueAt();
      step.windowEnd = planned.windowEnd();
      step.status = StepStatus.PENDING;
      step.createdAt = now;
      step.persist();
      created.add(step);
    }
    LOG.infof("Planned %d follow-up step(s) for interview %s", created.size(), interviewId);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<FollowUpStep> timeline(UUID interviewId) {
    return steps.forInterview(interviewId);
  }

  /** Same interview, kind and recipient: same step id, whoever plans it and however often. */
  static UUID stepId(UUID interviewId, PlannedStep step) {
    String naturalKey = interviewId + "/" + step.kind() + "/" + step.recipientId();
    return UUID.nameUUIDFromBytes(naturalKey.getBytes(StandardCharsets.UTF_8));
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new InvalidEventException("Unknown time zone: " + id, e);
    }
  }

  private static UUID parseUuid(String value, String field) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(field + " is not a UUID: " + value, e);
    }
  }
}
