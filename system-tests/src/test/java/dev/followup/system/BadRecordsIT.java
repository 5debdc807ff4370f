package dev.followup.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.followup.infra.ConsumerGroups;
import dev.followup.infra.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad records on every consumed topic, written straight to the broker as a broken or hostile
 * producer would: bytes that are not text, a record close to the broker's size limit, no CloudEvent
 * headers, an unsupported spec version, a wrong type, a valid envelope around data of the wrong
 * schema. Each lands on the topic's dead-letter topic with a {@code dead-letter-reason} header, and
 * a valid record written after them all is still processed. Then replays and late events: the same
 * event twice, the same fact under a new id, a completion after the outcome, the cancellation or
 * the erasure, and an older reschedule after a newer one change nothing.
 */
class BadRecordsIT {

  private static final String INTERVIEW_EVENTS = "interview-events";
  private static final String FOLLOW_UPS_DUE = "follow-ups-due";
  private static final String REASON = "dead-letter-reason";
  private static final Duration DLQ_TIMEOUT = Duration.ofSeconds(60);

  /** Below the broker's and the producers' default limit of 1 MiB, headers included. */
  private static final int NEAR_MAX_RECORD = 1_000_000;

  private static RunningSystem system;
  private static JwtForge jwt;
  private static KafkaProducer<String, byte[]> producer;
  private static final String TENANT = "records-" + UUID.randomUUID();
  private static final List<String> personalData = new ArrayList<>();

  @BeforeAll
  static void startSystem() {
    system = RunningSystem.start(Map.of());
    jwt = JwtForge.fromRepository(root());
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    producer = new KafkaProducer<>(props);
  }

  @AfterAll
  static void stopSystem() {
    if (producer != null) {
      producer.close();
    }
    if (system != null) {
      system.close();
    }
    if (!personalData.isEmpty()) {
      ServiceLogs.assertFree(root(), personalData, "BadRecordsIT");
    }
  }

  @Test
  void badInterviewEventsAreDeadLetteredAndTheScheduleServiceGoesOn() {
    String run = UUID.randomUUID().toString();
    Completion valid = new Completion(run);

    DeadLetters expected = new DeadLetters(INTERVIEW_EVENTS, run);
    expected.send("not-text", notUtf8(), headers(Completion.TYPE), "Unreadable");
    expected.send("near-max", nearMaxRecord(), headers(Completion.TYPE), "Invalid");
    expected.send("no-headers", utf8(valid.json()), Map.of(), "CloudEvent");
    expected.send("spec-0.3", utf8(valid.json()), specVersion03(Completion.TYPE), "0.3");
    expected.send(
        "wrong-schema",
        utf8("{\"interviewId\": 42, \"hello\": [\"world\"]}"),
        headers(Completion.TYPE),
        "Invalid InterviewCompleted");
    expected.send("not-json", utf8("<xml>not json</xml>"), headers(Completion.TYPE), "Unreadable");
    // An interview of its own: were it the valid one's, whichever of the two the consumer reads
    // second (they go by different keys, so possibly to different partitions) would be an older
    // event of an interview already planned, skipped before its content is looked at.
    expected.send(
        "bad-zone",
        utf8(new Completion(run).json().replace("Europe/London", "Mars/Olympus_Mons")),
        headers(Completion.TYPE),
        "time zone");
    // A type this consumer does not know is skipped, not dead-lettered: the documented contract
    // lets producers add types (README, Events). It must plan nothing.
    String unknownTypeInterview = UUID.randomUUID().toString();
    send(
        INTERVIEW_EVENTS,
        key("unknown-type", run),
        utf8(valid.json().replace(valid.interviewId, unknownTypeInterview)),
        headers("dev.followup.interview.completed.v9"));

    // Then a valid completion: it must still be planned.
    send(INTERVIEW_EVENTS, valid.opportunityId, utf8(valid.json()), headers(Completion.TYPE));

    expected.assertDeadLettered();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> plan(valid).size() > 0);
    ConsumerGroups.awaitCaughtUp(
        system.bootstrapServers, "schedule-service", INTERVIEW_EVENTS, Duration.ofSeconds(30));
    assertThat(steps(unknownTypeInterview, valid)).as("an event of an unknown type").isEmpty();
  }

  @Test
  void badFollowUpsDueAreDeadLetteredAndTheNotificationServiceGoesOn() {
    String run = UUID.randomUUID().toString();
    Due valid = new Due(run);

    DeadLetters expected = new DeadLetters(FOLLOW_UPS_DUE, run);
    expected.send("not-text", notUtf8(), headers(Due.TYPE), "JSON");
    expected.send("near-max", nearMaxRecord(), headers(Due.TYPE), "misses required field");
    expected.send("no-headers", utf8(valid.json()), Map.of(), "CloudEvent");
    expected.send("spec-0.3", utf8(valid.json()), specVersion03(Due.TYPE), "0.3");
    expected.send(
        "wrong-type",
        utf8(valid.json()),
        headers("dev.followup.interview.completed.v1"),
        "Unexpected CloudEvent type");
    expected.send(
        "wrong-schema",
        utf8("{\"stepId\": \"not-a-uuid\", \"kind\": [1]}"),
        headers(Due.TYPE),
        "FollowUpDue");
    expected.send(
        "unknown-kind",
        utf8(valid.json().replace("THANK_YOU_EMAIL", "SKYWRITING")),
        headers(Due.TYPE),
        "contract");

    // Then a valid one: its email must still go out.
    send(FOLLOW_UPS_DUE, valid.candidateId, utf8(valid.json()), headers(Due.TYPE));

    expected.assertDeadLettered();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> Mail.to(system.smtp.receivedMessages(), valid.email).size() == 1);
  }

  @Test
  void theSameEventTwiceAndTheSameFactUnderANewIdChangeNothing() {
    Completion completion = new Completion(UUID.randomUUID().toString());
    String completionId = UUID.randomUUID().toString();
    List<String> planned = planned(completion, completionId);
    sendEvent(
        completion.opportunityId, completionId, Completion.TYPE, completion.json(), hoursAgo(3));
    sendEvent(
        completion.opportunityId,
        UUID.randomUUID().toString(),
        Completion.TYPE,
        completion.json(),
        hoursAgo(3));
    caughtUp();
    assertThat(shape(plan(completion)))
        .as("after a replay and a re-emitted fact")
        .isEqualTo(planned);
  }

  @Test
  void anOlderRescheduleArrivingAfterANewerOneChangesNothing() {
    Completion completion = new Completion(UUID.randomUUID().toString());
    List<String> planned = planned(completion, UUID.randomUUID().toString());
    Instant laterEnd = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    Instant earlierEnd = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    sendEvent(
        completion.opportunityId,
        UUID.randomUUID().toString(),
        Completion.RESCHEDULED,
        completion.rescheduled(laterEnd),
        hoursAgo(1));
    await().atMost(Duration.ofSeconds(60)).until(() -> !shape(plan(completion)).equals(planned));
    List<String> afterNewer = shape(plan(completion));
    // Published before the newer one (its ce_time says so), delivered after it.
    sendEvent(
        completion.opportunityId,
        UUID.randomUUID().toString(),
        Completion.RESCHEDULED,
        completion.rescheduled(earlierEnd),
        hoursAgo(2));
    caughtUp();
    assertThat(shape(plan(completion)))
        .as("the plan after an older reschedule arrived late")
        .isEqualTo(afterNewer);
  }

  @Test
  void theCompletionAgainAfterTheCancellationBringsNothingBack() {
    Completion completion = new Completion(UUID.randomUUID().toString());
    planned(completion, UUID.randomUUID().toString());
    sendEvent(
        completion.opportunityId,
        UUID.randomUUID().toString(),
        Completion.CANCELLED,
        completion.cancelled(),
        hoursAgo(0));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                plan(completion).findValues("status").stream()
                    .noneMatch(s -> s.asText().equals("PENDING")));
    List<String> cancelled = shape(plan(completion));
    sendEvent(
        completion.opportunityId,
        UUID.randomUUID().toString(),
        Completion.TYPE,
        completion.json(),
        hoursAgo(3));
    caughtUp();
    assertThat(shape(plan(completion)))
        .as("a completion after the cancellation")
        .isEqualTo(cancelled);
  }

  /** Sends the completion and returns the plan it gets. */
  private static List<String> planned(Completion completion, String eventId) {
    sendEvent(completion.opportunityId, eventId, Completion.TYPE, completion.json(), hoursAgo(3));
    await().atMost(Duration.ofSeconds(60)).until(() -> plan(completion).size() > 0);
    return shape(plan(completion));
  }

  @Test
  void completionsArrivingAfterTheOutcomeOrTheErasurePlanNothing() {
    Completion afterOutcome = new Completion(UUID.randomUUID().toString());
    sendEvent(
        afterOutcome.opportunityId,
        UUID.randomUUID().toString(),
        Completion.OUTCOME,
        afterOutcome.outcome(),
        hoursAgo(1));
    sendEvent(
        afterOutcome.opportunityId,
        UUID.randomUUID().toString(),
        Completion.TYPE,
        afterOutcome.json(),
        hoursAgo(3));

    Completion afterErasure = new Completion(UUID.randomUUID().toString());
    sendEvent(
        afterErasure.candidateId,
        UUID.randomUUID().toString(),
        Completion.ERASED,
        afterErasure.erased(),
        hoursAgo(1));
    sendEvent(
        afterErasure.opportunityId,
        UUID.randomUUID().toString(),
        Completion.TYPE,
        afterErasure.json(),
        hoursAgo(3));

    // A control: the same completion for a third candidate is planned, so the two above were read.
    Completion control = new Completion(UUID.randomUUID().toString());
    sendEvent(
        control.opportunityId,
        UUID.randomUUID().toString(),
        Completion.TYPE,
        control.json(),
        hoursAgo(3));
    await().atMost(Duration.ofSeconds(60)).until(() -> plan(control).size() > 0);
    caughtUp();
    assertThat(plan(afterOutcome)).as("a completion after the outcome").isEmpty();
    assertThat(plan(afterErasure)).as("a completion after the erasure").isEmpty();
  }

  @Test
  void theSameFollowUpDueTwiceSendsOneEmail() {
    Due due = new Due(UUID.randomUUID().toString());
    Map<String, String> headers = new LinkedHashMap<>(headers(Due.TYPE));
    headers.put("ce_id", due.stepId + ":1");
    byte[] data = utf8(due.json());
    send(FOLLOW_UPS_DUE, due.candidateId, data, headers);
    send(FOLLOW_UPS_DUE, due.candidateId, data, headers);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> Mail.to(system.smtp.receivedMessages(), due.email).size() >= 1);
    ConsumerGroups.awaitCaughtUp(
        system.bootstrapServers, "notification-service", FOLLOW_UPS_DUE, Duration.ofSeconds(30));
    // A duplicate would have been recorded as a delivery in the same poll: the count must hold
    // at one through the dispatcher's next rounds.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> Mail.to(system.smtp.receivedMessages(), due.email).size() == 1);
  }

  // ----------------------------------------------------------------------------------------

  /** A completed interview's events, as the interview-service would publish them. */
  private static final class Completion {
    static final String TYPE = "dev.followup.interview.completed.v1";
    static final String RESCHEDULED = "dev.followup.interview.rescheduled.v1";
    static final String CANCELLED = "dev.followup.interview.cancelled.v1";
    static final String OUTCOME = "dev.followup.opportunity.outcome-recorded.v1";
    static final String ERASED = "dev.followup.candidate.erased.v1";

    final String candidateId = "cand-" + UUID.randomUUID();
    final String opportunityId = UUID.randomUUID().toString();
    final String interviewId = UUID.randomUUID().toString();
    final String interviewerId = UUID.randomUUID().toString();
    final String name;
    final String email;
    final String interviewer;
    final Instant ended = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

    Completion(String run) {
      String unique = run.substring(0, 8) + UUID.randomUUID().toString().substring(0, 4);
      name = "Recordholder Vantongeren" + unique;
      email = "pd-rec-" + unique + "@candidate.example";
      interviewer = "Interviewer Abernathy" + unique;
      personalData.addAll(List.of(name, email, interviewer));
    }

    String json() {
      return """
          {"tenantId":"%s","interviewId":"%s","opportunityId":"%s",\
          "candidate":{"id":"%s","name":"%s","email":"%s","timeZone":"Europe/Paris"},\
          "company":"Acme Corp","role":"Backend engineer","endedAt":"%s","timeZone":"Europe/London",\
          "interviewers":[{"id":"%s","name":"%s","email":"pd-%s","topics":["billing"]}],\
          "finalRound":false,"referencesRequested":false}"""
          .formatted(
              TENANT,
              interviewId,
              opportunityId,
              candidateId,
              name,
              email,
              ended,
              interviewerId,
              interviewer,
              email);
    }

    String rescheduled(Instant endsAt) {
      return """
          {"tenantId":"%s","candidateId":"%s","opportunityId":"%s","interviewId":"%s",\
          "startsAt":"%s","endsAt":"%s","timeZone":"Europe/London"}"""
          .formatted(
              TENANT,
              candidateId,
              opportunityId,
              interviewId,
              endsAt.minus(1, ChronoUnit.HOURS),
              endsAt);
    }

    String cancelled() {
      return """
          {"tenantId":"%s","candidateId":"%s","opportunityId":"%s","interviewId":"%s"}"""
          .formatted(TENANT, candidateId, opportunityId, interviewId);
    }

    String outcome() {
      return """
          {"tenantId":"%s","candidateId":"%s","opportunityId":"%s","outcome":"REJECTED",\
          "recordedAt":"%s"}"""
          .formatted(TENANT, candidateId, opportunityId, Instant.now());
    }

    String erased() {
      return """
          {"tenantId":"%s","candidateId":"%s","erasedAt":"%s"}"""
          .formatted(TENANT, candidateId, Instant.now());
    }
  }

  /** A due thank-you step, as the schedule-service would publish it, due now and awake. */
  private static final class Due {
    static final String TYPE = "dev.followup.schedule.follow-up-due.v1";

    final String stepId = UUID.randomUUID().toString();
    final String candidateId = "cand-" + UUID.randomUUID();
    final String email;
    final String name;

    Due(String run) {
      String unique = run.substring(0, 8) + UUID.randomUUID().toString().substring(0, 4);
      email = "pd-due-" + unique + "@candidate.example";
      name = "Duebearer Castellanos" + unique;
      personalData.addAll(List.of(email, name));
    }

    String json() {
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      // Where it is 11:00 now: no quiet hours hold the reminder back.
      int utcHour = now.atZone(ZoneOffset.UTC).getHour();
      ZoneOffset zone = ZoneOffset.ofHours(Math.floorMod(11 - utcHour + 12, 24) - 12);
      return """
          {"stepId":"%s","tenantId":"%s","kind":"THANK_YOU_EMAIL","action":"EMAIL","sequence":1,\
          "channel":"EMAIL","rule":"thank-you-same-day","dueAt":"%s","windowEnd":"%s",\
          "interviewId":"%s","opportunityId":"%s","company":"Acme Corp","role":"Backend engineer",\
          "candidate":{"id":"%s","name":"%s","email":"%s","timeZone":"%s"},\
          "recipient":{"id":"%s","name":"Dana Lee","email":"dana@acme.example","topics":["billing"]}}"""
          .formatted(
              stepId,
              TENANT,
              now,
              now.plus(6, ChronoUnit.HOURS),
              UUID.randomUUID(),
              UUID.randomUUID(),
              candidateId,
              name,
              email,
              zone.getId(),
              UUID.randomUUID());
    }
  }

  private static void sendEvent(String key, String id, String type, String json, Instant time) {
    Map<String, String> headers = new LinkedHashMap<>(headers(type));
    headers.put("ce_id", id);
    headers.put("ce_time", time.toString());
    send(INTERVIEW_EVENTS, key, utf8(json), headers);
  }

  private static Map<String, String> headers(String type) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce_specversion", "1.0");
    headers.put("ce_id", UUID.randomUUID().toString());
    headers.put("ce_type", type);
    headers.put("ce_source", "urn:followup:test");
    headers.put("ce_time", Instant.now().toString());
    headers.put("content-type", "application/json");
    return headers;
  }

  private static void send(String topic, String key, byte[] value, Map<String, String> headers) {
    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
    headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
    try {
      producer.send(record).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Could not write to " + topic, e);
    }
  }

  /** Bad records written to a topic, each expected on its dead-letter topic with a reason. */
  private static final class DeadLetters {
    private final String topic;
    private final String run;
    private final Map<String, String> reasons = new LinkedHashMap<>();

    DeadLetters(String topic, String run) {
      this.topic = topic;
      this.run = run;
    }

    /** Writes the record (keyed by its kind) and expects a reason containing {@code reason}. */
    void send(String kind, byte[] value, Map<String, String> headers, String reason) {
      String key = key(kind, run);
      BadRecordsIT.send(topic, key, value, headers);
      reasons.put(key, reason);
    }

    void assertDeadLettered() {
      String dlq = topic + ".dlq";
      List<ConsumerRecord<String, String>> dead;
      try (TopicReader reader = new TopicReader(system.bootstrapServers, dlq)) {
        dead = reader.awaitMatching(r -> reasons.containsKey(r.key()), reasons.size(), DLQ_TIMEOUT);
      }
      Map<String, String> found = new LinkedHashMap<>();
      dead.forEach(r -> found.put(r.key(), TopicReader.header(r, REASON)));
      assertThat(found.keySet())
          .as("records on " + dlq)
          .containsExactlyInAnyOrderElementsOf(reasons.keySet());
      reasons.forEach(
          (key, reason) ->
              assertThat(found.get(key))
                  .as("reason of " + key + " on " + dlq)
                  .isNotBlank()
                  .contains(reason));
    }
  }

  private static Map<String, String> specVersion03(String type) {
    Map<String, String> headers = new LinkedHashMap<>(headers(type));
    headers.put("ce_specversion", "0.3");
    return headers;
  }

  private static JsonNode plan(Completion completion) {
    return steps(completion.interviewId, completion);
  }

  /** The steps of an interview as its candidate sees them: none when it has no plan. */
  private static JsonNode steps(String interviewId, Completion owner) {
    Http.Answer answer =
        Http.get(
            system.schedules.baseUrl() + "/interviews/" + interviewId + "/steps",
            jwt.tenantAdmin(TENANT, owner.candidateId));
    if (answer.status() == 404) {
      return RecordedCandidate.tree(new Http.Answer(200, null, null, "[]"));
    }
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    JsonNode steps = RecordedCandidate.tree(answer);
    assertThat(steps.isArray()).as(answer.toString()).isTrue();
    return steps;
  }

  /** What a plan is: each step's id, status, revision and due instant. */
  private static List<String> shape(JsonNode plan) {
    List<String> shape = new ArrayList<>();
    plan.forEach(
        s ->
            shape.add(
                s.path("id").asText()
                    + " "
                    + s.path("status").asText()
                    + " r"
                    + s.path("revision").asText()
                    + " "
                    + s.path("dueAt").asText()));
    return shape;
  }

  private static void caughtUp() {
    ConsumerGroups.awaitCaughtUp(
        system.bootstrapServers, "schedule-service", INTERVIEW_EVENTS, Duration.ofSeconds(30));
  }

  private static String key(String kind, String run) {
    return "bad-" + kind + "-" + run;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes no UTF-8 decoder accepts, nor any JSON parser. */
  private static byte[] notUtf8() {
    return new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0xC3, 0x28, (byte) 0xA0, 0x7B};
  }

  /** A JSON object near the broker's record size limit that is no event of any kind. */
  private static byte[] nearMaxRecord() {
    String padding = "p".repeat(NEAR_MAX_RECORD);
    return utf8("{\"padding\":\"" + padding + "\"}");
  }

  private static Instant hoursAgo(int hours) {
    return Instant.now().minus(hours, ChronoUnit.HOURS);
  }

  private static Path root() {
    return Path.of(System.getProperty("followup.root", "..")).toAbsolutePath().normalize();
  }
}
