package dev.followup.infra;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time used by a process, as the operating system counts it. On a machine shared with other
 * work the wall-clock rates vary with the load; the CPU a process spends per fired step varies far
 * less, so it is what tells two versions of the code apart there. Used by the benchmarks.
 */
public final class CpuTime {

  private CpuTime() {}

  /** CPU time (user and system, all threads) used so far by the process, zero if unknown. */
  public static Duration of(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(process -> process.info().totalCpuDuration())
        .orElse(Duration.ZERO);
  }

  /**
   * CPU time used so far by a process and its live children: a PostgreSQL server and its backends.
   * Children that ended are not counted.
   */
  public static Duration ofTree(long pid) {
    return ProcessHandle.of(pid)
        .map(
            root ->
                root.descendants()
                    .map(child -> child.info().totalCpuDuration().orElse(Duration.ZERO))
                    .reduce(of(pid), Duration::plus))
        .orElse(Duration.ZERO);
  }

  /** CPU time used so far by this JVM: the benchmark itself and the in-JVM Kafka broker. */
  public static Duration ofThisProcess() {
    return of(ProcessHandle.current().pid());
  }

  /** "12.3 s of CPU, 0.41 ms per step" for the CPU used between two readings. */
  public static String describe(Duration before, Duration after, long units, String unit) {
    Duration used = after.minus(before);
    return String.format(
        "%.1f s of CPU, %.3f ms per %s",
        used.toMillis() / 1000.0, (double) used.toMillis() / units, unit);
  }

  /**
   * CPU time used so far by each live thread of the process, by thread id, with the thread's name;
   * empty where the operating system does not tell (Linux tells, in {@code /proc}, in ticks of 10
   * ms).
   */
  public static Map<Long, ThreadCpu> threadsOf(long pid) {
    Map<Long, ThreadCpu> threads = new HashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (DirectoryStream<Path> ids = Files.newDirectoryStream(tasks)) {
      for (Path task : ids) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          // After the name: state is field 3 of the line, utime and stime fields 14 and 15.
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          threads.put(
              Long.parseLong(task.getFileName().toString()),
              new ThreadCpu(name, Duration.ofMillis(ticks * 10)));
        } catch (IOException | RuntimeException e) {
          // The thread ended meanwhile.
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return threads;
  }

  /** A thread's name (as the operating system has it) and the CPU time it used so far. */
  public record ThreadCpu(String name, Duration used) {

    /** The JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"). */
    public boolean compiler() {
      return name.contains("CompilerThre");
    }
  }

  /**
   * The CPU the JIT compiler threads and the other threads used between two readings of {@link
   * #threadsOf}: "JIT compilers 12.3 s, other threads 20.1 s, 0.345 ms per event". Threads that
   * ended in between are left out, threads started in between counted from zero.
   */
  public static String describeByThread(
      Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after, long units, String unit) {
    Duration compilers = Duration.ZERO;
    Duration others = Duration.ZERO;
    for (Map.Entry<Long, ThreadCpu> thread : after.entrySet()) {
      ThreadCpu then = before.get(thread.getKey());
      Duration used = thread.getValue().used().minus(then == null ? Duration.ZERO : then.used());
      if (thread.getValue().compiler()) {
        compilers = compilers.plus(used);
      } else {
        others = others.plus(used);
      }
    }
    return String.format(
        "JIT compiler threads %.1f s; other threads %.1f s, %.3f ms per %s",
        compilers.toMillis() / 1000.0,
        others.toMillis() / 1000.0,
        (double) others.toMillis() / units,
        unit);
  }
}
