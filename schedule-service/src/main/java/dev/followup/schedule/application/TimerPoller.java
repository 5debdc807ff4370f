package dev.followup.schedule.application;

import dev.followup.schedule.application.events.FollowUpDueV1;
import dev.followup.schedule.domain.planning.StepKind;
import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.persistence.FollowUpStep;
import dev.followup.schedule.persistence.PlannedInterview;
import dev.followup.schedule.persistence.StepRepository;
import dev.followup.schedule.publishing.CloudEventPublisher;
import dev.followup.schedule.publishing.OutgoingEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/**
 * Fires due follow-up steps. Each round: claim due steps with a lease (one transaction), publish
 * them as FollowUpDue and wait for the broker's acknowledgement (no transaction), then mark each
 * fired if this instance's claim still stands (one transaction per round).
 *
 * <p>A crash after publishing and before marking re-publishes the step after the lease, with the
 * same CloudEvent id (the step id): consumers recognise it. A step is never claimed before its due
 * instant, so it never fires early.
 *
 * <p>On shutdown the poller stops claiming at once and waits for the rounds in progress to publish
 * and mark their steps, so that a rolling restart leaves no step to wait for its lease.
 *
 * <p>Each FollowUpDue is sent in the trace of the change that planned (or last moved) its step.
 */
@ApplicationScoped
public class TimerPoller {

  private static final Logger LOG = Logger.getLogger(TimerPoller.class);

  private final StepRepository steps;
  private final CloudEventPublisher publisher;
  private final PlanEvents planEvents;
  private final TimerConfig config;
  private final ManagedExecutor executor;
  private final ScheduleMetrics metrics;
  private final Clock clock;
  private final String instanceId;
  private final ShutdownGate rounds = new ShutdownGate();

  TimerPoller(
      StepRepository steps,
      CloudEventPublisher publisher,
      PlanEvents planEvents,
      TimerConfig config,
      ManagedExecutor executor,
      ScheduleMetrics metrics,
      Clock clock) {
    this.steps = steps;
    this.publisher = publisher;
    this.planEvents = planEvents;
    this.config = config;
    this.executor = executor;
    this.metrics = metrics;
    this.clock = clock;
    this.instanceId = config.instanceId().orElseGet(TimerPoller::defaultInstanceId);
  }

  @Scheduled(
      every = "${timers.poll-interval:1s}",
      // The first poll waits for the messaging channels to be wired at start-up.
      delayed = "1s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    if (rounds.isClosed()) {
      return;
    }
    if (config.claimLoops() <= 1) {
      drain();
      return;
    }
    CompletableFuture.allOf(
            IntStream.range(0, config.claimLoops())
                .mapToObj(lane -> executor.runAsync(this::drain))
                .toArray(CompletableFuture[]::new))
        .join();
  }

  /** Fires due steps batch after batch until a batch comes back short. */
  private void drain() {
    int fired;
    do {
      fired = fireDueSteps();
    } while (fired == config.batchSize() && !rounds.isClosed());
  }

  /**
   * Stops claiming as soon as shutdown begins, before the messaging channels close, and lets the
   * rounds in progress finish: publish, wait for the broker, mark fired.
   */
  void onShutdown(@Observes ShutdownEvent event) {
    Duration grace = config.publishTimeout().plusSeconds(5);
    if (!stop(grace)) {
      LOG.warnf(
          "Rounds still in progress after %s: their steps fire again once their lease ends", grace);
    }
  }

  /**
   * Claims nothing more from now on, and waits up to {@code grace} for the rounds in progress.
   *
   * @return whether every round in progress finished in time
   */
  boolean stop(Duration grace) {
    return rounds.closeAndAwait(grace);
  }

  /** Runs one round and returns how many steps it fired; nothing once stopped. */
  public int fireDueSteps() {
    if (!rounds.enter()) {
      return 0;
    }
    try {
      return fireRound();
    } finally {
      rounds.leave();
    }
  }

  private int fireRound() {
    Instant now = clock.instant();
    List<FollowUpStep> claimed =
        QuarkusTransaction.requiringNew()
            .call(() -> steps.claimDue(instanceId, now, config.lease(), config.batchSize()));
    if (claimed.isEmpty()) {
      return 0;
    }
    metrics.claimed(claimed.size());
    // A step that falls due after its window (the service was down, say) is pointless now.
    List<FollowUpStep> late =
        claimed.stream().filter(step -> !step.windowEnd.isAfter(now)).toList();
    List<FollowUpStep> due = claimed.stream().filter(step -> step.windowEnd.isAfter(now)).toList();
    if (!late.isEmpty()) {
      QuarkusTransaction.requiringNew()
          .run(
              () ->
                  late.stream()
                      .sorted(java.util.Comparator.comparing((FollowUpStep step) -> step.id))
                      .filter(step -> steps.markMissed(step.id, step.fence, now))
                      .forEach(step -> planEvents.cancelled(step, PlanEvents.Reason.MISSED, now)));
      LOG.infof("%d step(s) fell due after their window and were marked missed", late.size());
    }
    if (due.isEmpty()) {
      return claimed.size();
    }
    Map<UUID, PlannedInterview> interviews =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    PlannedInterview.<PlannedInterview>list(
                            "interviewId in ?1",
                            due.stream().map(s -> s.interviewId).distinct().toList())
                        .stream()
                        .collect(Collectors.toMap(i -> i.interviewId, Function.identity())));
    List<OutgoingEvent> events =
        due.stream().map(step -> followUpDue(step, interviews.get(step.interviewId))).toList();
    try {
      publisher.publishAndAwait(
          CloudEventPublisher.Stream.FOLLOW_UPS_DUE, events, config.publishTimeout());
    } catch (RuntimeException e) {
      // Left claimed: the lease runs out and the steps are fired again.
      LOG.warnf("Publishing %d due step(s) failed, will retry: %s", due.size(), e.getMessage());
      return 0;
    }
    Instant firedAt = clock.instant();
    java.util.Set<UUID> marked =
        QuarkusTransaction.requiringNew().call(() -> steps.markAllFired(due, firedAt));
    due.stream()
        .filter(step -> marked.contains(step.id))
        .forEach(step -> metrics.fired(step.kind, Duration.between(step.dueAt, firedAt)));
    int fenced = due.size() - marked.size();
    if (fenced > 0) {
      LOG.warnf(
          "%d step(s) were claimed by another instance while this one published them", fenced);
    }
    return claimed.size();
  }

  /** The event id names the step and its revision: a re-fire repeats it, a move changes it. */
  static String eventId(FollowUpStep step) {
    return step.id + ":" + step.revision;
  }

  private static OutgoingEvent followUpDue(FollowUpStep step, PlannedInterview interview) {
    FollowUpDueV1.Recipient recipient =
        step.kind == StepKind.KEEP_SEARCHING
            ? null
            : new FollowUpDueV1.Recipient(
                step.recipientId,
                step.recipientName,
                step.recipientTitle,
                step.recipientEmail,
                step.recipientPhone,
                step.recipientAddress,
                step.recipientTimeZone,
                List.copyOf(step.recipientTopics));
    FollowUpDueV1 data =
        new FollowUpDueV1(
            step.id.toString(),
            step.tenantId,
            step.kind.name(),
            step.action.name(),
            step.sequence,
            step.channel.name(),
            step.rule,
            step.dueAt,
            step.windowEnd,
            step.interviewId.toString(),
            step.opportunityId,
            interview.endedAt.atZone(ZoneId.of(interview.timeZone)).toOffsetDateTime(),
            interview.company,
            interview.role,
            new FollowUpDueV1.Candidate(
                interview.candidateId,
                interview.candidateName,
                interview.candidateEmail,
                interview.candidateTimeZone),
            recipient);
    return new OutgoingEvent(
        eventId(step),
        FollowUpDueV1.TYPE,
        step.id.toString(),
        step.candidateId,
        data,
        step.traceParent);
  }

  private static String defaultInstanceId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "schedule-service");
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
