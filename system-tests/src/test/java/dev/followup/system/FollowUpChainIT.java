package dev.followup.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.followup.infra.ConsumerGroups;
import dev.followup.infra.TopicReader;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole chain on real infrastructure: an interview recorded and completed through the REST API
 * ends in one thank-you reminder email per interviewer at the SMTP server.
 */
class FollowUpChainIT {

  /** Short, so that a step planned for an interview that just ended falls due during the test. */
  private static final Duration THANK_YOU_DELAY = Duration.ofSeconds(20);

  private static RunningSystem system;

  @BeforeAll
  static void startSystem() {
    system =
        RunningSystem.start(Map.of("policy.thank-you-delay", THANK_YOU_DELAY.toSeconds() + "s"));
  }

  @AfterAll
  static void stopSystem() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void oneEmailPerInterviewerAndReplayingTheEventsSendsNothingMore() {
    String candidateEmail = "sam+" + UUID.randomUUID() + "@example.com";
    String candidateId = "cand-" + UUID.randomUUID();
    // Ended three hours ago, at 11:00 where it took place: the thank-yous are due at once.
    Instant ended = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    Recorded recorded = recordAndComplete(candidateId, candidateEmail, ended);

    List<MimeMessage> emails = awaitEmails(candidateEmail, 2, Duration.ofSeconds(60));
    assertThat(emails).extracting(Mail::subject).anyMatch(s -> s.contains("Dana Lee"));
    assertThat(emails).extracting(Mail::subject).anyMatch(s -> s.contains("Ari Cohen"));
    MimeMessage toDana =
        emails.stream().filter(m -> Mail.subject(m).contains("Dana Lee")).findFirst().orElseThrow();
    assertThat(Mail.plainText(toDana))
        .contains("Dana Lee")
        .contains("the billing migration")
        .doesNotContain("on-call culture");

    // Replay every event of this opportunity and candidate on both topics, exactly as first
    // published.
    int replayedCompletions = replay("interview-events", recorded.opportunityId());
    int replayedDue = replay("follow-ups-due", candidateId);
    assertThat(replayedCompletions).isEqualTo(1);
    assertThat(replayedDue).isEqualTo(2);
    ConsumerGroups.awaitCaughtUp(
        system.bootstrapServers, "schedule-service", "interview-events", Duration.ofSeconds(30));
    ConsumerGroups.awaitCaughtUp(
        system.bootstrapServers, "notification-service", "follow-ups-due", Duration.ofSeconds(30));
    // A duplicate would have become a delivery by now; give the dispatcher a few rounds.
    sleep(Duration.ofSeconds(2));
    assertThat(Mail.to(system.smtp.receivedMessages(), candidateEmail)).hasSize(2);
  }

  @Test
  void pendingStepsFireAfterTheScheduleServiceIsKilledAndRestarted() {
    String candidateEmail = "kim+" + UUID.randomUUID() + "@example.com";
    String candidateId = "cand-" + UUID.randomUUID();
    // Ends now: the thank-yous fall due THANK_YOU_DELAY from now.
    Instant ended = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String interviewId = recordAndComplete(candidateId, candidateEmail, ended).interviewId();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                given()
                    .baseUri(system.schedules.baseUrl())
                    .get("/interviews/{id}/steps", interviewId)
                    .then()
                    .extract()
                    .jsonPath()
                    .getList("findAll { it.kind == 'THANK_YOU_EMAIL' }.status")
                    .equals(List.of("PENDING", "PENDING")));
    system.schedules.kill();
    system.restartSchedules();

    List<MimeMessage> emails = awaitEmails(candidateEmail, 2, Duration.ofSeconds(60));
    Instant due = ended.plus(THANK_YOU_DELAY);
    assertThat(emails)
        .allSatisfy(
            m ->
                assertThat(m.getSentDate().toInstant())
                    .isAfterOrEqualTo(due.truncatedTo(ChronoUnit.SECONDS)));
    sleep(Duration.ofSeconds(2));
    assertThat(Mail.to(system.smtp.receivedMessages(), candidateEmail)).hasSize(2);
  }

  /** What a recorded interview is known by. */
  private record Recorded(String opportunityId, String interviewId) {}

  private static Recorded recordAndComplete(
      String candidateId, String candidateEmail, Instant ended) {
    ZoneOffset zone = zoneWhereLocalHourIs(ended, 11);
    LocalDateTime endsAt = LocalDateTime.ofInstant(ended, zone);
    String token = system.tokens.forCandidate("system-test", candidateId);
    api(token)
        .contentType(ContentType.JSON)
        .body(
            // The candidate lives where the interview was: awake at 11:00 there, whatever the
            // time the test runs at, so no quiet hours hold the reminders back.
            """
            {"name": "Sam Rivera", "email": "%s", "timeZone": "%s"}
            """
                .formatted(candidateEmail, zone.getId()))
        .put("/candidate")
        .then()
        .statusCode(201);
    String opportunityId =
        api(token)
            .contentType(ContentType.JSON)
            .body("{\"company\": \"Acme Corp\", \"role\": \"Backend engineer\"}")
            .post("/opportunities")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String body =
        """
        {
          "round": 1, "kind": "VIDEO",
          "startsAt": "%s", "endsAt": "%s", "timeZone": "%s",
          "interviewers": [
            {"name": "Dana Lee", "email": "dana@acme.example", "topics": ["the billing migration"]},
            {"name": "Ari Cohen", "email": "ari@acme.example", "topics": ["on-call culture"]}
          ]
        }
        """
            .formatted(endsAt.minusHours(1), endsAt, zone.getId());
    String interviewId =
        api(token)
            .contentType(ContentType.JSON)
            .body(body)
            .post("/opportunities/{id}/interviews", opportunityId)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    api(token).post("/interviews/{id}/completion", interviewId).then().statusCode(200);
    return new Recorded(opportunityId, interviewId);
  }

  private static RequestSpecification api(String token) {
    return given().baseUri(system.interviews.baseUrl()).auth().oauth2(token);
  }

  /** An offset zone in which {@code instant} falls at {@code localHour}: same-day rules apply. */
  private static ZoneOffset zoneWhereLocalHourIs(Instant instant, int localHour) {
    int utcHour = instant.atZone(ZoneOffset.UTC).getHour();
    return ZoneOffset.ofHours(Math.floorMod(localHour - utcHour + 12, 24) - 12);
  }

  private static List<MimeMessage> awaitEmails(String address, int count, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Mail.to(system.smtp.receivedMessages(), address).size() >= count);
    return Mail.to(system.smtp.receivedMessages(), address);
  }

  /** Publishes again, with the same key, value and headers, every record of {@code key}. */
  private static int replay(String topic, String key) {
    List<ConsumerRecord<String, String>> records;
    try (TopicReader reader = new TopicReader(system.bootstrapServers, topic)) {
      records = reader.readFor(r -> key.equals(r.key()), Duration.ofSeconds(2));
    }
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (ConsumerRecord<String, String> record : records) {
        ProducerRecord<String, String> copy =
            new ProducerRecord<>(topic, record.key(), record.value());
        record.headers().forEach(h -> copy.headers().add(h.key(), h.value()));
        producer.send(copy);
      }
      producer.flush();
    }
    return records.size();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
