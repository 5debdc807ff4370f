package dev.followup.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.followup.infra.ConsumerGroups;
import dev.followup.infra.ServiceProcess;
import dev.followup.system.DeliveryChecker.Outcome;
import dev.followup.system.InterviewLoad.Candidate;
import dev.followup.system.InterviewLoad.Interview;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Faults while under load. One system (three packaged services as processes, a Kafka broker
 * process, PostgreSQL, SMTP behind a fault proxy, a local Twilio Messages API and Web Push service)
 * runs every scenario in turn: a stream of interviews is recorded and completed through the REST
 * API, a fault is done to it midway, and {@link DeliveryChecker} compares what the three providers
 * received with what the inputs owe: each owed reminder exactly once on the candidate's channel for
 * it, none before its due instant, none for a withdrawn opportunity. Half the candidates store
 * preferences that send their thank-yous by SMS or push and, after a final round, their reference
 * alert by the other (see {@link InterviewLoad.Reach}); the others get everything by email.
 *
 * <p>Two profiles ({@code -Dfaults.profile}):
 *
 * <ul>
 *   <li>{@code short} (the default, part of every {@code verify}, so CI runs it): 8 interviews per
 *       scenario recorded over 6 s, and every scenario but the two that need a second
 *       schedule-service instance (see {@link #longProfileOnly}). About 4 to 5 minutes.
 *   <li>{@code long} (manual runs): every scenario, 120 interviews per scenario recorded over 60 s.
 * </ul>
 *
 * Either size can be set on its own: {@code -Dfaults.interviews}, {@code -Dfaults.stream-seconds}.
 * {@code -Dfaults=false} leaves the whole class out (a quick local build).
 *
 * <p>Between scenarios nothing sleeps for a fixed time: a scenario is over when the system is quiet
 * (no step due and unfired, the notification-service caught up with its topic, no delivery
 * pending), after which no copy of anything can still come.
 *
 * <p>What a process kill does not test: a power loss. The operating system keeps every write a
 * killed process made, and PostgreSQL runs with {@code fsync=off} here; losing the page cache or a
 * disk is another experiment.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Runs in every build (CI included); only an explicit -Dfaults=false leaves it out, so that a
// developer iterating on another suite need not wait for the fault scenarios.
@DisabledIfSystemProperty(
    named = "faults",
    matches = "false",
    disabledReason = "left out on request (-Dfaults=false) for a quick local build")
class FaultScenariosIT {

  /** The long profile: every scenario, larger streams. For manual runs. */
  private static final boolean LONG_PROFILE =
      "long".equals(System.getProperty("faults.profile", "short"));

  private static final int INTERVIEWS =
      Integer.getInteger("faults.interviews", LONG_PROFILE ? 120 : 8);
  private static final Duration STREAM =
      Duration.ofSeconds(Integer.getInteger("faults.stream-seconds", LONG_PROFILE ? 60 : 6));

  /** How long after its completion a streamed interview's thank-yous fall due. */
  private static final Duration LEAD = Duration.ofSeconds(6);

  /**
   * The Kafka consumers' session timeout in this system (the client's default is 45 s): a killed or
   * frozen consumer's partitions go to the others, or to its restarted self, after this.
   */
  private static final String SESSION_TIMEOUT_MS = "6000";

  private static final String HEARTBEAT_INTERVAL_MS = "2000";

  /**
   * How long a schedule-service round may sit idle in its transaction before the database ends it:
   * short, so that a frozen instance's steps are taken over quickly.
   */
  private static final Duration TIMER_LEASE = Duration.ofSeconds(5);

  /** How long a round waits for the broker: within its lease. */
  private static final Duration TIMER_PUBLISH_TIMEOUT = Duration.ofSeconds(4);

  /** The notification-service's delivery lease in this system. */
  private static final Duration DELIVERY_LEASE = Duration.ofSeconds(20);

  /**
   * How long every owed delivery may take to arrive after the stream ends. Generous: the machine is
   * shared, a killed consumer's partitions come back only after its session times out (45 s), and a
   * takeover waits for a lease.
   */
  private static final Duration ARRIVAL_TIMEOUT = Duration.ofMinutes(5);

  /**
   * The latest a delivery may arrive after its due instant, beyond the time the fault lasted, to
   * count as on time.
   */
  private static final Duration ON_TIME = Duration.ofSeconds(120);

  private static final String FIRST_SCHEDULE_INSTANCE = "schedule-1";

  private static FaultInfrastructure infrastructure;
  private static RunningSystem system;
  private static InterviewLoad load;
  private static DeliveryChecker checker;
  private static final Map<String, List<Interview>> inputs =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private static final Map<String, Instant> faultEnds = new LinkedHashMap<>();
  private static final Map<String, Duration> faultDurations = new LinkedHashMap<>();

  @BeforeAll
  static void startSystem() {
    // The SMTP server's connection threads throw when the fault proxy resets a connection: that is
    // the fault at work, not a failure of the condition awaited meanwhile.
    Awaitility.doNotCatchUncaughtExceptionsByDefault();
    long began = System.nanoTime();
    Path root = Path.of(System.getProperty("followup.root", "..")).toAbsolutePath().normalize();
    infrastructure = FaultInfrastructure.start(root.resolve("system-tests/target/faults"));
    Map<String, String> notificationSettings =
        new HashMap<>(
            Map.of(
                "mp.messaging.incoming.follow-ups-due.session.timeout.ms",
                SESSION_TIMEOUT_MS,
                "mp.messaging.incoming.follow-ups-due.heartbeat.interval.ms",
                HEARTBEAT_INTERVAL_MS,
                // Offsets committed every second rather than every five: a scenario is over once
                // this consumer has committed its topic's end, and a killed consumer's successor
                // re-reads less.
                "mp.messaging.incoming.follow-ups-due.auto.commit.interval.ms",
                "1000",
                "delivery.lease",
                DELIVERY_LEASE.toSeconds() + "s",
                // A send starts only with this much of its lease left: the providers' timeouts
                // here (mailer below, SMS and push 10 s) keep a send well within it.
                "delivery.send-budget",
                "12s",
                // Retries quick and plentiful enough for a provider failing 30% of the time:
                // 0.3^12 makes giving up on a message a one-in-two-million event.
                "delivery.max-attempts",
                "12",
                "delivery.backoff.initial",
                "1s",
                "delivery.backoff.max",
                "8s",
                // A provider that stops answering is given up after this (default 60 s).
                "quarkus.mailer.timeout",
                "5s"));
    notificationSettings.putAll(infrastructure.providerSettings());
    system =
        RunningSystem.startInParallel(
            new RunningSystem.Infrastructure(
                infrastructure.bootstrapServers(),
                infrastructure::databaseUrl,
                infrastructure.smtp,
                infrastructure.smtpProxy.host(),
                infrastructure.smtpProxy.port(),
                Map.of(),
                Map.of(
                    "policy.thank-you-delay",
                    InterviewLoad.THANK_YOU_DELAY.toSeconds() + "s",
                    // Reference alerts fall due with the thank-yous, during the scenario.
                    "policy.reference-alert-delay",
                    InterviewLoad.THANK_YOU_DELAY.toSeconds() + "s",
                    // Small batches and a short lease: a burst spans many rounds, and the steps
                    // of a frozen instance come back within seconds (a killed one's at once).
                    "timers.batch-size",
                    "5",
                    "timers.lease",
                    TIMER_LEASE.toSeconds() + "s",
                    "timers.publish-timeout",
                    TIMER_PUBLISH_TIMEOUT.toSeconds() + "s",
                    "timers.instance-id",
                    FIRST_SCHEDULE_INSTANCE,
                    "mp.messaging.incoming.interview-events.session.timeout.ms",
                    SESSION_TIMEOUT_MS,
                    "mp.messaging.incoming.interview-events.heartbeat.interval.ms",
                    HEARTBEAT_INTERVAL_MS),
                notificationSettings));
    load = new InterviewLoad(system, infrastructure.push);
    checker = new DeliveryChecker(infrastructure.smtp, infrastructure.sms, infrastructure.push);
    System.out.printf(
        "[faults] %s profile: %d interviews per scenario over %d s; infrastructure and services"
            + " started in %s%n",
        LONG_PROFILE ? "long" : "short", INTERVIEWS, STREAM.toSeconds(), since(began));
  }

  /** When the scenario now running began, for the time each one takes. */
  private static long scenarioBegan;

  @BeforeEach
  void noteStart() {
    scenarioBegan = System.nanoTime();
  }

  /**
   * The scenarios that start a second schedule-service instance (one more service start, and a
   * burst that must be recorded before it falls due) are left to the long profile: with them the
   * short profile no longer fits in a few minutes on a shared two-core machine. Two schedule
   * instances sharing a burst, one killed, stays covered in every build by FollowUpChainIT.
   */
  private static void longProfileOnly() {
    Assumptions.assumeTrue(
        LONG_PROFILE,
        "long profile only (-Dfaults.profile=long): needs a second schedule instance");
  }

  private static String since(long began) {
    return String.format(
        java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - began) / 1_000_000_000.0);
  }

  @AfterAll
  static void reportAndStop() throws Exception {
    try {
      if (checker != null && !inputs.isEmpty()) {
        // Nothing left that could still send a copy (a re-fire, an email sent again).
        awaitQuiet();
        List<Outcome> outcomes = new ArrayList<>();
        Set<DeliveryChecker.Key> owed = new HashSet<>();
        synchronized (inputs) {
          inputs.forEach(
              (scenario, interviews) -> {
                outcomes.add(checker.check(scenario, interviews, faultEnds.get(scenario)));
                interviews.forEach(i -> i.owed().forEach(o -> owed.add(DeliveryChecker.Key.of(o))));
              });
        }
        String report =
            FaultReport.markdown(
                outcomes,
                "Fault scenarios, %s profile: %d interviews per scenario, 1 to 3 interviewers each, one in three of the first half withdrawn at once; half the candidates get their thank-yous by SMS or push and, after a final round, a reference alert by the other, the rest everything by email (counts cover all three channels)%s"
                    .formatted(
                        LONG_PROFILE ? "long" : "short",
                        INTERVIEWS,
                        LONG_PROFILE
                            ? ""
                            : ". Left to the long profile (-Dfaults.profile=long): kill -9 1 of 2"
                                + " schedule instances mid-burst; SIGSTOP 1 of 2 past its lease."));
        report +=
            "\nNot tested: a power loss. A killed process loses only what it had not yet handed to"
                + " the operating system; PostgreSQL runs with fsync=off here, and the broker's log"
                + " is not fsynced either, so losing the page cache or a disk is another experiment.\n";
        System.out.println(report);
        Path root = Path.of(System.getProperty("followup.root", "..")).toAbsolutePath().normalize();
        FaultReport.write(root.resolve("system-tests/target/fault-report.md"), report);
        assertThat(checker.unexpected(owed))
            .as("messages (email, SMS, push) that no input asked for")
            .isZero();
        assertThat(outcomes)
            .allSatisfy(
                o -> {
                  assertThat(o.lost()).as(o.scenario() + ": lost").isZero();
                  assertThat(o.duplicated()).as(o.scenario() + ": duplicated").isZero();
                  assertThat(o.early()).as(o.scenario() + ": fired early").isZero();
                  assertThat(o.cancelledFired())
                      .as(o.scenario() + ": cancelled but fired")
                      .isZero();
                  assertThat(o.misrouted())
                      .as(o.scenario() + ": on another channel or recipient")
                      .isZero();
                });
      }
    } finally {
      Awaitility.reset();
      if (system != null) {
        system.close();
      }
      if (infrastructure != null) {
        infrastructure.close();
      }
    }
  }

  /**
   * The first interviews after start-up meet cold services: shown apart from the baseline. None is
   * withdrawn: a cold consumer can lag behind by more than the few seconds between a completion and
   * its due instant, and a withdrawal it reads after the step fired comes too late by design (the
   * other scenarios check withdrawals against a warm system).
   */
  @Test
  @Order(0)
  void warmUp() {
    List<Interview> interviews =
        stream("warm-up after start", candidates("warm-up after start"), STREAM, null, false);
    finish("warm-up after start", interviews, null, Duration.ZERO);
  }

  @Test
  @Order(1)
  void baseline() {
    streamWithFault("baseline", () -> null);
  }

  @Test
  @Order(2)
  void interviewServiceKilledMidStream() {
    streamWithFault("kill -9 interview-service", () -> killAndRestart(system.interviews));
  }

  @Test
  @Order(3)
  void scheduleServiceKilledMidStream() {
    streamWithFault("kill -9 schedule-service", () -> killAndRestart(system.schedules));
  }

  @Test
  @Order(4)
  void notificationServiceKilledMidStream() {
    streamWithFault("kill -9 notification-service", () -> killAndRestart(system.notifications));
  }

  @Test
  @Order(5)
  void oneOfTwoScheduleInstancesKilledMidBurst() throws Exception {
    longProfileOnly();
    // Started while the burst is recorded; the burst falls due after it is up.
    CompletableFuture<ServiceProcess> starting =
        CompletableFuture.supplyAsync(
            () ->
                system.startAnotherScheduleInstance(
                    "schedule-service-2", Map.of("timers.instance-id", "schedule-2")),
            runnable -> new Thread(runnable, "schedule-2-start").start());
    ServiceProcess second = null;
    try {
      String scenario = "kill -9 1 of 2 schedule instances mid-burst";
      Burst burst = burst(scenario);
      second = starting.join();
      // Caught holding claims: frozen first, so that what it holds cannot change while it is looked
      // at, then killed.
      Set<UUID> heldAtKill = freezeWhileHoldingClaims(FIRST_SCHEDULE_INSTANCE, burst.due());
      // Read while it is frozen: its locks go with the kill, and the survivor may fire the steps
      // within milliseconds.
      List<String> statusesAtKill = heldAtKill.isEmpty() ? List.of() : statusesOf(heldAtKill);
      system.schedules.kill();
      Instant killed = Instant.now();
      // The proof that the kill landed mid-burst: steps claimed by the victim, not yet fired.
      assertThat(heldAtKill).as("steps the killed instance had claimed and not fired").isNotEmpty();
      assertThat(statusesAtKill).containsOnly("PENDING");
      System.out.printf(
          "[faults] %s: the victim held %d claimed, unfired step(s) when killed%n",
          scenario, heldAtKill.size());
      // The survivor takes them over as soon as the database sees the victim's connections close.
      await()
          .atMost(TIMER_LEASE.plus(Duration.ofSeconds(60)))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> statusesOf(heldAtKill).stream().allMatch("FIRED"::equals));
      finish(scenario, burst.interviews(), killed, Duration.ZERO);
    } finally {
      // Killed unless the scenario failed before the kill: then it still runs, and a second start
      // would leave the first process behind.
      if (!system.schedules.isRunning()) {
        system.restart(system.schedules);
      }
      // Kept for the next scenario.
      secondScheduleInstance = second != null ? second : starting.join();
    }
  }

  private static ServiceProcess secondScheduleInstance;

  @Test
  @Order(6)
  void scheduleInstanceFrozenPastItsLeaseThenResumed() throws Exception {
    longProfileOnly();
    ServiceProcess second =
        secondScheduleInstance != null && secondScheduleInstance.isRunning()
            ? secondScheduleInstance
            : system.startAnotherScheduleInstance(
                "schedule-service-2", Map.of("timers.instance-id", "schedule-2"));
    try {
      String scenario = "SIGSTOP 1 of 2 schedule instances past its lease, then SIGCONT";
      Burst burst = burst(scenario);
      Set<UUID> heldWhenFrozen = freezeWhileHoldingClaims(FIRST_SCHEDULE_INSTANCE, burst.due());
      Instant frozen = Instant.now();
      try {
        assertThat(heldWhenFrozen).as("steps the frozen instance had claimed").isNotEmpty();
        // While it sleeps, its lease runs out and the other instance fires its steps.
        await()
            .atMost(TIMER_LEASE.plus(Duration.ofSeconds(60)))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> statusesOf(heldWhenFrozen).stream().allMatch("FIRED"::equals));
        // Past the lease and then some, so it resumes in the middle of a round it no longer owns.
        InterviewLoad.pause(Duration.ofSeconds(3));
      } finally {
        system.schedules.thaw();
      }
      Instant thawed = Instant.now();
      System.out.printf(
          "[faults] %s: frozen %d ms holding %d claimed step(s)%n",
          scenario, Duration.between(frozen, thawed).toMillis(), heldWhenFrozen.size());
      finish(scenario, burst.interviews(), thawed, Duration.between(frozen, thawed));
    } finally {
      second.stop();
      secondScheduleInstance = null;
    }
  }

  @Test
  @Order(7)
  void kafkaBrokerKilledAndRestarted() {
    streamWithFault(
        "kill -9 Kafka broker, restart",
        () -> {
          infrastructure.killKafka();
          InterviewLoad.pause(Duration.ofSeconds(2));
          infrastructure.startKafka();
          return Instant.now();
        });
  }

  @Test
  @Order(8)
  void postgresStoppedImmediatelyAndRestarted() {
    streamWithFault(
        "PostgreSQL stop -m immediate, restart",
        () -> {
          infrastructure.stopPostgresImmediately();
          InterviewLoad.pause(Duration.ofSeconds(2));
          infrastructure.startPostgres();
          return Instant.now();
        });
  }

  @Test
  @Order(9)
  void databaseConnectionsTerminatedInAStorm() {
    streamWithFault(
        "pg_terminate_backend storm (5 s)",
        () -> {
          int terminated = terminateConnectionsFor(Duration.ofSeconds(5));
          System.out.printf("[faults] terminated %d database connection(s)%n", terminated);
          assertThat(terminated).as("connections terminated").isPositive();
          return Instant.now();
        });
  }

  @Test
  @Order(10)
  void providerFailingAndTimingOut() {
    String scenario = "SMTP: 20% reset + 10% no answer";
    List<Candidate> candidates = candidates(scenario);
    infrastructure.smtpProxy.fail(0.2, 0.1, Duration.ofSeconds(65));
    try {
      List<Interview> interviews = stream(scenario, candidates, STREAM, null, true);
      awaitArrivals(interviews);
    } finally {
      infrastructure.smtpProxy.heal();
    }
    var counts = infrastructure.smtpProxy.counts();
    System.out.printf("[faults] %s: proxy counts %s%n", scenario, counts);
    assertThat(counts.reset() + counts.stalled()).as("sends that failed").isPositive();
    finish(scenario, inputs.get(scenario), null, null);
  }

  @Test
  @Order(11)
  void notificationConsumerFarBehind() throws Exception {
    String scenario = "notification-service far behind (stopped, backlog, started)";
    // Preferences and push subscriptions are stored while the service still answers.
    List<Candidate> candidates = candidates(scenario);
    system.notifications.stop();
    Instant stopped = Instant.now();
    List<Interview> interviews = stream(scenario, candidates, STREAM, null, true);
    // Every owed step has fired into the topic: the backlog is all there.
    Set<UUID> interviewIds = new HashSet<>();
    interviews.stream()
        .filter(i -> !i.withdrawn())
        .forEach(i -> interviewIds.add(UUID.fromString(i.interviewId())));
    await()
        .atMost(ARRIVAL_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> pendingOwedSteps(interviewIds) == 0);
    assertThat(checker.missing(interviews)).isEqualTo(expectedCount(interviews));
    system.restart(system.notifications);
    Instant started = Instant.now();
    finish(scenario, interviews, started, Duration.between(stopped, started));
  }

  // --- the load and the faults -------------------------------------------------------------

  /** Streams interviews and does {@code fault} midway; the fault returns when it was lifted. */
  private static void streamWithFault(String scenario, Supplier<Instant> fault) {
    CountDownLatch halfway = new CountDownLatch(1);
    CompletableFuture<List<Interview>> streaming =
        CompletableFuture.supplyAsync(
            () -> stream(scenario, candidates(scenario), STREAM, halfway, true),
            runnable -> new Thread(runnable, "load").start());
    Instant faultStart = null;
    Instant faultEnd = null;
    try {
      assertThat(halfway.await(ARRIVAL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      // Outcomes recorded so far are known to the schedule-service before the fault: a step
      // cancelled then must never fire, whatever happens next.
      awaitWithdrawalsApplied(inputs.get(scenario));
      faultStart = Instant.now();
      faultEnd = fault.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    List<Interview> interviews = streaming.join();
    finish(
        scenario,
        interviews,
        faultEnd,
        faultEnd == null ? Duration.ZERO : Duration.between(faultStart, faultEnd));
  }

  /** The candidates of a scenario's stream, half of them known to the notification-service. */
  private static List<Candidate> candidates(String scenario) {
    return load.candidates(tag(scenario), INTERVIEWS);
  }

  /**
   * Records and completes an interview for each of {@code candidates} at an even pace over {@code
   * duration}, each due {@link #LEAD} after its completion, with 1 to 3 interviewers; if {@code
   * withdrawals}, one in three of the first half is withdrawn at once. Counts {@code halfway} down
   * when half are done.
   */
  private static List<Interview> stream(
      String scenario,
      List<Candidate> candidates,
      Duration duration,
      CountDownLatch halfway,
      boolean withdrawals) {
    List<Interview> interviews = Collections.synchronizedList(new ArrayList<>());
    inputs.put(scenario, interviews);
    int count = candidates.size();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long at = start + duration.toNanos() * i / count;
      long wait = at - System.nanoTime();
      if (wait > 0) {
        InterviewLoad.pause(Duration.ofNanos(wait));
      }
      boolean withdraw = withdrawals && i < count / 2 && i % 3 == 2;
      long began = System.nanoTime();
      interviews.add(load.complete(tag(scenario), candidates.get(i), 1 + i % 3, LEAD, withdraw));
      recordingTime.record(System.nanoTime() - began);
      if (halfway != null && i == count / 2) {
        halfway.countDown();
      }
    }
    if (halfway != null) {
      halfway.countDown();
    }
    return interviews;
  }

  /** How long recording one interview through the API has taken so far: the machine's pace. */
  private static final class RecordingTime {
    private long total;
    private long count;

    /** A call that waited for a killed service to come back counts as 5 s at most. */
    synchronized void record(long nanos) {
      total += Math.min(nanos, Duration.ofSeconds(5).toNanos());
      count++;
    }

    synchronized Duration average() {
      return count == 0 ? Duration.ofMillis(400) : Duration.ofNanos(total / count);
    }
  }

  private static final RecordingTime recordingTime = new RecordingTime();

  /** Burst: interviews that all end at the same instant, so their thank-yous fall due together. */
  private record Burst(List<Interview> interviews, Instant due) {}

  private static Burst burst(String scenario) {
    int count = Math.max(INTERVIEWS * 2, 20);
    List<Candidate> candidates = load.candidates(tag(scenario), count);
    // Time enough to record them all at the pace seen so far (with a margin: a busy machine's pace
    // varies), and to start a second instance, before they fall due.
    Duration perInterview = recordingTime.average().multipliedBy(3).dividedBy(2);
    if (perInterview.compareTo(Duration.ofMillis(400)) < 0) {
      perInterview = Duration.ofMillis(400);
    }
    Duration lead = Duration.ofSeconds(12).plus(perInterview.multipliedBy(count));
    Instant ended = Instant.now().plus(lead).minus(InterviewLoad.THANK_YOU_DELAY);
    ended = ended.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    List<Interview> interviews = Collections.synchronizedList(new ArrayList<>());
    inputs.put(scenario, interviews);
    for (int i = 0; i < count; i++) {
      long began = System.nanoTime();
      interviews.add(load.complete(tag(scenario), candidates.get(i), 1 + i % 3, ended, false));
      recordingTime.record(System.nanoTime() - began);
    }
    Instant due = ended.plus(InterviewLoad.THANK_YOU_DELAY);
    assertThat(Instant.now()).as("the burst was recorded before it fell due").isBefore(due);
    return new Burst(interviews, due);
  }

  private static Instant killAndRestart(ServiceProcess service) {
    service.kill();
    system.restart(service);
    return Instant.now();
  }

  /** Waits for every owed delivery, then checks the scenario as far as can be told now. */
  private static void finish(
      String scenario, List<Interview> interviews, Instant faultEnd, Duration faultDuration) {
    synchronized (faultEnds) {
      faultEnds.put(scenario, faultEnd);
      faultDurations.put(scenario, faultDuration);
    }
    long arriving = System.nanoTime();
    awaitArrivals(interviews);
    String arrivals = since(arriving);
    long quieting = System.nanoTime();
    // Until nothing could send a copy any more.
    awaitQuiet();
    Outcome outcome = checker.check(scenario, interviews, faultEnd);
    System.out.printf("[faults] %s%n", outcome);
    System.out.printf(
        "[faults] %s: took %s (fault %s, last arrivals awaited %s, quiet awaited %s)%n",
        scenario,
        since(scenarioBegan),
        faultDuration == null ? "throughout" : faultDuration.toMillis() / 1000.0 + " s",
        arrivals,
        since(quieting));
    assertThat(outcome.lost()).isZero();
    assertThat(outcome.duplicated()).isZero();
    assertThat(outcome.early()).isZero();
    assertThat(outcome.cancelledFired()).isZero();
    assertThat(outcome.misrouted()).as("on another channel or recipient").isZero();
    Duration onTime = ON_TIME.plus(faultDuration == null ? ARRIVAL_TIMEOUT : faultDuration);
    assertThat(outcome.worstLateness()).as("worst lateness").isLessThanOrEqualTo(onTime);
  }

  private static void awaitArrivals(List<Interview> interviews) {
    await()
        .atMost(ARRIVAL_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> checker.allArrived(interviews));
  }

  /**
   * Waits until the system is quiet: no step due and unfired, every FollowUpDue taken in by the
   * notification-service, no delivery pending (not even one due again after a lease). From then on
   * no reminder can be sent, so what the SMTP server holds is final.
   */
  private static void awaitQuiet() {
    await()
        .atMost(ARRIVAL_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                queryCount(
                        "schedules",
                        "select count(*) from follow_up_step where status = 'PENDING'"
                            + " and due_at <= now()")
                    == 0);
    ConsumerGroups.awaitCaughtUp(
        system.bootstrapServers, "notification-service", "follow-ups-due", ARRIVAL_TIMEOUT);
    await()
        .atMost(ARRIVAL_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                queryCount(
                        "notifications", "select count(*) from delivery where status = 'PENDING'")
                    == 0);
  }

  private static long queryCount(String database, String sql) {
    try (Connection connection = infrastructure.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long expectedCount(List<Interview> interviews) {
    return interviews.stream().filter(i -> !i.withdrawn()).mapToLong(i -> i.owed().size()).sum();
  }

  private static String tag(String scenario) {
    String letters = scenario.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    return letters.substring(0, Math.min(12, letters.length()));
  }

  // --- looking at the step table ------------------------------------------------------------

  /** Waits until withdrawn interviews have no pending step left (the outcome was applied). */
  private static void awaitWithdrawalsApplied(List<Interview> interviews) {
    Set<UUID> withdrawn = new HashSet<>();
    synchronized (interviews) {
      interviews.stream()
          .filter(Interview::withdrawn)
          .forEach(i -> withdrawn.add(UUID.fromString(i.interviewId())));
    }
    if (withdrawn.isEmpty()) {
      return;
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> pendingSteps(withdrawn) == 0 && plannedInterviews(withdrawn) == withdrawn.size());
  }

  /**
   * Polls the step table until the first schedule instance holds claimed, unfired steps, freezes it
   * (SIGSTOP) and reads again: what it holds then cannot change until it is let go or killed. If it
   * finished the round in between, it is let go and the watch goes on. Returns the steps it holds,
   * frozen; empty if the burst passed without catching it (the caller's assertion then fails).
   */
  private static Set<UUID> freezeWhileHoldingClaims(String instance, Instant due) {
    Instant giveUp = due.plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(giveUp)) {
      if (!claimedUnfired(instance).isEmpty()) {
        system.schedules.freeze();
        Set<UUID> held = claimedUnfired(instance);
        if (!held.isEmpty()) {
          return held;
        }
        system.schedules.thaw();
      }
      InterviewLoad.pause(Duration.ofMillis(5));
    }
    return Set.of();
  }

  /**
   * The pending steps a round of the instance holds: rows locked by a transaction of a session the
   * instance named after itself (a locked row's {@code xmax} is the locking transaction's id).
   */
  private static Set<UUID> claimedUnfired(String instance) {
    return query(
        "select s.id from follow_up_step s join pg_stat_activity a on s.xmax = a.backend_xid"
            + " where a.application_name = ? and s.status = 'PENDING'",
        statement -> statement.setString(1, instance),
        rows -> {
          Set<UUID> ids = new HashSet<>();
          while (rows.next()) {
            ids.add(rows.getObject(1, UUID.class));
          }
          return ids;
        });
  }

  private static List<String> statusesOf(Set<UUID> steps) {
    return query(
        "select status from follow_up_step where id = any(?)",
        statement ->
            statement.setArray(1, statement.getConnection().createArrayOf("uuid", steps.toArray())),
        rows -> {
          List<String> statuses = new ArrayList<>();
          while (rows.next()) {
            statuses.add(rows.getString(1));
          }
          return statuses;
        });
  }

  private static long pendingSteps(Set<UUID> interviews) {
    return count(
        "select count(*) from follow_up_step where interview_id = any(?) and status = 'PENDING'",
        interviews);
  }

  private static long plannedInterviews(Set<UUID> interviews) {
    return count("select count(*) from planned_interview where interview_id = any(?)", interviews);
  }

  /** Steps that fall due during the test and have not fired, counting unplanned interviews'. */
  private static long pendingOwedSteps(Set<UUID> interviews) {
    return count(
            "select count(*) from follow_up_step where interview_id = any(?)"
                + " and kind in ('THANK_YOU_EMAIL', 'ALERT_REFERENCE') and status = 'PENDING'",
            interviews)
        + (interviews.size() - plannedInterviews(interviews));
  }

  private static long count(String sql, Set<UUID> ids) {
    return query(
        sql,
        statement ->
            statement.setArray(1, statement.getConnection().createArrayOf("uuid", ids.toArray())),
        rows -> {
          rows.next();
          return rows.getLong(1);
        });
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private interface Reader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private static <T> T query(String sql, Binder binder, Reader<T> reader) {
    try (Connection connection = infrastructure.connect("schedules");
        PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      try (ResultSet rows = statement.executeQuery()) {
        return reader.read(rows);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Terminates every connection of the three services, again and again, for {@code duration}. */
  private static int terminateConnectionsFor(Duration duration) {
    int terminated = 0;
    long end = System.nanoTime() + duration.toNanos();
    try (Connection connection = infrastructure.connect("postgres");
        Statement statement = connection.createStatement()) {
      while (System.nanoTime() < end) {
        try (ResultSet rows =
            statement.executeQuery(
                "select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                    + " where datname in ('interviews', 'schedules', 'notifications')"
                    + " and pid <> pg_backend_pid()")) {
          rows.next();
          terminated += rows.getInt(1);
        }
        InterviewLoad.pause(Duration.ofMillis(100));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return terminated;
  }
}
