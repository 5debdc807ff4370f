package dev.followup.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.followup.infra.ConsumerGroups;
import dev.followup.infra.LocalPostgres;
import dev.followup.infra.ServiceProcess;
import dev.followup.infra.SharedInfrastructure;
import dev.followup.infra.TopicReader;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

  /**
   * Long enough for one failed SMTP attempt and its retry (the first back-off is 30 s): a slow or
   * refused first send is retried by the service, and the test checks the outcome, not the speed.
   */
  private static final Duration EMAIL_TIMEOUT = Duration.ofSeconds(120);

  private static RunningSystem system;

  @BeforeAll
  static void startSystem() {
    system =
        RunningSystem.start(
            Map.of(
                "policy.thank-you-delay",
                THANK_YOU_DELAY.toSeconds() + "s",
                // Small batches: a burst spans many rounds. A short lease: a stalled round would
                // let its steps go within seconds.
                "timers.batch-size",
                "5",
                "timers.lease",
                "5s",
                // A round waits for the broker within its lease.
                "timers.publish-timeout",
                "4s"));
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

    List<MimeMessage> emails = awaitEmails(candidateEmail, 2, EMAIL_TIMEOUT);
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
            // 404 until the plan exists: the steps of an unknown interview are nobody's.
            () ->
                List.of("PENDING", "PENDING")
                    .equals(
                        given()
                            .baseUri(system.schedules.baseUrl())
                            .auth()
                            .oauth2(system.tokens.forCandidate("system-test", candidateId))
                            .get("/interviews/{id}/steps", interviewId)
                            .then()
                            .extract()
                            .jsonPath()
                            .getList("findAll { it.kind == 'THANK_YOU_EMAIL' }.status")));
    system.schedules.kill();
    system.restartSchedules();

    List<MimeMessage> emails = awaitEmails(candidateEmail, 2, EMAIL_TIMEOUT);
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

  @Test
  void twoScheduleInstancesShareABurstAndAKilledOnesClaimsAreTakenOver() throws Exception {
    ServiceProcess second = system.startAnotherScheduleInstance("schedule-service-2");
    try {
      // Twenty interviews ending now: forty thank-yous fall due together THANK_YOU_DELAY later.
      Instant ended = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      List<String> emails = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String email = "burst" + i + "+" + UUID.randomUUID() + "@example.com";
        emails.add(email);
        recordAndComplete("cand-" + UUID.randomUUID(), email, ended);
      }
      // Kill the first instance as soon as the burst starts firing: whatever its rounds held and
      // had not yet marked fired is free once the database sees its connections close, and the
      // survivor fires it.
      try (TopicReader due = new TopicReader(system.bootstrapServers, "follow-ups-due")) {
        List<ConsumerRecord<String, String>> firstFired =
            due.awaitMatching(
                r -> r.value().contains("burst"), 1, THANK_YOU_DELAY.plus(Duration.ofSeconds(40)));
        assertThat(firstFired).isNotEmpty();
      }
      system.schedules.kill();

      await()
          .atMost(EMAIL_TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  emails.stream()
                          .mapToInt(e -> Mail.to(system.smtp.receivedMessages(), e).size())
                          .sum()
                      >= 40);
      // Past another lease, in case anything would still be fired twice.
      sleep(Duration.ofSeconds(7));
      for (String email : emails) {
        assertThat(Mail.to(system.smtp.receivedMessages(), email)).as(email).hasSize(2);
      }
    } finally {
      second.stop();
      system.restartSchedules();
    }
  }

  /**
   * The candidate's thank-yous fall in their quiet hours and wait, pending, in the
   * notification-service; erasing the candidate in the interview-service drops them unsent and
   * leaves nothing of the candidate in the notification-service's database.
   */
  @Test
  void erasingTheCandidateDropsTheirWaitingRemindersInTheNotificationService() throws Exception {
    String candidateEmail = "erased+" + UUID.randomUUID() + "@example.com";
    String candidateId = "cand-" + UUID.randomUUID();
    String token = system.tokens.forCandidate("system-test", candidateId);
    Instant now = Instant.now();
    given()
        .baseUri(system.notifications.baseUrl())
        .auth()
        .oauth2(token)
        .contentType(ContentType.JSON)
        .body(
            """
            {"timeZone": "Etc/UTC", "quietHours": {"start": "%s", "end": "%s"}}
            """
                .formatted(
                    utcMinute(now.minus(1, ChronoUnit.HOURS)),
                    utcMinute(now.plus(2, ChronoUnit.HOURS))))
        .put("/candidates/{id}/preferences", candidateId)
        .then()
        .statusCode(201);
    recordAndComplete(
        candidateId,
        candidateEmail,
        now.minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
    String pending =
        "select count(*) from delivery where candidate_id = '"
            + candidateId
            + "'"
            + " and status = 'PENDING'";
    await().atMost(EMAIL_TIMEOUT).until(() -> notificationCount(pending) == 2);

    api(token).delete("/candidate").then().statusCode(204);

    String anything =
        "select count(*) from delivery d where strpos(cast(d as text), '" + candidateId + "') > 0";
    await().atMost(Duration.ofSeconds(60)).until(() -> notificationCount(anything) == 0);
    assertThat(
            notificationCount(
                "select count(*) from candidate_preferences where candidate_id = '"
                    + candidateId
                    + "'"))
        .isZero();
    assertThat(
            notificationCount(
                "select count(*) from erased_candidate where candidate_id = '" + candidateId + "'"))
        .isOne();
    assertThat(Mail.to(system.smtp.receivedMessages(), candidateEmail)).isEmpty();
  }

  private static String utcMinute(Instant instant) {
    return instant.atZone(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES).toString();
  }

  /** A count in the notification-service's database. */
  private static long notificationCount(String query) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                SharedInfrastructure.postgresDatabase("notifications"),
                LocalPostgres.USER,
                LocalPostgres.PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }

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
