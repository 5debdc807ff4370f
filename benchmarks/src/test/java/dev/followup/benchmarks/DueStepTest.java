package dev.followup.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DueStepTest {

  private static final Instant DUE = Instant.parse("2026-03-02T15:00:00Z");

  @Test
  void threeStepsPerInterviewOnePerInterviewer() {
    DueStep first = DueStep.generated("due", 3, DUE);
    DueStep second = DueStep.generated("due", 4, DUE);

    assertEquals(first.interviewId(), second.interviewId());
    assertEquals("interviewer-0", first.recipientId());
    assertEquals("interviewer-1", second.recipientId());
    assertEquals("candidate-1", first.candidateId());
  }

  @Test
  void followUpDueDataHasTheServicesFields() {
    String json = DueStep.generated("due", 0, DUE).followUpDueJson();

    assertTrue(json.startsWith("{\"stepId\":\""), json);
    assertTrue(json.contains("\"dueAt\":\"2026-03-02T15:00:00Z\""), json);
    assertTrue(json.contains("\"interviewEndedAt\":\"2026-03-01T09:00-06:00\""), json);
    assertTrue(json.contains("\"topics\":[\"the billing migration\",\"on-call culture\"]}}"), json);
  }

  @Test
  void stringsAreEscaped() {
    assertEquals(
        "\"say \\\"hi\\\"\\n\\\\ \\u0001\"",
        DueStep.string(new StringBuilder(), "say \"hi\"\n\\ \u0001").toString());
  }

  @Test
  void isSerializableAsTaskData() throws IOException {
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(DueStep.generated("due", 0, DUE));
    }
  }
}
