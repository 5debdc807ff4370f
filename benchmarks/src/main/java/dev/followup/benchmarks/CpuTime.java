package dev.followup.benchmarks;

import java.time.Duration;

/**
 * CPU time used by a process, as the operating system counts it. On a machine shared with other
 * work the wall-clock rates vary with the load; the CPU a process spends per fired step varies far
 * less, so it is what tells two versions of the code apart there.
 */
final class CpuTime {

  private CpuTime() {}

  /** CPU time (user and system, all threads) used so far by the process, zero if unknown. */
  static Duration of(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(process -> process.info().totalCpuDuration())
        .orElse(Duration.ZERO);
  }

  /** CPU time used so far by this JVM: the benchmark itself and the in-JVM Kafka broker. */
  static Duration ofThisProcess() {
    return of(ProcessHandle.current().pid());
  }

  /** "12.3 s of CPU, 0.41 ms per step" for the CPU used between two readings. */
  static String describe(Duration before, Duration after, long units, String unit) {
    Duration used = after.minus(before);
    return String.format(
        "%.1f s of CPU, %.3f ms per %s",
        used.toMillis() / 1000.0, (double) used.toMillis() / units, unit);
  }
}
