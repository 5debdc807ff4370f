package dev.followup.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of a run, printed one per line as {@code name: value}, and notes about them. */
final class Figures {

  static final List<String> NAMES =
      List.of(
          "steps-planned-per-second",
          "steps-fired-per-second",
          "db-scheduler-fired-per-second",
          "fired-vs-db-scheduler-ratio",
          "lateness-p50-ms",
          "lateness-p99-ms",
          "lateness-max-ms",
          "early-fires",
          "drain-100k-due-seconds");

  private final Map<String, Double> values = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  void put(String name, double value) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("Not a figure: " + name);
    }
    values.put(name, value);
  }

  Double get(String name) {
    return values.get(name);
  }

  /** A line of context, printed (and kept) before the figures. */
  void note(String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    notes.add(line);
    System.out.println("# " + line);
    System.out.flush();
  }

  void print(PrintStream out) {
    out.println();
    for (String name : NAMES) {
      out.println(name + ": " + format(name, values.get(name)));
    }
    out.flush();
  }

  static String format(String name, Double value) {
    if (value == null) {
      return "n/a";
    }
    if (name.endsWith("-ratio")) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    if (name.endsWith("-seconds")) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.0f", value);
  }
}
