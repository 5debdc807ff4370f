package dev.followup.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FiguresTest {

  @Test
  void printsEveryFigureOnItsOwnLine() {
    Figures figures = new Figures();
    figures.put("steps-fired-per-second", 1234.56);
    figures.put("fired-vs-db-scheduler-ratio", 0.456);
    figures.put("drain-100k-due-seconds", 81.04);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    figures.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(
        """

        steps-planned-per-second: n/a
        steps-fired-per-second: 1235
        db-scheduler-fired-per-second: n/a
        fired-vs-db-scheduler-ratio: 0.46
        lateness-p50-ms: n/a
        lateness-p99-ms: n/a
        lateness-max-ms: n/a
        early-fires: n/a
        drain-100k-due-seconds: 81.0
        """,
        printed.replace(System.lineSeparator(), "\n"));
  }

  @Test
  void knowsOnlyItsFigures() {
    assertThrows(IllegalArgumentException.class, () -> new Figures().put("speed", 1));
  }
}
