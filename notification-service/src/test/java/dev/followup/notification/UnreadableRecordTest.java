package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.infra.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A record that can never be processed lands on the dead-letter topic with its reason, and the
 * records behind it on the same partition are still delivered.
 */
@QuarkusTest
class UnreadableRecordTest {

  static final String DEAD_LETTER_TOPIC = "follow-ups-due.dlq";

  /** Ways a record can break the contract. */
  enum Breakage {
    NOT_JSON(headers -> headers, data -> "{not json", "not valid JSON"),
    NO_CLOUD_EVENT_ID(without("ce_id"), data -> data, "missing header(s) ce_id"),
    UNKNOWN_TYPE(
        with("ce_type", "dev.followup.schedule.follow-up-due.v9"),
        data -> data,
        "Unexpected CloudEvent type"),
    MISSING_REQUIRED_FIELD(
        headers -> headers, data -> data.replace("\"rule\": \"thank-you-same-day\",", ""), "rule"),
    NOT_A_CLOUD_EVENT(
        headers -> Map.of(),
        data -> data,
        "missing header(s) ce_specversion, ce_id, ce_source, ce_type"),
    NO_CLOUD_EVENT_SOURCE(without("ce_source"), data -> data, "missing header(s) ce_source"),
    OTHER_SPEC_VERSION(with("ce_specversion", "0.3"), data -> data, "spec version '0.3'");

    final UnaryOperator<Map<String, String>> headers;
    final UnaryOperator<String> data;
    final String reason;

    Breakage(
        UnaryOperator<Map<String, String>> headers, UnaryOperator<String> data, String reason) {
      this.headers = headers;
      this.data = data;
      this.reason = reason;
    }

    static UnaryOperator<Map<String, String>> without(String header) {
      return headers -> {
        Map<String, String> copy = new HashMap<>(headers);
        copy.remove(header);
        return copy;
      };
    }

    static UnaryOperator<Map<String, String>> with(String header, String value) {
      return headers -> {
        Map<String, String> copy = new HashMap<>(headers);
        copy.put(header, value);
        return copy;
      };
    }
  }

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  final FollowUpEvents events = FollowUpEvents.shared();

  @ParameterizedTest
  @EnumSource(Breakage.class)
  void isDeadLetteredAndTheNextRecordIsDelivered(Breakage breakage) {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";

    UUID badStep = UUID.randomUUID();
    String badData = FollowUpEvents.thankYouDue(badStep, candidateId, address);
    Map<String, String> badHeaders =
        FollowUpEvents.cloudEventHeaders(badStep.toString(), badStep.toString());
    events.publish(candidateId, breakage.headers.apply(badHeaders), breakage.data.apply(badData));

    publishThankYou(candidateId, candidateId, address);

    assertDeadLettered(candidateId, breakage.data.apply(badData), breakage.reason);
    FollowUpDueDeliveryTest.awaitOneEmailTo(address);
  }

  /**
   * A record that reads well but that the database refuses (an event id longer than the
   * deduplication key may be) fails the transaction of its whole poll: the poll is then taken in
   * record by record, so that only that record is dead-lettered and the ones around it are
   * delivered.
   */
  @Test
  void aRecordTheDatabaseRefusesIsDeadLetteredAloneAndTheRestOfItsPollIsDelivered() {
    String candidateId = "cand-" + UUID.randomUUID();
    String before = candidateId + "-before@example.com";
    String after = candidateId + "-after@example.com";

    publishThankYou(candidateId, candidateId, before);
    UUID badStep = UUID.randomUUID();
    String badData = FollowUpEvents.thankYouDue(badStep, candidateId, candidateId + "@example.com");
    String tooLongId = badStep + "-" + "x".repeat(300);
    events.publish(candidateId, tooLongId, badStep.toString(), badData);
    publishThankYou(candidateId, candidateId, after);

    assertDeadLettered(candidateId, badData, "value too long");
    FollowUpDueDeliveryTest.awaitOneEmailTo(before);
    FollowUpDueDeliveryTest.awaitOneEmailTo(after);
  }

  /**
   * An attribute this service does not use is not read, so a malformed one neither loses the event
   * nor stops the records behind it. (With the connector's own CloudEvent parsing, a malformed
   * {@code ce_time} failed the whole channel.)
   */
  @Test
  void aMalformedOptionalAttributeStopsNothing() {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    UUID step = UUID.randomUUID();
    Map<String, String> headers =
        new HashMap<>(FollowUpEvents.cloudEventHeaders(step.toString(), step.toString()));
    headers.put("ce_time", "yesterday afternoon");
    headers.put("ce_dataschema", "not a uri");
    events.publish(candidateId, headers, FollowUpEvents.thankYouDue(step, candidateId, address));

    String otherCandidate = "cand-" + UUID.randomUUID();
    String otherAddress = otherCandidate + "@example.com";
    publishThankYou(candidateId, otherCandidate, otherAddress);

    FollowUpDueDeliveryTest.awaitOneEmailTo(address);
    FollowUpDueDeliveryTest.awaitOneEmailTo(otherAddress);
  }

  /** The one record of this candidate on the dead-letter topic: its data and why it is there. */
  private void assertDeadLettered(String candidateId, String data, String reason) {
    try (TopicReader deadLetters = new TopicReader(bootstrapServers, DEAD_LETTER_TOPIC)) {
      List<ConsumerRecord<String, String>> dead =
          deadLetters.awaitMatching(
              r -> candidateId.equals(r.key()), 1, FollowUpDueDeliveryTest.WAIT);
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).value()).isEqualTo(data);
      assertThat(TopicReader.header(dead.get(0), "dead-letter-reason")).contains(reason);
    }
  }

  /** A well-formed FollowUpDue for a thank-you to {@code address}, keyed by {@code key}. */
  private void publishThankYou(String key, String candidateId, String address) {
    UUID step = UUID.randomUUID();
    events.publish(
        key,
        step.toString(),
        step.toString(),
        FollowUpEvents.thankYouDue(step, candidateId, address));
  }
}
