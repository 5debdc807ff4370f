package dev.followup.benchmarks;

import dev.followup.benchmarks.Options.Phase;
import dev.followup.infra.CpuTime;
import dev.followup.infra.FreePorts;
import dev.followup.infra.InJvmKafkaBroker;
import dev.followup.infra.LocalPostgres;
import dev.followup.infra.ServiceProcess;
import dev.followup.infra.SharedInfrastructure;
import dev.followup.infra.StatementStatistics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the schedule-service's durable timers on the packaged service, against a real Kafka
 * broker and PostgreSQL server started here, and db-scheduler on the same workload.
 *
 * <ol>
 *   <li>planning: a backlog of InterviewCompleted events, consumed by a freshly started service;
 *   <li>firing: a million steps due in the future and a hundred thousand due now, inserted while
 *       the service is stopped, then fired once it starts;
 *   <li>lateness: a steady load of steps falling due while the service runs;
 *   <li>db-scheduler: the firing workload again, on db-scheduler.
 * </ol>
 *
 * Prints each figure as {@code name: value}; lines starting with {@code #} say how it was obtained.
 */
public final class TimerBenchmark {

  static final String FOLLOW_UPS_DUE = "follow-ups-due";
  static final String DB_SCHEDULER_TOPIC = "db-scheduler.follow-ups-due";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /**
   * How far ahead of its insertion a measured backlog falls due (the service's and db-scheduler's
   * alike): longer than writing 100,000 rows and analysing the table take here.
   */
  static final Duration BACKLOG_LEAD = Duration.ofSeconds(30);

  /**
   * How long before the backlog falls due the CPU and database counters start being read: reading
   * them takes up to 1.5 s here, and none of the backlog may fire meanwhile.
   */
  static final Duration COUNTERS_AHEAD = Duration.ofSeconds(5);

  private final Options options;
  private final Figures figures;
  private final Path logs;

  private TimerBenchmark(Options options, Figures figures) {
    this.options = options;
    this.figures = figures;
    this.logs = options.root().resolve("benchmarks/target/benchmark-logs");
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.print(Options.USAGE);
      System.exit(2);
      return;
    }
    quietLogging();
    Figures figures = new Figures();
    int status = 0;
    try {
      new TimerBenchmark(options, figures).run();
    } catch (RuntimeException e) {
      System.err.println("The benchmark failed: " + e);
      e.printStackTrace();
      status = 1;
    }
    figures.print(System.out);
    System.exit(status);
  }

  /** Warnings and errors only, from every library that logs through SLF4J. */
  static void quietLogging() {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    System.setProperty("org.slf4j.simpleLogger.log.kafka", "error");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
  }

  private void run() {
    resetLogs();
    figures.note("machine: %s", machine());
    figures.note("run: %s", options.describe());
    try (InJvmKafkaBroker kafka = InJvmKafkaBroker.start();
        LocalPostgres postgres =
            LocalPostgres.startTemporary(
                options.statements() > 0 ? StatementStatistics.serverConfig() : Map.of())) {
      List<String> topics = new ArrayList<>(SharedInfrastructure.TOPICS);
      topics.add(DB_SCHEDULER_TOPIC);
      kafka.createTopics(3, topics);
      measure(kafka.bootstrapServers(), postgres);
    }
    figures.note("load average at the end: %s", loadAverage());
  }

  private void measure(String bootstrapServers, LocalPostgres postgres) {
    String schedules = postgres.createDatabase("schedules");

    Map<String, String> config = new HashMap<>();
    config.put("kafka.bootstrap.servers", bootstrapServers);
    config.put("quarkus.datasource.jdbc.url", schedules);
    config.put("quarkus.datasource.username", LocalPostgres.USER);
    config.put("quarkus.datasource.password", LocalPostgres.PASSWORD);
    config.put("quarkus.log.category.\"org.apache.kafka\".level", "WARN");
    config.putAll(options.serviceConfig());
    ServiceProcess service =
        ServiceProcess.of(
            "schedule-service",
            options.root().resolve("schedule-service"),
            FreePorts.find(),
            config,
            logs.resolve("schedule-service.log"),
            options.jvmOptions());

    try (Database db = new Database(schedules);
        TopicCounter published = new TopicCounter(bootstrapServers, FOLLOW_UPS_DUE)) {
      Instant launched = Instant.now();
      service.start(START_TIMEOUT);
      figures.note(
          "schedule-service started and migrated its schema in %.1f s",
          Await.seconds(launched, Instant.now()));
      service.stop();
      ServiceRun run = new ServiceRun(service, db, new StepTable(db), published, bootstrapServers);
      if (options.runs(Phase.PLANNING)) {
        run.planning();
      }
      if (options.runs(Phase.FIRING)) {
        run.firing();
      }
      if (options.runs(Phase.LATENESS)) {
        run.lateness();
      }
    } finally {
      service.stop();
    }

    if (options.runs(Phase.DB_SCHEDULER)) {
      double fired =
          new DbSchedulerBenchmark(
                  postgres.createDatabase("dbscheduler"),
                  bootstrapServers,
                  DB_SCHEDULER_TOPIC,
                  logs.resolve("db-scheduler-worker.log"),
                  options.jvmOptions(),
                  figures)
              .run(
                  options.pending(),
                  options.due(),
                  options.firingWarmUp(),
                  options.dbSchedulerThreads(),
                  options.claimBatch());
      figures.put("db-scheduler-fired-per-second", fired);
      Double ours = figures.get("steps-fired-per-second");
      if (ours != null) {
        figures.put("fired-vs-db-scheduler-ratio", ours / fired);
      }
    }
  }

  /** The phases that run the schedule-service. */
  private final class ServiceRun {

    private final ServiceProcess service;
    private final Database db;
    private final StepTable steps;
    private final TopicCounter published;
    private final String bootstrapServers;
    private final long databaseServer;
    private boolean running;

    ServiceRun(
        ServiceProcess service,
        Database db,
        StepTable steps,
        TopicCounter published,
        String bootstrapServers) {
      this.service = service;
      this.db = db;
      this.steps = steps;
      this.published = published;
      this.bootstrapServers = bootstrapServers;
      this.databaseServer = db.serverPid();
    }

    private Instant start() {
      service.start(START_TIMEOUT);
      running = true;
      return Instant.now();
    }

    private void stop() {
      service.stop();
      running = false;
    }

    /**
     * The backlog is published while the service is stopped, its warm-up part first. Throughput
     * runs from the moment the warm-up part was planned (the service's own timestamp of the batch
     * that completed it) until every event is seen recorded as processed. A service runs for days:
     * the figure is taken once its JIT compilers have done most of their work, which on two cores
     * takes longer than planning a few thousand events (their threads used more CPU than the
     * planning itself in the first 45 s of a freshly started service).
     */
    void planning() {
      int warmUp = options.planningWarmUp();
      int measured = options.interviews();
      int backlog = warmUp + measured;
      InterviewEvents.publish(bootstrapServers, backlog);
      long stepsBefore = db.number("select count(*) from follow_up_step");
      long eventsBefore = db.number("select count(*) from processed_event");
      DbActivity activityBefore = DbActivity.read(db);
      Instant launched = Instant.now();
      start();
      if (warmUp > 0) {
        // The tables were empty when the service started and have not been analysed since:
        // autovacuum looks at most once a minute. Without statistics, the planner takes a
        // sequential scan for the batch's locking read of hundreds of interviews (see
        // BENCHMARKS.md). A service that has run for a while has them, gathered by autovacuum at
        // most once a minute: analysed halfway through the warm-up, the statistics are there for
        // the measured part, which does not share the two cores with a whole database's ANALYZE
        // (1.7 s of the server's CPU, a tenth of the measured part).
        awaitProcessed("half of the warm-up part of the backlog", eventsBefore + warmUp / 2);
        db.execute("analyze");
        awaitProcessed("the warm-up part of the backlog", eventsBefore + warmUp);
      }
      resetStatements();
      Duration serviceCpuAtWarm = CpuTime.of(service.pid());
      Map<Long, CpuTime.ThreadCpu> threadsAtWarm = CpuTime.threadsOf(service.pid());
      Duration brokerCpuAtWarm = CpuTime.ofThisProcess();
      Duration databaseCpuAtWarm = CpuTime.ofTree(databaseServer);
      long eventsAtWarm = db.number("select count(*) from processed_event") - eventsBefore;
      long stepsAtWarm = db.number("select count(*) from follow_up_step") - stepsBefore;
      Instant done = awaitProcessed("the interview backlog", eventsBefore + backlog);
      printStatements("planning");
      Duration serviceCpuAtDone = CpuTime.of(service.pid());
      Map<Long, CpuTime.ThreadCpu> threadsAtDone = CpuTime.threadsOf(service.pid());
      Duration brokerCpuAtDone = CpuTime.ofThisProcess();
      Duration databaseCpuAtDone = CpuTime.ofTree(databaseServer);
      Instant first =
          db.instant(
              "select min(processed_at) from processed_event where event_id like ?",
              InterviewEvents.ID_PREFIX + "%");
      long planned = db.number("select count(*) from follow_up_step") - stepsBefore;
      // The batch that planned the last warm-up event: what it and every later batch wrote counts.
      Instant from =
          warmUp == 0
              ? first.minusMillis(1)
              : db.instant(
                  "select processed_at from processed_event where event_id like ?"
                      + " order by processed_at offset ? limit 1",
                  InterviewEvents.ID_PREFIX + "%",
                  warmUp - 1);
      long measuredEvents =
          db.number(
              "select count(*) from processed_event where event_id like ? and processed_at > ?",
              InterviewEvents.ID_PREFIX + "%",
              from);
      long measuredSteps =
          db.number("select count(*) from follow_up_step where created_at > ?", from);
      double seconds = Await.seconds(from, done);
      figures.put("steps-planned-per-second", measuredSteps / seconds);
      figures.note(
          "planning: a backlog of %,d events; after the first %,d were planned, %,d events planned"
              + " %,d steps (%.1f per interview) in %.1f s, %.0f events/s",
          backlog,
          backlog - measuredEvents,
          measuredEvents,
          measuredSteps,
          (double) measuredSteps / measuredEvents,
          seconds,
          measuredEvents / seconds);
      double coldSeconds = Await.seconds(first, done);
      figures.note(
          "planning: the whole backlog, from the first event (%.1f s after the service was"
              + " launched), JIT warm-up included: %,d steps in %.1f s, %.0f steps/s",
          Await.seconds(launched, first), planned, coldSeconds, planned / coldSeconds);
      // The plan events of the last transactions are still being relayed when the last event is
      // recorded: their publishing is part of planning's cost, so it is measured up to the end.
      Await.until(
          "the plan events to be published",
          () -> db.number("select count(*) from plan_event_batch") == 0,
          Duration.ofMillis(100),
          Duration.ofMinutes(5));
      Duration serviceCpuAtPublished = CpuTime.of(service.pid());
      Duration brokerCpuAtPublished = CpuTime.ofThisProcess();
      long eventsAfterWarm = backlog - eventsAtWarm;
      long stepsAfterWarm = planned - stepsAtWarm;
      figures.note(
          "planning: %,d events (%,d steps) planned after the warm-up was seen done; CPU until all"
              + " planned: the service %s, %s; the benchmark's JVM (broker) %s; PostgreSQL %s",
          eventsAfterWarm,
          stepsAfterWarm,
          CpuTime.describe(serviceCpuAtWarm, serviceCpuAtDone, eventsAfterWarm, "event"),
          CpuTime.describe(serviceCpuAtWarm, serviceCpuAtDone, stepsAfterWarm, "step"),
          CpuTime.describe(brokerCpuAtWarm, brokerCpuAtDone, stepsAfterWarm, "step"),
          CpuTime.describe(databaseCpuAtWarm, databaseCpuAtDone, stepsAfterWarm, "step"));
      // The JIT compilers' share depends on what they chose, not on the planning code, and varies
      // between runs by more than a change to that code saves.
      figures.note(
          "planning: the service's CPU over the same events, by thread: %s",
          CpuTime.describeByThread(threadsAtWarm, threadsAtDone, eventsAfterWarm, "event"));
      figures.note(
          "planning: CPU until all plan events were published as well: the service %s, %s; the"
              + " benchmark's JVM (broker) %s",
          CpuTime.describe(serviceCpuAtWarm, serviceCpuAtPublished, eventsAfterWarm, "event"),
          CpuTime.describe(serviceCpuAtWarm, serviceCpuAtPublished, stepsAfterWarm, "step"),
          CpuTime.describe(brokerCpuAtWarm, brokerCpuAtPublished, stepsAfterWarm, "step"));
      figures.note(
          "planning: database work over the whole backlog %s",
          DbActivity.read(db).perUnitSince(activityBefore, backlog, "event"));
      stop();
    }

    private void resetStatements() {
      if (options.statements() > 0) {
        StatementStatistics.reset(db.connection());
      }
    }

    private void printStatements(String phase) {
      if (options.statements() > 0) {
        figures.note("%s: the statements that took the database most time since it began:", phase);
        StatementStatistics.top(db.connection(), options.statements())
            .forEach(line -> figures.note("  %s", line));
      }
    }

    /**
     * Waits until {@code events} events in all are recorded as processed; returns the service's own
     * timestamp of the last. Counting the table costs the server a few milliseconds once it holds
     * tens of thousands of rows, so it is polled only twice a second, and the end is the service's
     * timestamp rather than when the poll saw it.
     */
    private Instant awaitProcessed(String what, long events) {
      Await.until(
          what + " to be planned",
          () -> db.number("select count(*) from processed_event") >= events,
          Duration.ofMillis(500),
          Duration.ofMinutes(15));
      return db.instant("select max(processed_at) from processed_event");
    }

    /**
     * The future steps and the warm-up steps, already due, are inserted while the service is
     * stopped; it starts and fires the warm-up. Then the measured backlog is inserted, every step
     * due at one instant a little ahead, and the drain runs from that instant until every step of
     * it is marked fired and its record is on the topic. A service runs for days: in a drain from a
     * cold start, its JIT compilers take much of the CPU (the warm-up's rate is printed as a note).
     * Without a warm-up the backlog is due at the start, and the drain runs from the moment the
     * service reports ready.
     */
    void firing() {
      int pending = options.pending();
      int due = options.due();
      int warmUp = options.firingWarmUp();
      Instant loadStart = Instant.now();
      if (pending > 0) {
        steps.insert(
            StepTable.RULE_BACKLOG,
            pending,
            Instant.now().plus(Duration.ofDays(7)),
            Duration.ofDays(30).dividedBy(pending));
      }
      // Due at the start: the warm-up, or without one the measured backlog itself.
      int dueAtStart = warmUp > 0 ? warmUp : due;
      String startRule = warmUp > 0 ? StepTable.RULE_WARM_UP : StepTable.RULE_DUE;
      Instant dueAtStartBy = Instant.now();
      steps.insert(
          startRule,
          dueAtStart,
          dueAtStartBy.minusSeconds(60),
          Duration.ofSeconds(60).dividedBy(dueAtStart));
      steps.analyze();
      figures.note(
          "firing: %,d future and %,d %s steps inserted in %.1f s",
          pending,
          dueAtStart,
          warmUp > 0 ? "warm-up" : "due",
          Await.seconds(loadStart, Instant.now()));
      explainClaim();

      long before = published.count();
      Instant launched = Instant.now();
      Instant ready = start();
      Instant dueBy = dueAtStartBy;
      Instant from = ready;
      long measuredBefore = before;
      if (warmUp > 0) {
        Instant warmedUp =
            Await.until(
                "the warm-up steps to fire",
                () -> published.count() - before >= warmUp && steps.pendingDueBy(dueAtStartBy) == 0,
                Duration.ofMillis(100),
                Duration.ofMinutes(12));
        double warmUpSeconds = Await.seconds(ready, warmedUp);
        figures.note(
            "firing: %,d warm-up steps fired in %.1f s from ready, from a cold start (%.0f per"
                + " second; service start took %.1f s)",
            warmUp, warmUpSeconds, warmUp / warmUpSeconds, Await.seconds(launched, ready));
        dueBy = insertBacklogDueAhead(due);
        // The counters are read just before the backlog falls due, while nothing fires.
        Await.sleepUntil(dueBy.minus(COUNTERS_AHEAD));
      }
      long atCounters = published.count();
      DbActivity activityBefore = DbActivity.read(db);
      resetStatements();
      Duration serviceCpuAtStart = CpuTime.of(service.pid());
      Duration brokerCpuAtStart = CpuTime.ofThisProcess();
      Duration databaseCpuAtStart = CpuTime.ofTree(databaseServer);
      if (warmUp > 0) {
        // From the instant the backlog falls due: the poller's own wake-up is part of the drain.
        measuredBefore = atCounters;
        from = dueBy;
      }
      long atStart = published.count() - measuredBefore;
      double startAfterDue = Await.seconds(dueBy, Instant.now());
      long measuredFrom = measuredBefore;
      Instant backlogDueBy = dueBy;
      Instant done =
          Await.until(
              "the due steps to fire",
              () ->
                  published.count() - measuredFrom >= due && steps.pendingDueBy(backlogDueBy) == 0,
              Duration.ofMillis(100),
              Duration.ofMinutes(12));
      Duration serviceCpuAtDone = CpuTime.of(service.pid());
      Duration brokerCpuAtDone = CpuTime.ofThisProcess();
      Duration databaseCpuAtDone = CpuTime.ofTree(databaseServer);
      printStatements("firing");
      double seconds = Await.seconds(from, done);
      figures.put("steps-fired-per-second", due / seconds);
      figures.put("drain-100k-due-seconds", seconds);
      figures.note(
          "firing: %,d due steps fired in %.1f s from %s (%,d records already on the topic then);"
              + " %,d fired, %,d missed, %,d records on the topic",
          due,
          seconds,
          warmUp > 0 ? "the instant they fell due" : "ready",
          atStart,
          steps.count(StepTable.RULE_DUE, "FIRED"),
          steps.count(StepTable.RULE_DUE, "MISSED"),
          published.count() - measuredBefore);
      figures.note(
          "firing: counters read %.2f s before the backlog fell due (%,d of its records on the"
              + " topic then); its first step fired %d ms after it fell due; %d fired before their"
              + " due instant",
          -startAfterDue,
          atStart,
          steps.firstFiredMillisAfter(StepTable.RULE_DUE, dueBy),
          steps.firedEarly(StepTable.RULE_DUE));
      figures.note(
          "firing: database work %s",
          DbActivity.read(db).perUnitSince(activityBefore, due, "fired step"));
      figures.note(
          "firing: CPU over the drain: the service %s; the benchmark's JVM (broker and"
              + " consumer) %s; PostgreSQL %s",
          CpuTime.describe(serviceCpuAtStart, serviceCpuAtDone, due, "fired step"),
          CpuTime.describe(brokerCpuAtStart, brokerCpuAtDone, due, "fired step"),
          CpuTime.describe(databaseCpuAtStart, databaseCpuAtDone, due, "fired step"));
    }

    /**
     * Inserts the measured backlog into the running service's table, every step due at one instant
     * far enough ahead that none falls due while the rows are written; returns that instant.
     */
    private Instant insertBacklogDueAhead(int due) {
      Instant insertStart = Instant.now();
      Instant dueBy = insertStart.plus(BACKLOG_LEAD);
      steps.insert(StepTable.RULE_DUE, due, dueBy, Duration.ZERO);
      steps.analyze();
      Instant inserted = Instant.now();
      figures.note(
          "firing: the %,d steps of the backlog, all due at once, inserted in %.1f s",
          due, Await.seconds(insertStart, inserted));
      if (!inserted.isBefore(dueBy)) {
        throw new IllegalStateException(
            "The backlog took longer to insert than " + BACKLOG_LEAD + ": some fell due first");
      }
      return dueBy;
    }

    /** The claim's plan on the loaded table, before the service fires anything. */
    private void explainClaim() {
      List<String> plan = steps.explainClaim(Instant.now(), options.claimBatch());
      try {
        Files.write(logs.resolve("claim-plan.txt"), plan);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      figures.note(
          "claim plan on %,d pending steps (EXPLAIN ANALYZE, rolled back):",
          db.number("select count(*) from follow_up_step where status = 'PENDING'"));
      plan.forEach(line -> figures.note("  %s", line));
    }

    /**
     * Steps falling due at a steady rate while the service runs, inserted ahead of time; lateness
     * is fired_at - due_at of each.
     */
    void lateness() {
      if (!running) {
        start();
      }
      int rate = options.latenessRate();
      int count = rate * options.latenessSeconds();
      Duration spacing = Duration.ofSeconds(1).dividedBy(rate);
      Instant first = Instant.now().plusSeconds(10);
      Instant last = first.plus(spacing.multipliedBy(count - 1L));
      steps.insert(StepTable.RULE_STEADY, count, first, spacing);
      Instant inserted = Instant.now();
      if (inserted.isAfter(first)) {
        figures.note(
            "lateness: WARNING the steady load was inserted %.1f s after its first step fell due",
            Await.seconds(first, inserted));
      }
      Await.until(
          "the steady load to fire",
          () -> Instant.now().isAfter(last) && steps.pendingDueBy(last) == 0,
          Duration.ofMillis(250),
          Duration.between(Instant.now(), last).plusMinutes(3));
      Object[] stats =
          db.row(
              """
              select percentile_cont(0.5) within group (order by ms),
                     percentile_cont(0.99) within group (order by ms),
                     max(ms),
                     count(*) filter (where fired_at < due_at),
                     count(*) filter (where status <> 'FIRED'),
                     count(*)
              from (select status, fired_at, due_at,
                           extract(epoch from fired_at - due_at) * 1000 as ms
                    from follow_up_step where rule = ?) steady
              """,
              StepTable.RULE_STEADY);
      figures.put("lateness-p50-ms", ((Number) stats[0]).doubleValue());
      figures.put("lateness-p99-ms", ((Number) stats[1]).doubleValue());
      figures.put("lateness-max-ms", ((Number) stats[2]).doubleValue());
      figures.put("early-fires", ((Number) stats[3]).doubleValue());
      figures.note(
          "lateness: %,d steps falling due at %,d/s over %d s, with %,d other steps pending;"
              + " %d not fired",
          count,
          rate,
          options.latenessSeconds(),
          db.number("select count(*) from follow_up_step where status = 'PENDING'"),
          ((Number) stats[4]).longValue());
      stop();
    }
  }

  private void resetLogs() {
    try {
      Files.createDirectories(logs);
      for (String name :
          List.of("schedule-service.log", "db-scheduler-worker.log", "claim-plan.txt")) {
        Files.deleteIfExists(logs.resolve(name));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot prepare " + logs, e);
    }
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(line -> line.startsWith("model name"))
              .map(line -> line.substring(line.indexOf(':') + 1).strip())
              .findFirst()
              .orElse(cpu);
    } catch (IOException e) {
      // Not Linux: the rest still says something.
    }
    return String.format(
        "%d cores (%s), %,d MiB RAM, Java %s, %s %s; load average at the start %s",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        totalMemoryMib(),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        loadAverage());
  }

  private static long totalMemoryMib() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize() / (1024 * 1024);
    }
    return -1;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return String.format(
          "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
