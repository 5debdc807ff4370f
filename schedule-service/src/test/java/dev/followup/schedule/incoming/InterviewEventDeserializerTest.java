package dev.followup.schedule.incoming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.schedule.TestData;
import dev.followup.schedule.application.events.ChangeEvents;
import dev.followup.schedule.application.events.InterviewCompleted;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events are read and checked on the polling thread: what the consumer gets for a good event, a bad
 * one and one of a type it does not act on, and what the dead-letter topic gets back.
 */
@QuarkusTest
class InterviewEventDeserializerTest {

  @Inject ObjectMapper objectMapper;
  @Inject ValidatorFactory validatorFactory;

  private InterviewEventDeserializer deserializer;

  @BeforeEach
  void setUp() {
    deserializer =
        new InterviewEventDeserializer(
            objectMapper, InterviewEventDeserializer.forPlainRecords(validatorFactory));
  }

  @Test
  void readsAndChecksAKnownEvent() {
    String interviewId = UUID.randomUUID().toString();
    String json = TestData.interviewCompletedJson(interviewId, "cand-1");

    ReadEvent read = read(headers(InterviewCompleted.TYPE), json);

    assertThat(read.invalid()).isNull();
    assertThat(read.event().id()).isEqualTo("event-1");
    assertThat(read.data(InterviewCompleted.class).interviewId()).isEqualTo(interviewId);
    assertThat(read.text()).isEqualTo(json);
  }

  @Test
  void saysWhyAnEventCannotBeRead() {
    ReadEvent unreadable = read(headers(InterviewCompleted.TYPE), "{\"interviewId\": ");
    assertThat(unreadable.invalid()).hasMessageStartingWith("Unreadable InterviewCompleted");

    ReadEvent incomplete = read(headers(ChangeEvents.OutcomeRecorded.TYPE), "{}");
    assertThat(incomplete.invalid()).hasMessageStartingWith("Invalid OutcomeRecorded: ");
    assertThat(incomplete.data()).isNull();

    ReadEvent empty = read(headers(InterviewCompleted.TYPE), null);
    assertThat(empty.invalid()).hasMessage("Empty InterviewCompleted");

    RecordHeaders noCloudEvent = new RecordHeaders();
    ReadEvent notACloudEvent = read(noCloudEvent, "{}");
    assertThat(notACloudEvent.invalid()).hasMessageStartingWith("Not a CloudEvent");
    assertThat(notACloudEvent.event()).isNull();
  }

  @Test
  void checksWhatTheEventHoldsAsWellAsTheEventItself() {
    String json =
        TestData.interviewCompletedJson(UUID.randomUUID().toString(), "cand-1")
            .replace("\"name\": \"Ari Cohen\"", "\"name\": \" \"")
            .replace("\"email\": \"sam@example.com\"", "\"email\": \"\"");

    ReadEvent read = read(headers(InterviewCompleted.TYPE), json);

    assertThat(read.invalid())
        .hasMessageStartingWith("Invalid InterviewCompleted: ")
        .hasMessageContaining("interviewers[1].name")
        .hasMessageContaining("candidate.email");
  }

  @Test
  void leavesOtherTypesUnread() {
    ReadEvent other = read(headers("dev.followup.interview.notes-added.v9"), "not even JSON");

    assertThat(other.invalid()).isNull();
    assertThat(other.data()).isNull();
    assertThat(other.event().type()).isEqualTo("dev.followup.interview.notes-added.v9");
  }

  @Test
  void theDeadLetterTopicGetsTheValueAsReceived() {
    String value = "{\"interviewId\": \"é\", ";
    ReadEvent unreadable = read(headers(InterviewCompleted.TYPE), value);

    try (ReadEventSerializer serializer = new ReadEventSerializer()) {
      assertThat(serializer.serialize("interview-events.dlq", unreadable))
          .isEqualTo(value.getBytes(StandardCharsets.UTF_8));
      assertThat(serializer.serialize("interview-events.dlq", read(headers("x"), null))).isNull();
    }
  }

  private ReadEvent read(RecordHeaders headers, String value) {
    return deserializer.deserialize(
        "interview-events", headers, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static RecordHeaders headers(String type) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_id", "event-1".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_source", "/interviews".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_type", type.getBytes(StandardCharsets.UTF_8));
    return headers;
  }
}
