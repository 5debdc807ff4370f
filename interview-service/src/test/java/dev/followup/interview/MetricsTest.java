package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /q/metrics reports the service's work: what it did, what it published, what still waits. */
@QuarkusTest
class MetricsTest {

  private static final String COMPLETED = "followup_interviews_completed_total";
  private static final String PUBLISHED =
      "followup_events_published_total{type=\"dev.followup.interview.completed.v1\"}";
  private static final String PENDING = "followup_outbox_pending";

  @Test
  void completingAnInterviewMovesTheCountersOnceItsEventIsPublished() {
    String token = Fixtures.newCandidate();
    String interview = Fixtures.interview(token, Fixtures.opportunity(token, "Acme Corp"));
    double completedBefore = value(scrape(), COMPLETED).orElse(0);
    double publishedBefore = value(scrape(), PUBLISHED).orElse(0);

    as(token).post("/interviews/{id}/completion", interview).then().statusCode(200);
    // A retried completion changes nothing, and counts nothing.
    as(token).post("/interviews/{id}/completion", interview).then().statusCode(200);

    assertThat(value(scrape(), COMPLETED)).hasValue(completedBefore + 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(value(scrape(), PUBLISHED).orElse(0))
                    .as("events acknowledged by the broker")
                    .isGreaterThanOrEqualTo(publishedBefore + 1));
    // Counted every few seconds: once the relay caught up nothing is left waiting.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(value(scrape(), PENDING)).hasValue(0));
  }

  @Test
  void aCompletionThatFailsCountsNothing() {
    String token = Fixtures.newCandidate();
    String interview = Fixtures.interview(token, Fixtures.opportunity(token, "Acme Corp"));
    as(token).post("/interviews/{id}/cancellation", interview).then().statusCode(200);
    double before = value(scrape(), COMPLETED).orElse(0);

    as(token).post("/interviews/{id}/completion", interview).then().statusCode(409);

    assertThat(value(scrape(), COMPLETED).orElse(0)).isEqualTo(before);
  }

  @Test
  void theConnectionPoolAndTheKafkaProducerAreMeasured() {
    String metrics = scrape();

    assertThat(metrics)
        .contains("agroal_active_count")
        .contains("http_server_requests_seconds_count")
        .contains("http_server_requests_seconds_bucket{")
        .contains("kafka_producer_record_send_total")
        .contains("jvm_memory_used_bytes");
  }

  private static String scrape() {
    String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of("target/metrics-dump.txt"), body);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
    return body;
  }

  /**
   * The value of one time series (name with its labels, as written), if it is there. An exemplar
   * (the trace that last moved it, {@code # {span_id=...}}) may follow the value.
   */
  private static OptionalDouble value(String metrics, String series) {
    Matcher line =
        Pattern.compile("^" + Pattern.quote(series) + " (\\S+)(?: #.*)?$", Pattern.MULTILINE)
            .matcher(metrics);
    return line.find()
        ? OptionalDouble.of(Double.parseDouble(line.group(1)))
        : OptionalDouble.empty();
  }
}
