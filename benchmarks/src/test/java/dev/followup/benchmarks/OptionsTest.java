package dev.followup.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.followup.benchmarks.Options.Phase;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void defaultsAreTheFullRun() {
    Options options = Options.parse();

    assertEquals(30_000, options.interviews());
    assertEquals(50_000, options.planningWarmUp());
    assertEquals(1_000_000, options.pending());
    assertEquals(100_000, options.due());
    assertEquals(100_000, options.firingWarmUp());
    assertEquals(1_000, options.latenessRate());
    assertEquals(60, options.latenessSeconds());
    assertEquals(100, options.claimBatch());
    assertEquals(EnumSet.allOf(Phase.class), options.phases());
  }

  @Test
  void smallerSizesForAQuickRun() {
    Options options =
        Options.parse("--pending", "100_000", "--due", "10000", "--phases", "firing, db-scheduler");

    assertEquals(100_000, options.pending());
    assertEquals(10_000, options.due());
    assertEquals(Set.of(Phase.FIRING, Phase.DB_SCHEDULER), options.phases());
    assertTrue(options.runs(Phase.FIRING));
  }

  @Test
  void serviceSettingsPassThroughAndSetTheClaimBatch() {
    Options options = Options.parse("--service-config", "timers.batch-size=500");

    assertEquals(Map.of("timers.batch-size", "500"), options.serviceConfig());
    assertEquals(500, options.claimBatch());
    assertTrue(options.describe().contains("--service-config timers.batch-size=500"));
  }

  @Test
  void statementsArePrintedOnlyWhenAsked() {
    assertEquals(0, Options.parse().statements());
    Options options = Options.parse("--statements", "8");

    assertEquals(8, options.statements());
    assertTrue(options.describe().contains("--statements 8"));
  }

  @Test
  void theFiringWarmUpCanBeLeftOut() {
    Options options = Options.parse("--firing-warm-up", "0");

    assertEquals(0, options.firingWarmUp());
    assertTrue(options.describe().contains("--firing-warm-up 0"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--firing-warm-up", "-5"));
  }

  @Test
  void rejectsWhatItDoesNotKnow() {
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--due", "0"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--due"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--due", "many"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--speed", "1"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--phases", "warm-up"));
    assertThrows(IllegalArgumentException.class, () -> Options.parse("--statements", "-1"));
  }
}
