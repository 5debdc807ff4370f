package dev.followup.schedule.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlanEventBatchTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void aTransactionsEventsShareARowPerKeyAndTraceInTheOrderAppended() {
    PlanEventOutbox.Appended appended = new PlanEventOutbox.Appended();
    appended
        .add("opportunity-1", "trace-a", NOW)
        .add(UUID.randomUUID(), "s", "step-1", "{\"n\":1}");
    appended
        .add("opportunity-2", "trace-a", NOW)
        .add(UUID.randomUUID(), "s", "step-2", "{\"n\":2}");
    appended
        .add("opportunity-1", "trace-a", NOW)
        .add(UUID.randomUUID(), "s", "step-3", "{\"n\":3}");
    // The same key in another trace starts a row; back in the first trace, yet another, so that
    // the key's events keep their order across its rows.
    appended
        .add("opportunity-1", "trace-b", NOW)
        .add(UUID.randomUUID(), "c", "step-1", "{\"n\":4}");
    appended
        .add("opportunity-1", "trace-a", NOW)
        .add(UUID.randomUUID(), "s", "step-4", "{\"n\":5}");

    assertThat(appended.rows)
        .extracting(row -> row.recordKey + "/" + row.traceParent + " " + row.subjects())
        .containsExactly(
            "opportunity-1/trace-a [step-1, step-3]",
            "opportunity-2/trace-a [step-2]",
            "opportunity-1/trace-b [step-1]",
            "opportunity-1/trace-a [step-4]");
    assertThat(appended.rows.get(0).payloads()).isEqualTo("{\"n\":1}\n{\"n\":3}");
  }

  @Test
  void aStoredRowGivesBackItsEventsInOrder() {
    PlanEventBatch batch = new PlanEventBatch("opportunity-1", null, NOW);
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    batch.add(first, "scheduled", "step-1", "{\"note\":\"a \\\"quoted\\\" line\\nand another\"}");
    batch.add(second, "cancelled", null, "{}");

    List<PlanEvent> events =
        PlanEventBatch.events(
            batch.recordKey,
            new UUID[] {first, second},
            batch.types().toArray(String[]::new),
            batch.subjects().toArray(String[]::new),
            batch.payloads(),
            batch.traceParent);

    assertThat(events)
        .containsExactly(
            new PlanEvent(
                first,
                "opportunity-1",
                "scheduled",
                "step-1",
                "{\"note\":\"a \\\"quoted\\\" line\\nand another\"}",
                null),
            new PlanEvent(second, "opportunity-1", "cancelled", null, "{}", null));
  }

  @Test
  void dataOnMoreThanOneLineIsRefused() {
    PlanEventBatch batch = new PlanEventBatch("opportunity-1", null, NOW);

    assertThatThrownBy(() -> batch.add(UUID.randomUUID(), "scheduled", "step-1", "{\n}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(batch.ids()).isEmpty();
  }

  @Test
  void aRowWhoseArraysDisagreeIsAnError() {
    assertThatThrownBy(
            () ->
                PlanEventBatch.events(
                    "opportunity-1",
                    new UUID[] {UUID.randomUUID()},
                    new String[] {"scheduled"},
                    new String[] {"step-1"},
                    "{}\n{}",
                    null))
        .isInstanceOf(IllegalStateException.class);
  }
}
