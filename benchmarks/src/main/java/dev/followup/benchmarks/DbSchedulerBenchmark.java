package dev.followup.benchmarks;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
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

  /** Returns the due tasks fired per second. */
  double run(int pending, int due, int threads, int claimBatch) {
    try (Database db = new Database(jdbcUrl);
        TopicCounter published = new TopicCounter(bootstrapServers, topic)) {
      db.execute(DueStepTask.TABLE_DDL);
      db.execute("truncate scheduled_tasks");
      Instant loadStart = Instant.now();
      Instant dueBy = schedule(pending, due);
      db.execute("analyze scheduled_tasks");
      figures.note(
          "db-scheduler: %,d future and %,d due tasks scheduled in batches of %,d in %.1f s",
          pending, due, SCHEDULE_BATCH, Await.seconds(loadStart, Instant.now()));

      DbActivity activityBefore = DbActivity.read(db);
      try (Worker worker =
          Worker.start(jdbcUrl, bootstrapServers, topic, threads, claimBatch, jvmOptions, log)) {
        Instant ready = worker.awaitReady(Duration.ofSeconds(120));
        Duration workerCpuAtReady = worker.cpu();
        Duration brokerCpuAtReady = CpuTime.ofThisProcess();
        long databaseServer = db.serverPid();
        Duration databaseCpuAtReady = CpuTime.ofTree(databaseServer);
        long atReady = published.count();
        Instant done =
            Await.until(
                "db-scheduler to fire the due tasks",
                () ->
                    published.count() >= due
                        && db.number(
                                "select count(*) from scheduled_tasks where execution_time <= ?",
                                dueBy)
                            == 0,
                Duration.ofMillis(100),
                Duration.ofMinutes(12));
        Duration workerCpuAtDone = worker.cpu();
        Duration brokerCpuAtDone = CpuTime.ofThisProcess();
        Duration databaseCpuAtDone = CpuTime.ofTree(databaseServer);
        double seconds = Await.seconds(ready, done);
        figures.note(
            "db-scheduler: %d threads, lock-and-fetch of up to %d, 1 s poll: %,d due tasks fired"
                + " in %.1f s (%,d already on the topic when it reported ready; %,d on the topic"
                + " in all)",
            threads, Math.max(threads, claimBatch), due, seconds, atReady, published.count());
        figures.note(
            "db-scheduler: database work %s",
            DbActivity.read(db).perUnitSince(activityBefore, due, "fired task"));
        figures.note(
            "db-scheduler: CPU from ready to done: its process %s; the benchmark's JVM (broker"
                + " and consumer) %s; PostgreSQL %s",
            CpuTime.describe(workerCpuAtReady, workerCpuAtDone, due, "fired task"),
            CpuTime.describe(brokerCpuAtReady, brokerCpuAtDone, due, "fired task"),
            CpuTime.describe(databaseCpuAtReady, databaseCpuAtDone, due, "fired task"));
        return due / seconds;
      }
    }
  }

  /** Schedules the tasks and returns the instant by which the due ones are all due. */
  private Instant schedule(int pending, int due) {
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
      Instant future = Instant.now().plus(Duration.ofDays(7));
      Duration futureSpacing = Duration.ofDays(30).dividedBy(Math.max(1, pending));
      scheduleAll(client, task, StepTable.RULE_BACKLOG, pending, future, futureSpacing);
      Instant dueBy = Instant.now();
      scheduleAll(
          client,
          task,
          StepTable.RULE_DUE,
          due,
          dueBy.minusSeconds(60),
          Duration.ofSeconds(60).dividedBy(due));
      return dueBy;
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
