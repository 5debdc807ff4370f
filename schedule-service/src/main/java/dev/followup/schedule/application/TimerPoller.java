package dev.followup.schedule.application;

import dev.followup.schedule.application.events.FollowUpDueV1;
import dev.followup.schedule.domain.planning.StepKind;
import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.persistence.ClaimedStep;
import dev.followup.schedule.persistence.FollowUpStep;
import dev.followup.schedule.persistence.StepRepository;
import dev.followup.schedule.publishing.CloudEventPublisher;
import dev.followup.schedule.publishing.OutgoingEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Fires due follow-up steps. Each round: claim due steps with a lease, reading what their events
 * need in the same statement (one transaction), publish them as FollowUpDue (no transaction), and
 * once the broker has acknowledged them mark the batch fired where this instance's claim still
 * stands (one statement, one transaction).
 *
 * <p>Rounds run on {@code timers.claim-loops} threads of their own. Each loop keeps two rounds in
 * flight: it claims and sends the next batch before it waits for the previous batch's
 * acknowledgements. When a round comes back short the loop sleeps until the earliest pending step
 * falls due (one index look-up), at most {@code timers.poll-interval}, and is woken early when this
 * process plans a step due sooner.
 *
 * <p>A crash after publishing and before marking re-publishes the step after the lease, with the
 * same CloudEvent id: consumers recognise it. A step is never claimed before its due instant, so it
 * never fires early.
 *
 * <p>On shutdown the loops stop claiming at once and finish the rounds in progress (publish, wait
 * for the broker, mark), so that a rolling restart leaves no step to wait for its lease.
 *
 * <p>Each FollowUpDue is sent in the trace of the change that planned (or last moved) its step.
 */
@ApplicationScoped
public class TimerPoller {

  private static final Logger LOG = Logger.getLogger(TimerPoller.class);

  /** Pause after a failed claim (database unreachable, say), so that a loop does not spin. */
  private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

  /**
   * Least pause when the earliest due step could not be claimed (another transaction holds it): it
   * is released within milliseconds, and the loop should not spin meanwhile.
   */
  private static final Duration HELD_ELSEWHERE = Duration.ofMillis(20);

  private final StepRepository steps;
  private final CloudEventPublisher publisher;
  private final PlanEvents planEvents;
  private final TimerConfig config;
  private final ScheduleMetrics metrics;
  private final Clock clock;
  private final String instanceId;
  private final ShutdownGate rounds = new ShutdownGate();
  private final Alarm alarm = new Alarm();
  private final List<Thread> loops = new ArrayList<>();

  TimerPoller(
      StepRepository steps,
      CloudEventPublisher publisher,
      PlanEvents planEvents,
      TimerConfig config,
      ScheduleMetrics metrics,
      Clock clock) {
    this.steps = steps;
    this.publisher = publisher;
    this.planEvents = planEvents;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    this.instanceId = config.instanceId().orElseGet(TimerPoller::defaultInstanceId);
  }

  /** Starts the claim loops. */
  void onStart(@Observes StartupEvent event) {
    for (int i = 1; i <= config.claimLoops(); i++) {
      Thread loop = new Thread(this::claimLoop, "timer-claim-loop-" + i);
      loop.setDaemon(true);
      loops.add(loop);
      loop.start();
    }
  }

  /**
   * A step due before a claim loop would next look was planned or moved here: wake the loops once
   * its transaction has committed, so that they see it.
   */
  void onStepDueSoon(@Observes(during = TransactionPhase.AFTER_SUCCESS) StepDueSoon event) {
    alarm.ring();
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
    boolean finished = rounds.closeAndAwait(grace);
    alarm.ring(); // Sleeping loops see the gate closed and end.
    return finished;
  }

  /** Runs one round to its end and returns how many steps it claimed; nothing once stopped. */
  public int fireDueSteps() {
    if (!rounds.enter()) {
      return 0;
    }
    try {
      Round round = claimAndSend();
      finish(round);
      return round.claimed();
    } finally {
      rounds.leave();
    }
  }

  /**
   * One claim loop: claim and send a batch, then finish the batch before it, so that the claim of
   * each batch overlaps the broker's acknowledgement of the previous one.
   */
  private void claimLoop() {
    if (!alarm.sleep(config.startDelay())) {
      return;
    }
    Round inFlight = null;
    while (true) {
      Round next = null;
      if (rounds.enter()) {
        try {
          next = claimAndSend();
        } catch (RuntimeException e) {
          rounds.leave();
          LOG.warnf("Claiming due steps failed, will retry: %s", e.getMessage());
          finishInFlight(inFlight);
          inFlight = null;
          alarm.sleep(AFTER_FAILURE);
          continue;
        }
      }
      finishInFlight(inFlight);
      inFlight = null;
      if (next != null && next.claimed() == config.batchSize()) {
        inFlight = next; // More are due: claim the next batch before waiting for this one.
        continue;
      }
      if (next != null) {
        finishInFlight(next);
      }
      if (rounds.isClosed()) {
        return;
      }
      idle(next == null ? 0 : next.claimed());
    }
  }

  private void finishInFlight(Round round) {
    if (round == null) {
      return;
    }
    try {
      finish(round);
    } catch (RuntimeException e) {
      // Marking the published steps fired failed (the database connection was lost, say). They
      // stay claimed: once the lease runs out they are published again under the same CloudEvent
      // id, which consumers recognise. The loop itself must go on, or this instance fires nothing
      // more until it is restarted.
      LOG.warnf(
          "Marking %d published step(s) fired failed, they fire again after the lease: %s",
          round.due().size(), e.getMessage());
    } finally {
      rounds.leave();
    }
  }

  /** Sleeps until the earliest pending step falls due, at most the poll interval. */
  private void idle(int lastClaimed) {
    long seen = alarm.generation();
    Duration pause = config.pollInterval();
    try {
      Instant now = clock.instant();
      Optional<Instant> next = QuarkusTransaction.requiringNew().call(() -> steps.nextDue(now));
      if (next.isPresent()) {
        Duration untilDue = Duration.between(now, next.get());
        if (untilDue.compareTo(pause) < 0) {
          pause = untilDue;
        }
        if (lastClaimed == 0 && pause.compareTo(HELD_ELSEWHERE) < 0) {
          // Due already but not claimable: locked by another transaction right now.
          pause = HELD_ELSEWHERE;
        }
      }
    } catch (RuntimeException e) {
      LOG.warnf("Looking up the next due step failed: %s", e.getMessage());
    }
    alarm.sleep(pause, seen);
  }

  /** Claims a batch, marks the late ones missed and sends the others, without waiting. */
  private Round claimAndSend() {
    Instant now = clock.instant();
    List<ClaimedStep> claimed =
        QuarkusTransaction.requiringNew()
            .call(() -> steps.claimDue(instanceId, now, config.lease(), config.batchSize()));
    if (claimed.isEmpty()) {
      return Round.NONE;
    }
    metrics.claimed(claimed.size());
    // A step that falls due after its window (the service was down, say) is pointless now.
    List<ClaimedStep> late =
        claimed.stream().filter(step -> !step.windowEnd().isAfter(now)).toList();
    List<ClaimedStep> due = claimed.stream().filter(step -> step.windowEnd().isAfter(now)).toList();
    if (!late.isEmpty()) {
      markMissed(late, now);
    }
    if (due.isEmpty()) {
      return new Round(claimed.size(), due, CompletableFuture.completedFuture(null));
    }
    List<OutgoingEvent> events = due.stream().map(TimerPoller::followUpDue).toList();
    CompletableFuture<Void> acks;
    try {
      acks = publisher.publish(CloudEventPublisher.Stream.FOLLOW_UPS_DUE, events);
    } catch (RuntimeException e) {
      acks = CompletableFuture.failedFuture(e);
    }
    return new Round(claimed.size(), due, acks);
  }

  private void markMissed(List<ClaimedStep> late, Instant now) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                late.stream()
                    .sorted(Comparator.comparing(ClaimedStep::id))
                    .filter(step -> steps.markMissed(step.id(), step.fence(), now))
                    .forEach(
                        step ->
                            planEvents.cancelled(
                                FollowUpStep.findById(step.id()), PlanEvents.Reason.MISSED, now)));
    LOG.infof("%d step(s) fell due after their window and were marked missed", late.size());
  }

  /** Waits for the round's acknowledgements and marks its steps fired where the claim stands. */
  private void finish(Round round) {
    if (round.due().isEmpty()) {
      return;
    }
    try {
      round.acks().get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Left claimed: the lease runs out and the steps are fired again.
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.warnf(
          "Publishing %d due step(s) failed, will retry: %s", round.due().size(), cause.toString());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Instant firedAt = clock.instant();
    Set<UUID> marked =
        QuarkusTransaction.requiringNew().call(() -> steps.markAllFired(round.due(), firedAt));
    round.due().stream()
        .filter(step -> marked.contains(step.id()))
        .forEach(step -> metrics.fired(step.kind(), Duration.between(step.dueAt(), firedAt)));
    int fenced = round.due().size() - marked.size();
    if (fenced > 0) {
      LOG.warnf(
          "%d step(s) were claimed by another instance while this one published them", fenced);
    }
  }

  /** A claimed batch: its due steps, being sent, and how many were claimed in all. */
  private record Round(int claimed, List<ClaimedStep> due, CompletableFuture<Void> acks) {
    static final Round NONE = new Round(0, List.of(), CompletableFuture.completedFuture(null));
  }

  /** The event id names the step and its revision: a re-fire repeats it, a move changes it. */
  static String eventId(ClaimedStep step) {
    return step.id() + ":" + step.revision();
  }

  private static OutgoingEvent followUpDue(ClaimedStep step) {
    FollowUpDueV1.Recipient recipient =
        step.kind() == StepKind.KEEP_SEARCHING
            ? null
            : new FollowUpDueV1.Recipient(
                step.recipientId(),
                step.recipientName(),
                step.recipientTitle(),
                step.recipientEmail(),
                step.recipientPhone(),
                step.recipientAddress(),
                step.recipientTimeZone(),
                step.recipientTopics());
    ClaimedStep.Interview interview = step.interview();
    FollowUpDueV1 data =
        new FollowUpDueV1(
            step.id().toString(),
            step.tenantId(),
            step.kind().name(),
            step.action().name(),
            step.sequence(),
            step.channel().name(),
            step.rule(),
            step.dueAt(),
            step.windowEnd(),
            step.interviewId().toString(),
            step.opportunityId(),
            interview.endedAt().atZone(ZoneId.of(interview.timeZone())).toOffsetDateTime(),
            interview.company(),
            interview.role(),
            new FollowUpDueV1.Candidate(
                step.candidateId(),
                interview.candidateName(),
                interview.candidateEmail(),
                interview.candidateTimeZone()),
            recipient);
    return new OutgoingEvent(
        eventId(step),
        FollowUpDueV1.TYPE,
        step.id().toString(),
        step.candidateId(),
        data,
        step.traceParent());
  }

  private static String defaultInstanceId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "schedule-service");
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * What the claim loops sleep on: a pause that a newly planned due step cuts short. Each ring
   * starts a new generation; a sleep ends once the generation differs from the one its caller saw
   * before deciding how long to sleep, so a ring in between is not lost, and every loop wakes.
   */
  private static final class Alarm {

    private long generation;

    synchronized void ring() {
      generation++;
      notifyAll();
    }

    synchronized long generation() {
      return generation;
    }

    /** Sleeps for {@code pause} or until rung (now or since {@link #generation} was seen). */
    boolean sleep(Duration pause) {
      return sleep(pause, generation());
    }

    /**
     * @return false if the thread was interrupted
     */
    synchronized boolean sleep(Duration pause, long seen) {
      long deadline = System.nanoTime() + pause.toNanos();
      try {
        while (generation == seen) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
