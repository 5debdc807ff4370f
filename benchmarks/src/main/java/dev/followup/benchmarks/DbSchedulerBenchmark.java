package dev.followup.benchmarks;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.followup.infra.CpuTime;
import dev.followup.infra.LocalPostgres;
import io.agroal.api.AgroalDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The firing workload on db-scheduler: the same pending and due steps as one-time tasks, scheduled
 * in batches through its client, then fired by a {@link DbSchedulerWorker} process.
 */
final class DbSchedulerBenchmark {

  private static final int SCHEDULE_BATCH = 1_000;

  private final String jdbcUrl;
  private final String bootstrapServers;
  private final String topic;
  private final Path log;
  private final List<String> jvmOptions;
  private final Figures figures;

  DbSchedulerBenchmark(
      String jdbcUrl,
      String bootstrapServers,
      String topic,
      Path log,
      List<String> jvmOptions,
      Figures figures) {
    this.jdbcUrl = jdbcUrl;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.log = log;
    this.jvmOptions = jvmOptions;
    this.figures = figures;
  }

  /**
   * Returns the due tasks fired per second, measured as the service's firing: after {@code warmUp}
   * tasks already due at the start have fired, a backlog of {@code due} tasks all due at one
   * instant ahead, from that instant until every one is fired and on the topic.
   */
  double run(int pending, int due, int warmUp, int threads, int claimBatch) {
    try (Database db = new Database(jdbcUrl);
        TopicCounter published = new TopicCounter(bootstrapServers, topic)) {
      db.execute(DueStepTask.TABLE_DDL);
      db.execute("truncate scheduled_tasks");
      Instant loadStart = Instant.now();
      int dueAtStart = warmUp > 0 ? warmUp : due;
      Instant dueAtStartBy =
          schedule(pending, warmUp > 0 ? StepTable.RULE_WARM_UP : StepTable.RULE_DUE, dueAtStart);
      db.execute("analyze scheduled_tasks");
      figures.note(
          "db-scheduler: %,d future and %,d %s tasks scheduled in batches of %,d in %.1f s",
          pending,
          dueAtStart,
          warmUp > 0 ? "warm-up" : "due",
          SCHEDULE_BATCH,
          Await.seconds(loadStart, Instant.now()));

      try (Worker worker =
          Worker.start(jdbcUrl, bootstrapServers, topic, threads, claimBatch, jvmOptions, log)) {
        Instant ready = worker.awaitReady(Duration.ofSeconds(120));
        Instant dueBy = dueAtStartBy;
        Instant from = ready;
        long measuredBefore = 0;
        if (warmUp > 0) {
          Instant warmedUp = awaitFired(db, published, warmUp, dueAtStartBy, "warm-up");
          double warmUpSeconds = Await.seconds(ready, warmedUp);
          figures.note(
              "db-scheduler: %,d warm-up tasks fired in %.1f s from ready, from a cold start (%.0f"
                  + " per second)",
              warmUp, warmUpSeconds, warmUp / warmUpSeconds);
          Instant insertStart = Instant.now();
          dueBy = insertStart.plus(TimerBenchmark.BACKLOG_LEAD);
          scheduleDue(StepTable.RULE_DUE, due, dueBy, Duration.ZERO);
          db.execute("analyze scheduled_tasks");
          Instant scheduled = Instant.now();
          if (!scheduled.isBefore(dueBy)) {
            throw new IllegalStateException(
                "The backlog took longer to schedule than " + TimerBenchmark.BACKLOG_LEAD);
          }
          figures.note(
              "db-scheduler: the backlog of %,d tasks, all due at once, scheduled in %.1f s",
              due, Await.seconds(insertStart, scheduled));
          // The counters are read just before the backlog falls due, while nothing fires.
          Await.sleepUntil(dueBy.minus(TimerBenchmark.COUNTERS_AHEAD));
        }
        long atCounters = published.count();
        DbActivity activityBefore = DbActivity.read(db);
        Duration workerCpuAtStart = worker.cpu();
        Duration brokerCpuAtStart = CpuTime.ofThisProcess();
        long databaseServer = db.serverPid();
        Duration databaseCpuAtStart = CpuTime.ofTree(databaseServer);
        if (warmUp > 0) {
          // From the instant the backlog falls due: the poll's own wait is part of the drain.
          measuredBefore = atCounters;
          from = dueBy;
        }
        long atStart = published.count() - measuredBefore;
        Instant done = awaitFired(db, published, measuredBefore + due, dueBy, "due");
        Duration workerCpuAtDone = worker.cpu();
        Duration brokerCpuAtDone = CpuTime.ofThisProcess();
        Duration databaseCpuAtDone = CpuTime.ofTree(databaseServer);
        double seconds = Await.seconds(from, done);
        figures.note(
            "db-scheduler: %d threads, lock-and-fetch of up to %d, 1 s poll: %,d due tasks fired"
                + " in %.1f s (%,d already on the topic when measuring began; %,d on the topic"
                + " in all)",
            threads, Math.max(threads, claimBatch), due, seconds, atStart, published.count());
        figures.note(
            "db-scheduler: database work %s",
            DbActivity.read(db).perUnitSince(activityBefore, due, "fired task"));
        figures.note(
            "db-scheduler: CPU over the drain: its process %s; the benchmark's JVM (broker"
                + " and consumer) %s; PostgreSQL %s",
            CpuTime.describe(workerCpuAtStart, workerCpuAtDone, due, "fired task"),
            CpuTime.describe(brokerCpuAtStart, brokerCpuAtDone, due, "fired task"),
            CpuTime.describe(databaseCpuAtStart, databaseCpuAtDone, due, "fired task"));
        return due / seconds;
      }
    }
  }

  /** Waits until {@code records} are on the topic and no task due by {@code dueBy} is left. */
  private static Instant awaitFired(
      Database db, TopicCounter published, long records, Instant dueBy, String what) {
    return Await.until(
        "db-scheduler to fire the " + what + " tasks",
        () ->
            published.count() >= records
                && db.number(
                        "select count(*) from scheduled_tasks where execution_time <= ?", dueBy)
                    == 0,
        Duration.ofMillis(100),
        Duration.ofMinutes(12));
  }

  /** Schedules the future tasks and {@code due} tasks due by now; returns now. */
  private Instant schedule(int pending, String dueRule, int due) {
    scheduleDue(
        StepTable.RULE_BACKLOG,
        pending,
        Instant.now().plus(Duration.ofDays(7)),
        Duration.ofDays(30).dividedBy(Math.max(1, pending)));
    Instant dueBy = Instant.now();
    scheduleDue(dueRule, due, dueBy.minusSeconds(60), Duration.ofSeconds(60).dividedBy(due));
    return dueBy;
  }

  /** Schedules {@code count} tasks through db-scheduler's client, in batches. */
  private void scheduleDue(String prefix, int count, Instant first, Duration spacing) {
    OneTimeTask<DueStep> task =
        DueStepTask.create(
            instance -> {
              throw new IllegalStateException("Only scheduled from here");
            });
    try (AgroalDataSource dataSource =
        DbSchedulerWorker.pool(
            jdbcUrl + "?reWriteBatchedInserts=true",
            LocalPostgres.USER,
            LocalPostgres.PASSWORD,
            2)) {
      SchedulerClient client = SchedulerClient.Builder.create(dataSource, task).build();
      scheduleAll(client, task, prefix, count, first, spacing);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not open a pool on " + jdbcUrl, e);
    }
  }

  private static void scheduleAll(
      SchedulerClient client,
      OneTimeTask<DueStep> task,
      String prefix,
      int count,
      Instant first,
      Duration spacing) {
    List<SchedulableInstance<?>> batch = new ArrayList<>(SCHEDULE_BATCH);
    for (int i = 0; i < count; i++) {
      Instant dueAt = first.plus(spacing.multipliedBy(i));
      batch.add(
          SchedulableInstance.of(
              task.instance(prefix + "-" + i, DueStep.generated(prefix, i, dueAt)), dueAt));
      if (batch.size() == SCHEDULE_BATCH || i == count - 1) {
        client.scheduleBatch(batch);
        batch = new ArrayList<>(SCHEDULE_BATCH);
      }
    }
  }

  /** A {@link DbSchedulerWorker} process, with the JVM options the service is given. */
  private static final class Worker implements AutoCloseable {

    private final Process process;
    private final CompletableFuture<Instant> ready = new CompletableFuture<>();

    private Worker(Process process, Path log) {
      this.process = process;
      Thread copier =
          new Thread(
              () -> {
                try (BufferedReader out =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8));
                    PrintWriter file =
                        new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = out.readLine()) != null) {
                    if (line.equals(DbSchedulerWorker.READY)) {
                      ready.complete(Instant.now());
                    }
                    file.println(line);
                    file.flush();
                  }
                } catch (IOException e) {
                  ready.completeExceptionally(e);
                }
                ready.completeExceptionally(
                    new IllegalStateException("db-scheduler worker exited; see " + log));
              },
              "db-scheduler-worker-output");
      copier.setDaemon(true);
      copier.start();
    }

    static Worker start(
        String jdbcUrl,
        String bootstrapServers,
        String topic,
        int threads,
        int claimBatch,
        List<String> jvmOptions,
        Path log) {
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(jvmOptions);
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              DbSchedulerWorker.class.getName(),
              jdbcUrl,
              LocalPostgres.USER,
              LocalPostgres.PASSWORD,
              bootstrapServers,
              topic,
              Integer.toString(threads),
              Integer.toString(claimBatch)));
      try {
        Files.createDirectories(log.getParent());
        return new Worker(new ProcessBuilder(command).redirectErrorStream(true).start(), log);
      } catch (IOException e) {
        throw new IllegalStateException("Could not start the db-scheduler worker", e);
      }
    }

    Duration cpu() {
      return CpuTime.of(process.pid());
    }

    Instant awaitReady(Duration timeout) {
      try {
        return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("The db-scheduler worker did not start", e);
      }
    }

    @Override
    public void close() {
      try {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (IOException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
