package dev.followup.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;

import dev.followup.infra.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Metrics, traces and health, observed from outside after real work. */
@QuarkusTest
class ObservabilityTest {

  static final String SENT = "dev.followup.notification.sent.v1";
  static final String FAILED = "dev.followup.notification.failed.v1";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  final FollowUpEvents events = FollowUpEvents.shared();

  @Test
  void deliveringMovesTheCounters() {
    Map<String, Double> before = scrape();
    String candidateId = "cand-" + UUID.randomUUID();
    // SMS first without a phone number: it fails for good, email takes over and is sent.
    ChannelRoutingTest.savePreferences(
        candidateId, "{\"channels\": {\"drafts\": [\"SMS\", \"EMAIL\"]}}");
    UUID stepId = UUID.randomUUID();
    String data = FollowUpEvents.thankYouDue(stepId, candidateId, candidateId + "@example.com");
    events.publish(candidateId, stepId + ":1", stepId.toString(), data);
    FollowUpDueDeliveryTest.awaitOneEmailTo(candidateId + "@example.com");
    // The same event again: a duplicate, nothing sent. And a record nobody can read.
    events.publish(candidateId, stepId + ":1", stepId.toString(), data);
    events.publish(
        candidateId, FollowUpEvents.cloudEventHeaders(UUID.randomUUID() + ":1", "x"), "not json");

    await()
        .atMost(FollowUpDueDeliveryTest.WAIT)
        .untilAsserted(
            () -> {
              Map<String, Double> after = scrape();
              assertThat(moved(before, after, "followup_deliveries_total", "email", "sent"))
                  .as("followup_deliveries_total, email, sent" + followup(after))
                  .isGreaterThanOrEqualTo(1);
              assertThat(moved(before, after, "followup_deliveries_total", "sms", "failed"))
                  .as("followup_deliveries_total, sms, failed" + followup(after))
                  .isGreaterThanOrEqualTo(1);
              assertThat(moved(before, after, "followup_deliveries_total", "sms", "fallback"))
                  .as("followup_deliveries_total, sms, fallback" + followup(after))
                  .isGreaterThanOrEqualTo(1);
              assertThat(moved(before, after, "followup_deliveries_total", "none", "duplicate"))
                  .as("followup_deliveries_total, none, duplicate" + followup(after))
                  .isGreaterThanOrEqualTo(1);
              assertThat(moved(before, after, "followup_delivery_duration_seconds_count", "email"))
                  .as("followup_delivery_duration_seconds_count, email" + followup(after))
                  .isGreaterThanOrEqualTo(1);
              assertThat(moved(before, after, "followup_events_published_total", SENT))
                  .isGreaterThanOrEqualTo(1);
              assertThat(moved(before, after, "followup_events_published_total", FAILED))
                  .isGreaterThanOrEqualTo(1);
              assertThat(
                      moved(
                          before,
                          after,
                          "followup_dead_letters_total",
                          "follow-ups-due.dlq",
                          "unreadable"))
                  .isGreaterThanOrEqualTo(1);
              assertThat(after).containsKey("followup_outbox_pending");
              assertThat(after.keySet())
                  .anyMatch(k -> k.startsWith("followup_delivery_duration_seconds_bucket{"));
            });
  }

  @Test
  void theTraceOfTheDueEventContinuesOntoTheNotificationEvents() {
    String traceId = randomHex(32);
    String traceParent = "00-" + traceId + "-" + randomHex(16) + "-01";
    String candidateId = "cand-" + UUID.randomUUID();
    // A failure, then the fallback delivery (a new row) that is sent: both keep the trace.
    ChannelRoutingTest.savePreferences(
        candidateId, "{\"channels\": {\"drafts\": [\"SMS\", \"EMAIL\"]}}");
    UUID stepId = UUID.randomUUID();
    Map<String, String> headers =
        new HashMap<>(FollowUpEvents.cloudEventHeaders(stepId + ":1", stepId.toString()));
    headers.put("traceparent", traceParent);
    events.publish(
        candidateId,
        headers,
        FollowUpEvents.thankYouDue(stepId, candidateId, candidateId + "@example.com"));

    List<ConsumerRecord<String, String>> records;
    try (TopicReader reader = new TopicReader(bootstrapServers, "notification-events")) {
      records =
          reader.awaitMatching(r -> candidateId.equals(r.key()), 2, FollowUpDueDeliveryTest.WAIT);
    }
    assertThat(records).hasSize(2);
    for (ConsumerRecord<String, String> record : records) {
      String continued = TopicReader.header(record, "traceparent");
      assertThat(continued)
          .as(TopicReader.header(record, "ce_type"))
          .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")
          .startsWith("00-" + traceId + "-")
          .isNotEqualTo(traceParent);
    }
  }

  @Test
  void readinessCoversTheDatabaseAndKafka() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", org.hamcrest.Matchers.equalTo("UP"))
        .body(
            "checks.name",
            hasItems(
                "Database connections health check",
                "Kafka connection health check",
                "SmallRye Reactive Messaging - readiness check"))
        .body(
            "checks.status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("UP")));
  }

  // --- helpers ---

  /** A sample line; with tracing on, an exemplar ({@code # {trace_id=...} ...}) may follow. */
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-z_]+)(\\{[^}]*\\})? ([-+0-9.eE]+|NaN)( # .*)?$");

  /** Every sample of /q/metrics, keyed by name and labels as exposed. */
  static Map<String, Double> scrape() {
    String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line.strip());
      if (m.matches() && !m.group(3).equals("NaN")) {
        samples.put(
            m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
      }
    }
    return samples;
  }

  private static String followup(Map<String, Double> samples) {
    return samples.entrySet().stream()
        .filter(e -> e.getKey().startsWith("followup_") && !e.getKey().contains("bucket"))
        .map(e -> e.getKey() + "=" + e.getValue())
        .sorted()
        .toList()
        .toString();
  }

  /** How much the samples of {@code name} whose labels hold all {@code values} rose. */
  static double moved(
      Map<String, Double> before, Map<String, Double> after, String name, String... values) {
    return sum(after, name, values) - sum(before, name, values);
  }

  private static double sum(Map<String, Double> samples, String name, String... values) {
    double total = 0;
    for (Map.Entry<String, Double> sample : samples.entrySet()) {
      String key = sample.getKey();
      if (!key.startsWith(name + "{")) {
        continue;
      }
      boolean all = true;
      for (String value : values) {
        all &= key.contains("=\"" + value + "\"");
      }
      if (all) {
        total += sample.getValue();
      }
    }
    return total;
  }

  private static String randomHex(int length) {
    StringBuilder hex = new StringBuilder();
    while (hex.length() < length) {
      hex.append(UUID.randomUUID().toString().replace("-", ""));
    }
    return hex.substring(0, length);
  }
}
