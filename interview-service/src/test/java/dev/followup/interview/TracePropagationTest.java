package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.infra.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The trace of the request that completes an interview continues on the event the outbox relay
 * sends later, from its own thread: the record's W3C traceparent header carries the request's trace
 * id.
 */
@QuarkusTest
class TracePropagationTest {

  private static final String TRACEPARENT = "traceparent";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void theEventOfACompletionContinuesTheTraceOfItsRequest() {
    String token = Fixtures.newCandidate();
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    String interview = Fixtures.interview(token, opportunity);
    String traceId = randomHex(16);
    String callerSpanId = randomHex(8);

    as(token)
        .header(TRACEPARENT, "00-" + traceId + "-" + callerSpanId + "-01")
        .post("/interviews/{id}/completion", interview)
        .then()
        .statusCode(200);

    try (TopicReader reader = new TopicReader(bootstrapServers, "interview-events")) {
      List<ConsumerRecord<String, String>> events =
          reader.awaitMatching(
              r ->
                  opportunity.equals(r.key())
                      && "dev.followup.interview.completed.v1"
                          .equals(TopicReader.header(r, "ce_type")),
              1,
              Duration.ofSeconds(20));
      assertThat(events).hasSize(1);
      String header = TopicReader.header(events.get(0), TRACEPARENT);
      assertThat(header).as("traceparent of the relayed record").isNotNull();
      String[] parts = header.split("-");
      assertThat(parts).hasSize(4);
      assertThat(parts[1]).as("trace id").isEqualTo(traceId);
      // A span of this service (the producer's), not the caller's own span.
      assertThat(parts[2]).as("parent span id").isNotEqualTo(callerSpanId).hasSize(16);
      assertThat(parts[3]).as("sampled, as the caller asked").isEqualTo("01");
    }
  }

  @Test
  void eventsWrittenOutsideAnyTraceStartATraceOfTheirOwn() {
    String token = Fixtures.newCandidate();
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    String first = Fixtures.interview(token, opportunity);
    String second = Fixtures.interview(token, opportunity);
    String traceId = randomHex(16);

    as(token)
        .header(TRACEPARENT, "00-" + traceId + "-" + randomHex(8) + "-01")
        .post("/interviews/{id}/cancellation", first)
        .then()
        .statusCode(200);
    as(token).post("/interviews/{id}/cancellation", second).then().statusCode(200);

    try (TopicReader reader = new TopicReader(bootstrapServers, "interview-events")) {
      List<ConsumerRecord<String, String>> events =
          reader.awaitMatching(
              r ->
                  opportunity.equals(r.key())
                      && "dev.followup.interview.cancelled.v1"
                          .equals(TopicReader.header(r, "ce_type")),
              2,
              Duration.ofSeconds(20));
      assertThat(events).hasSize(2);
      String traced = traceIdOf(events, first);
      String untraced = traceIdOf(events, second);
      assertThat(traced).isEqualTo(traceId);
      // The second request came without a traceparent: it started its own trace, and its event
      // continues that one, not the first request's.
      assertThat(untraced).isNotNull().isNotEqualTo(traceId);
    }
  }

  private static String traceIdOf(List<ConsumerRecord<String, String>> events, String subject) {
    return events.stream()
        .filter(r -> subject.equals(TopicReader.header(r, "ce_subject")))
        .map(r -> TopicReader.header(r, TRACEPARENT))
        .map(header -> header == null ? null : header.split("-")[1])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no event about " + subject));
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(random);
    random[0] |= 1; // never all zeros: an all-zero id is invalid
    return HexFormat.of().formatHex(random);
  }
}
