package dev.followup.schedule.metrics;

import dev.followup.schedule.domain.planning.StepKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every meter of the service, by name, in one place (Prometheus shows {@code
 * followup.steps.planned} as {@code followup_steps_planned_total}). Tags are low-cardinality:
 * kinds, reasons, topics and event types, never ids.
 *
 * <p>Changes made inside a transaction are counted when it commits: a consumer retrying after a
 * lock conflict, or a rolled-back request, counts nothing.
 */
@ApplicationScoped
@Startup // the gauge and the timer exist from the start, before anything happened
public class ScheduleMetrics {

  public static final String STEPS_PLANNED = "followup.steps.planned";
  public static final String STEPS_FIRED = "followup.steps.fired";
  public static final String STEPS_CANCELLED = "followup.steps.cancelled";
  public static final String STEPS_MISSED = "followup.steps.missed";
  public static final String STEPS_MOVED = "followup.steps.moved";
  public static final String STEPS_LATENESS = "followup.steps.lateness";
  public static final String TIMERS_CLAIMED = "followup.timers.claimed";
  public static final String DEAD_LETTERS = "followup.dead.letters";
  public static final String EVENTS_PUBLISHED = "followup.events.published";
  public static final String OUTBOX_PENDING = "followup.outbox.pending";

  /** Why a pending step will not fire: the {@code reason} tag of {@value #STEPS_CANCELLED}. */
  public enum CancelReason {
    OUTCOME("outcome"),
    INTERVIEW_CANCELLED("interview-cancelled"),
    /** A new plan (a reschedule, a later round, an employer's reply) no longer has it. */
    RESCHEDULED("rescheduled"),
    ERASED("erased"),
    SKIPPED("skipped"),
    /** The candidate did it themselves. */
    DONE("done");

    final String tag;

    CancelReason(String tag) {
      this.tag = tag;
    }
  }

  /** Why a pending step moved: the {@code reason} tag of {@value #STEPS_MOVED}. */
  public enum MoveReason {
    /** The interview moved. */
    RESCHEDULED("rescheduled"),
    /** The employer answered, and the check-ins start again from the answer. */
    EMPLOYER_REPLIED("employer-replied"),
    /** The same interview was completed again with other facts. */
    REPLANNED("replanned"),
    /** The candidate asked to be reminded later. */
    SNOOZED("snoozed");

    final String tag;

    MoveReason(String tag) {
      this.tag = tag;
    }
  }

  private static final Duration[] LATENESS_SLOS = {
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60)
  };

  /** The counts of the current transaction, under this key of its resources. */
  private static final Object PENDING_COUNTS = new Object();

  private final MeterRegistry registry;
  private final TransactionSynchronizationRegistry transactions;
  private final Timer lateness;
  private final AtomicLong outboxPending = new AtomicLong();

  // The counters counted once per fired step or published event, looked up here rather than
  // through the registry each time (a meter id built and hashed per call showed in profiles).
  private final Map<StepKind, Counter> firedByKind = new EnumMap<>(StepKind.class);
  private final Map<String, Counter> publishedByType = new ConcurrentHashMap<>();
  private final Counter claimed;

  ScheduleMetrics(MeterRegistry registry, TransactionSynchronizationRegistry transactions) {
    this.registry = registry;
    this.transactions = transactions;
    for (StepKind kind : StepKind.values()) {
      firedByKind.put(kind, counter(STEPS_FIRED, "kind", kind.name()));
    }
    this.claimed = Counter.builder(TIMERS_CLAIMED).register(registry);
    this.lateness =
        Timer.builder(STEPS_LATENESS)
            .description("How long after its due instant a step fired (broker acknowledgement)")
            .publishPercentileHistogram()
            .serviceLevelObjectives(LATENESS_SLOS)
            .register(registry);
    Gauge.builder(OUTBOX_PENDING, outboxPending, AtomicLong::get)
        .description("Plan events written and not yet acknowledged by the broker")
        .register(registry);
  }

  public void planned(StepKind kind) {
    afterCommit(counter(STEPS_PLANNED, "kind", kind.name()), 1);
  }

  public void moved(MoveReason reason) {
    afterCommit(counter(STEPS_MOVED, "reason", reason.tag), 1);
  }

  public void cancelled(StepKind kind, CancelReason reason) {
    cancelled(kind, reason, 1);
  }

  public void cancelled(StepKind kind, CancelReason reason, long count) {
    afterCommit(
        Counter.builder(STEPS_CANCELLED)
            .tag("kind", kind.name())
            .tag("reason", reason.tag)
            .register(registry),
        count);
  }

  public void missed(StepKind kind) {
    afterCommit(counter(STEPS_MISSED, "kind", kind.name()), 1);
  }

  /** A step the broker acknowledged as due, {@code lateness} after its due instant. */
  public void fired(StepKind kind, Duration lateness) {
    firedByKind.get(kind).increment();
    this.lateness.record(lateness.isNegative() ? Duration.ZERO : lateness);
  }

  public void claimed(int steps) {
    claimed.increment(steps);
  }

  /**
   * A record of {@code topic} (the topic it was read from) that goes to that topic's dead-letter
   * topic, for {@code reason} (a short, fixed word: never the message of the failure).
   */
  public void deadLetter(String topic, String reason) {
    Counter.builder(DEAD_LETTERS)
        .tag("topic", topic)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** A CloudEvent of {@code type} that the broker acknowledged. */
  public void published(String type) {
    publishedByType.computeIfAbsent(type, t -> counter(EVENTS_PUBLISHED, "type", t)).increment();
  }

  public void outboxPending(long events) {
    outboxPending.set(events);
  }

  private Counter counter(String name, String tag, String value) {
    return Counter.builder(name).tag(tag, value).register(registry);
  }

  /**
   * Adds {@code amount} to the counter once the current transaction commits (at once outside one).
   * A transaction's counts are summed and added together by one synchronization, however many steps
   * it planned.
   */
  @SuppressWarnings("unchecked")
  private void afterCommit(Counter counter, double amount) {
    if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
      counter.increment(amount);
      return;
    }
    Map<Counter, Double> pending = (Map<Counter, Double>) transactions.getResource(PENDING_COUNTS);
    if (pending == null) {
      Map<Counter, Double> created = new HashMap<>();
      transactions.putResource(PENDING_COUNTS, created);
      transactions.registerInterposedSynchronization(
          new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
              if (status == Status.STATUS_COMMITTED) {
                created.forEach(Counter::increment);
              }
            }
          });
      pending = created;
    }
    pending.merge(counter, amount, Double::sum);
  }
}
