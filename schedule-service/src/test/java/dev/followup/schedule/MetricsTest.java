package dev.followup.schedule;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.followup.infra.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The counters operators watch move with real work: an interview completed on the broker is
 * planned, its thank-yous fire, the candidate snoozes a step, an outcome cancels the rest, an
 * unreadable record is dead-lettered; all read from {@code /q/metrics} as Prometheus scrapes it.
 */
@QuarkusTest
class MetricsTest {

  private static final String THANK_YOU = "kind=\"THANK_YOU_EMAIL\"";

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void countersMoveWithPlanningFiringChangesAndDeadLetters() {
    String before = scrape();
    String candidateId = "cand-" + UUID.randomUUID();
    String interviewId = UUID.randomUUID().toString();
    String opportunityId = "opp-" + UUID.randomUUID();
    send(
        opportunityId,
        TestData.COMPLETED,
        TestData.interviewCompletedJson(interviewId, candidateId)
            .replace(
                "\"interviewId\"",
                "\"opportunityId\": \"" + opportunityId + "\", \"interviewId\""));

    // Both thank-yous fired and acknowledged by the broker.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(delta(before, scrape(), "followup_steps_fired_total", THANK_YOU))
                    .isGreaterThanOrEqualTo(2));
    String fired = scrape();
    assertThat(delta(before, fired, "followup_steps_planned_total", THANK_YOU))
        .isGreaterThanOrEqualTo(2);
    assertThat(delta(before, fired, "followup_steps_planned_total", "kind=\"CHECK_IN\""))
        .isGreaterThanOrEqualTo(3);
    assertThat(delta(before, fired, "followup_timers_claimed_total")).isGreaterThanOrEqualTo(2);
    assertThat(delta(before, fired, "followup_steps_lateness_seconds_count"))
        .isGreaterThanOrEqualTo(2);
    assertThat(
            delta(
                before,
                fired,
                "followup_events_published_total",
                "type=\"dev.followup.schedule.follow-up-due.v1\""))
        .isGreaterThanOrEqualTo(2);
    // The lateness histogram has its SLO buckets. (These thank-yous were due hours ago, when the
    // interview of the test data ended: they count in the last bucket only.)
    assertThat(fired).contains("followup_steps_lateness_seconds_bucket{le=\"0.25\"}");
    assertThat(fired).contains("followup_steps_lateness_seconds_bucket{le=\"60.0\"}");
    assertThat(delta(before, fired, "followup_steps_lateness_seconds_bucket", "le=\"+Inf\""))
        .isGreaterThanOrEqualTo(2);
    assertThat(fired).containsPattern("(?m)^followup_outbox_pending(\\{[^}]*\\})? ");

    // The plan's events reach partners.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        delta(
                            before,
                            scrape(),
                            "followup_events_published_total",
                            "type=\"dev.followup.schedule.step-scheduled.v1\""))
                    .isGreaterThanOrEqualTo(5));

    // The candidate snoozes a check-in; the outcome then cancels every pending step.
    String checkIn =
        Tokens.asCandidate(candidateId)
            .get("/interviews/{id}/steps", interviewId)
            .then()
            .extract()
            .path("find { it.kind == 'CHECK_IN' }.id");
    Tokens.asCandidate(candidateId)
        .contentType(ContentType.JSON)
        .body("{\"until\": \"" + Instant.now().plus(Duration.ofDays(20)) + "\"}")
        .post("/steps/{id}/snooze", checkIn)
        .then()
        .statusCode(200);
    String snoozed = scrape();
    System.out.println(
        "DEBUGMOVED before=" + fired.lines().filter(l -> l.contains("moved")).toList());
    System.out.println(
        "DEBUGMOVED after=" + snoozed.lines().filter(l -> l.contains("moved")).toList());
    assertThat(delta(fired, snoozed, "followup_steps_moved_total", "reason=\"snoozed\""))
        .isEqualTo(1);
    long pending =
        Tokens.asCandidate(candidateId)
            .get("/interviews/{id}/steps", interviewId)
            .then()
            .extract()
            .jsonPath()
            .getList("findAll { it.status == 'PENDING' }")
            .size();
    send(
        opportunityId,
        "dev.followup.opportunity.outcome-recorded.v1",
        "{\"opportunityId\": \"%s\", \"outcome\": \"REJECTED\"}".formatted(opportunityId));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        delta(
                            fired,
                            scrape(),
                            "followup_steps_cancelled_total",
                            "reason=\"outcome\""))
                    .isGreaterThanOrEqualTo(pending));

    // A record that is no CloudEvent goes to the dead-letter topic, and is counted.
    try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
      writer.sendRaw("interview-events", "not-an-event", "{}");
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        delta(
                            before,
                            scrape(),
                            "followup_dead_letters_total",
                            "topic=\"interview-events\"",
                            "reason=\"invalid-event\""))
                    .isGreaterThanOrEqualTo(1));
  }

  @Test
  void databaseAndKafkaClientMetricsAreExposed() {
    String scrape = scrape();
    assertThat(scrape).contains("agroal_active_count");
    assertThat(scrape).contains("kafka_producer_");
  }

  private void send(String key, String type, String json) {
    try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
      writer.sendCloudEvent("interview-events", key, UUID.randomUUID().toString(), type, key, json);
    }
  }

  private static String scrape() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  private static double delta(String before, String after, String name, String... labels) {
    return sum(after, name, labels) - sum(before, name, labels);
  }

  /** The sum of the samples of {@code name} whose labels include all of {@code labels}. */
  private static double sum(String scrape, String name, String... labels) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .map(MetricsTest::withoutExemplar)
        .filter(line -> Arrays.stream(labels).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /**
   * A sample line without the exemplar that may follow its value (with tracing on, counters carry
   * the trace of their last increment: {@code name{labels} 1.0 # {trace_id="…"} 1.0 <time>}).
   */
  private static String withoutExemplar(String line) {
    int exemplar = line.indexOf(" # ");
    return exemplar < 0 ? line : line.substring(0, exemplar);
  }
}
