package dev.followup.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sizes and settings of one run, from the command line. Every option has a default: the full run.
 *
 * @param interviews InterviewCompleted events in the planning backlog that the figure is taken from
 * @param planningWarmUp events planned first, in the same backlog, and left out of the figure
 * @param pending steps due far in the future, present while the due ones fire
 * @param due steps falling due at once: the backlog whose drain is measured
 * @param firingWarmUp steps already due when the service (or db-scheduler) starts, fired before the
 *     measured backlog falls due and left out of the figure
 * @param latenessRate steps falling due per second in the steady-load phase
 * @param latenessSeconds how long the steady load lasts
 * @param dbSchedulerThreads execution threads of db-scheduler
 * @param claimBatch how many due executions db-scheduler locks per poll (the service's batch size)
 * @param serviceConfig extra {@code -D} settings of the schedule-service, e.g. timers.batch-size
 * @param statements how many of the statements that took the database most time to print per phase
 *     (from {@code pg_stat_statements}, loaded into the server only then); 0 for none
 * @param jvmOptions JVM options of the schedule-service and of the db-scheduler process alike
 * @param phases the phases to run
 * @param root the repository's root directory
 */
record Options(
    int interviews,
    int planningWarmUp,
    int pending,
    int due,
    int firingWarmUp,
    int latenessRate,
    int latenessSeconds,
    int dbSchedulerThreads,
    int claimBatch,
    Map<String, String> serviceConfig,
    int statements,
    List<String> jvmOptions,
    Set<Phase> phases,
    Path root) {

  /** The parts of a run; each can be run alone. */
  enum Phase {
    PLANNING("planning"),
    FIRING("firing"),
    LATENESS("lateness"),
    DB_SCHEDULER("db-scheduler");

    final String label;

    Phase(String label) {
      this.label = label;
    }

    static Phase of(String label) {
      return Arrays.stream(values())
          .filter(phase -> phase.label.equals(label))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("Unknown phase: " + label));
    }
  }

  /**
   * Production-like JVM options: both compilers (the server compiler does most of the work of a
   * long-running service) and a fixed heap of 1 GiB, large enough that collections stay rare.
   */
  static final String PRODUCTION_JVM = "-Xms1g -Xmx1g";

  static final String USAGE =
      """
      Usage: run.sh [options]
        --interviews N           InterviewCompleted events in the planning backlog that the
                                 figure is taken from (30000)
        --planning-warm-up N     events planned first, left out of the figure, while the
                                 service's JIT compilers are busiest (50000; 0 for none)
        --pending N              steps due far in the future (1000000)
        --due N                  steps falling due at once, whose drain is measured (100000)
        --firing-warm-up N       steps due when the service (and db-scheduler) starts, fired
                                 first and left out of the figure (100000; 0: the backlog is
                                 due at the start, and measured from a cold start)
        --rate N                 steps falling due per second in the steady load (1000)
        --seconds N              length of the steady load in seconds (60)
        --db-scheduler-threads N execution threads of db-scheduler (100: as many publishes in
                                 flight as one of the service's claim loops keeps with its
                                 batch of 100; its fastest setting here, 200 was slower)
        --service-config k=v     a -D setting of the schedule-service, repeatable
                                 (e.g. timers.batch-size=500)
        --statements N           print the N statements that took the database most time in
                                 each phase, from pg_stat_statements (0: none, the server runs
                                 without it)
        --jvm "OPTIONS"          JVM options of the service and of db-scheduler alike
                                 ("-Xms1g -Xmx1g"; the tests' "-Xmx256m -XX:TieredStopAtLevel=1"
                                 starts faster and runs slower)
        --phases a,b             among planning, firing, lateness, db-scheduler (all)
        --root DIR               the repository's root directory (.)
      """;

  static Options parse(String... args) {
    int interviews = 30_000;
    int planningWarmUp = 50_000;
    int pending = 1_000_000;
    int due = 100_000;
    int firingWarmUp = 100_000;
    int rate = 1_000;
    int seconds = 60;
    int threads = 100;
    Map<String, String> serviceConfig = new LinkedHashMap<>();
    int statements = 0;
    String jvm = PRODUCTION_JVM;
    Set<Phase> phases = EnumSet.allOf(Phase.class);
    Path root = Path.of(".");
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--help") || name.equals("-h")) {
        throw new IllegalArgumentException("");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      String value = args[++i];
      switch (name) {
        case "--interviews" -> interviews = count(name, value, 1);
        case "--planning-warm-up" -> planningWarmUp = count(name, value, 0);
        case "--pending" -> pending = count(name, value, 0);
        case "--due" -> due = count(name, value, 1);
        case "--firing-warm-up" -> firingWarmUp = count(name, value, 0);
        case "--rate" -> rate = count(name, value, 1);
        case "--seconds" -> seconds = count(name, value, 1);
        case "--db-scheduler-threads" -> threads = count(name, value, 1);
        case "--service-config" -> {
          int equals = value.indexOf('=');
          if (equals <= 0) {
            throw new IllegalArgumentException(name + " takes key=value, not " + value);
          }
          serviceConfig.put(value.substring(0, equals), value.substring(equals + 1));
        }
        case "--statements" -> statements = count(name, value, 0);
        case "--jvm" -> jvm = value;
        case "--phases" -> {
          phases = EnumSet.noneOf(Phase.class);
          for (String label : value.split(",")) {
            phases.add(Phase.of(label.strip()));
          }
        }
        case "--root" -> root = Path.of(value);
        default -> throw new IllegalArgumentException("Unknown option: " + name);
      }
    }
    int claimBatch = Integer.parseInt(serviceConfig.getOrDefault("timers.batch-size", "100"));
    return new Options(
        interviews,
        planningWarmUp,
        pending,
        due,
        firingWarmUp,
        rate,
        seconds,
        threads,
        claimBatch,
        Map.copyOf(serviceConfig),
        statements,
        List.of(jvm.strip().split("\\s+")),
        Set.copyOf(phases),
        root.toAbsolutePath().normalize());
  }

  /** The options as they would be given on the command line. */
  String describe() {
    StringBuilder line =
        new StringBuilder()
            .append("--interviews ")
            .append(interviews)
            .append(" --planning-warm-up ")
            .append(planningWarmUp)
            .append(" --pending ")
            .append(pending)
            .append(" --due ")
            .append(due)
            .append(" --firing-warm-up ")
            .append(firingWarmUp)
            .append(" --rate ")
            .append(latenessRate)
            .append(" --seconds ")
            .append(latenessSeconds)
            .append(" --db-scheduler-threads ")
            .append(dbSchedulerThreads);
    serviceConfig.forEach(
        (key, value) -> line.append(" --service-config ").append(key).append('=').append(value));
    if (statements > 0) {
      line.append(" --statements ").append(statements);
    }
    line.append(" --jvm \"").append(String.join(" ", jvmOptions)).append('"');
    line.append(" --phases ")
        .append(
            Arrays.stream(Phase.values())
                .filter(phases::contains)
                .map(phase -> phase.label)
                .collect(java.util.stream.Collectors.joining(",")));
    return line.toString();
  }

  boolean runs(Phase phase) {
    return phases.contains(phase);
  }

  private static int count(String name, String value, int min) {
    int parsed;
    try {
      parsed = Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes a number, not " + value, e);
    }
    if (parsed < min) {
      throw new IllegalArgumentException(name + " must be at least " + min);
    }
    return parsed;
  }
}
