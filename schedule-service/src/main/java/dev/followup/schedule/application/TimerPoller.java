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
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Fires due follow-up steps. Each round is one transaction: claim due steps (row locks, reading
 * what their events need in the same statement), mark the late ones missed, publish the others as
 * FollowUpDue, wait until the broker has acknowledged them, mark them fired, commit.
 *
 * <p>Rounds run on {@code timers.claim-loops} threads of their own, each holding one database
 * connection while a round is in progress; several loops overlap one round's wait for the broker
 * with the others' claims. When a round comes back short the loop sleeps until the earliest pending
 * step falls due (one index look-up), at most {@code timers.poll-interval}, and is woken early when
 * this process plans a step due sooner.
 *
 * <p>A claim lasts as long as its round's transaction (see {@link StepRepository#claimDue}): a
 * crashed instance's claims go when its connections close, a stalled one's when the database ends
 * its session after {@code timers.lease} idle in the transaction. Its steps are then published
 * again with the same CloudEvent id, which consumers recognise. A step is never claimed before its
 * due instant, so it never fires early.
 *
 * <p>On shutdown the loops stop claiming at once and finish the rounds in progress (publish, wait
 * for the broker, mark), so that a rolling restart leaves no step held.
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
  private final Supplier<Instant> databaseClock;
  private final String instanceId;
  private final ShutdownGate rounds = new ShutdownGate();
  private final Alarm alarm = new Alarm();
  private final List<Thread> loops = new ArrayList<>();

  @Inject
  TimerPoller(
      StepRepository steps,
      CloudEventPublisher publisher,
      PlanEvents planEvents,
      TimerConfig config,
      ScheduleMetrics metrics,
      Clock clock) {
    this(steps, publisher, planEvents, config, metrics, clock, steps::databaseTime);
  }

  /**
   * @param databaseClock the database's clock, read in a round's transaction
   */
  TimerPoller(
      StepRepository steps,
      CloudEventPublisher publisher,
      PlanEvents planEvents,
      TimerConfig config,
      ScheduleMetrics metrics,
      Clock clock,
      Supplier<Instant> databaseClock) {
    this.databaseClock = databaseClock;
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
    if (config.lease().compareTo(config.publishTimeout()) <= 0) {
      // A round waits up to publish-timeout for the broker, idle in its transaction: with a lease
      // no longer than that, the database would end healthy rounds.
      throw new IllegalStateException(
          "timers.lease ("
              + config.lease()
              + ") must be longer than timers.publish-timeout ("
              + config.publishTimeout()
              + ")");
    }
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
          "Rounds still in progress after %s: their steps are due again once the process ends",
          grace);
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
      return round(clock.instant()).claimed();
    } finally {
      rounds.leave();
    }
  }

  /** One claim loop: rounds back to back while batches come back full, then a sleep. */
  private void claimLoop() {
    if (!alarm.sleep(config.startDelay())) {
      return;
    }
    while (rounds.enter()) {
      Instant claimedAt = null;
      int claimed;
      try {
        Round round = round(clock.instant());
        claimed = round.claimed();
        claimedAt = round.claimedAt();
      } catch (RuntimeException e) {
        // The database was unreachable, say, or ended this round's session: its claims went with
        // the transaction, and the steps are due again for any loop. The loop itself must go on,
        // or this instance fires nothing more until it is restarted.
        LOG.warnf("A round of due steps failed, will retry: %s", e.getMessage());
        claimed = -1;
      } finally {
        rounds.leave();
      }
      if (claimed == config.batchSize()) {
        continue; // More are due.
      }
      if (rounds.isClosed()) {
        return;
      }
      if (claimed < 0) {
        alarm.sleep(AFTER_FAILURE);
      } else {
        idle(claimedAt);
      }
    }
  }

  /**
   * Sleeps until the earliest pending step falls due by both clocks, at most the poll interval,
   * after a round that claimed at {@code claimedAt} (by both clocks too) and came back short. By
   * this instance's clock alone, one running ahead of the database's would look again every few
   * milliseconds until the database's caught up.
   */
  private void idle(Instant claimedAt) {
    long seen = alarm.generation();
    Duration pause = config.pollInterval();
    try {
      record Upcoming(Instant now, Optional<Instant> next) {}
      Upcoming upcoming =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    Instant now = dueByBothClocks(clock.instant(), databaseClock.get());
                    return new Upcoming(now, steps.nextDue(now));
                  });
      Optional<Instant> next = upcoming.next();
      if (next.isPresent()) {
        Duration untilDue = Duration.between(upcoming.now(), next.get());
        if (untilDue.compareTo(pause) < 0) {
          pause = untilDue;
        }
        if (!next.get().isAfter(claimedAt)) {
          // Due when this round claimed, yet not claimed by it: held by a round in progress
          // elsewhere, which a lock does not say for how long.
          pause = HELD_ELSEWHERE;
        }
        // Otherwise it fell due during the round, or falls due later: claim it when due.
      }
    } catch (RuntimeException e) {
      LOG.warnf("Looking up the next due step failed: %s", e.getMessage());
    }
    alarm.sleep(pause, seen);
  }

  /**
   * One round in one transaction: claim a batch, mark the late ones missed, publish the others and
   * mark them fired once the broker has them.
   */
  private Round round(Instant now) {
    Duration lease = config.lease();
    Round round =
        QuarkusTransaction.requiringNew()
            .timeout((int) Math.max(60, lease.plus(config.publishTimeout()).toSeconds()))
            .call(
                () -> {
                  Instant claimAt = dueByBothClocks(now, databaseClock.get());
                  List<ClaimedStep> claimed =
                      steps.claimDue(instanceId, claimAt, lease, config.batchSize());
                  if (claimed.isEmpty()) {
                    return Round.none(claimAt);
                  }
                  // A step that falls due after its window (the service was down, say) is
                  // pointless now.
                  List<ClaimedStep> late =
                      claimed.stream().filter(step -> !step.windowEnd().isAfter(claimAt)).toList();
                  List<ClaimedStep> due =
                      claimed.stream().filter(step -> step.windowEnd().isAfter(claimAt)).toList();
                  markMissed(late, claimAt);
                  if (due.isEmpty()) {
                    return new Round(claimed.size(), claimAt, List.of(), claimAt);
                  }
                  publish(due);
                  Instant firedAt = clock.instant();
                  Set<UUID> marked = steps.markAllFired(due, firedAt);
                  if (marked.size() < due.size()) {
                    // Not expected while the round holds the rows: say so if it ever happens.
                    LOG.warnf(
                        "%d published step(s) had changed since their claim and were not marked",
                        due.size() - marked.size());
                  }
                  return new Round(
                      claimed.size(),
                      claimAt,
                      due.stream().filter(step -> marked.contains(step.id())).toList(),
                      firedAt);
                });
    if (round.claimed() > 0) {
      metrics.claimed(round.claimed());
    }
    round
        .fired()
        .forEach(
            step -> metrics.fired(step.kind(), Duration.between(step.dueAt(), round.firedAt())));
    return round;
  }

  /**
   * The instant a round claims at: the earlier of this instance's clock and the database's. Several
   * instances run on machines whose clocks differ by a little (more, when one's time service
   * fails): by its own clock alone, an instance ahead of the others would fire steps before they
   * are due. A step is claimed only once it is due by both clocks, so none fires early by either;
   * and as the instance's clock is one of them, the firing time it records is never before the due
   * time either.
   */
  static Instant dueByBothClocks(Instant instanceTime, Instant databaseTime) {
    return instanceTime.isBefore(databaseTime) ? instanceTime : databaseTime;
  }

  private void markMissed(List<ClaimedStep> late, Instant now) {
    if (late.isEmpty()) {
      return;
    }
    late.stream()
        .filter(step -> steps.markMissed(step.id(), step.fence(), now))
        .forEach(
            step ->
                planEvents.cancelled(
                    FollowUpStep.findById(step.id()), PlanEvents.Reason.MISSED, now));
    LOG.infof("%d step(s) fell due after their window and were marked missed", late.size());
  }

  /**
   * Publishes the steps and waits for the broker's acknowledgements. If it does not give them all
   * in time, the round fails and rolls back: the steps are due again, for the next round.
   */
  private void publish(List<ClaimedStep> due) {
    List<OutgoingEvent> events = due.stream().map(TimerPoller::followUpDue).toList();
    try {
      publisher
          .publish(CloudEventPublisher.Stream.FOLLOW_UPS_DUE, events)
          .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new PublishFailed(due.size(), e.getCause());
    } catch (TimeoutException e) {
      throw new PublishFailed(due.size(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailed(due.size(), e);
    }
  }

  /** The broker did not acknowledge a round's events in time. */
  private static final class PublishFailed extends RuntimeException {
    PublishFailed(int steps, Throwable cause) {
      super("publishing " + steps + " due step(s) failed: " + cause, cause);
    }
  }

  /** What a round claimed, at which instant by both clocks, and what it fired when. */
  private record Round(int claimed, Instant claimedAt, List<ClaimedStep> fired, Instant firedAt) {
    static Round none(Instant claimedAt) {
      return new Round(0, claimedAt, List.of(), claimedAt);
    }
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
