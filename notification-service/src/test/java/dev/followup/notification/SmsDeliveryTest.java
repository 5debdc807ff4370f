package dev.followup.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.followup.infra.LocalSmsProvider;
import dev.followup.notification.delivery.Gsm7;
import dev.followup.notification.delivery.MessageRenderer;
import dev.followup.notification.incoming.FollowUpDueReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Reminders by SMS through a server speaking Twilio's API, and Twilio's webhooks. */
@QuarkusTest
class SmsDeliveryTest {

  @Inject EntityManager entityManager;
  @Inject MessageRenderer renderer;
  @Inject FollowUpDueReader reader;

  @ConfigProperty(name = "sms.twilio.base-url")
  String twilioUrl;

  final FollowUpEvents events = FollowUpEvents.shared();

  /** A candidate who wants drafts by SMS, then email; returns the event id of a due thank-you. */
  private String thankYouBySms(String candidateId, String phone) {
    ChannelRoutingTest.savePreferences(
        candidateId,
        """
        {"phone": "%s", "channels": {"drafts": ["SMS", "EMAIL"]}}
        """
            .formatted(phone));
    UUID stepId = UUID.randomUUID();
    String eventId = stepId + ":1";
    events.publish(
        candidateId,
        eventId,
        stepId.toString(),
        FollowUpEvents.thankYouDue(stepId, candidateId, candidateId + "@example.com"));
    return eventId;
  }

  @Test
  void aNameWithAccentsTheSmsAlphabetLacksStillFitsOneSegment() {
    String candidateId = "cand-" + UUID.randomUUID();
    String phone = "+14155550110";
    ChannelRoutingTest.savePreferences(
        candidateId,
        """
        {"phone": "%s", "channels": {"drafts": ["SMS", "EMAIL"]}}
        """
            .formatted(phone));
    UUID stepId = UUID.randomUUID();
    events.publish(
        candidateId,
        stepId + ":1",
        stepId.toString(),
        FollowUpEvents.thankYouDue(stepId, candidateId, candidateId + "@example.com")
            .replace("Dana Lee", "María Núñez"));

    await().atMost(FollowUpDueDeliveryTest.WAIT).until(() -> !messagesTo(phone).isEmpty());
    String body = messagesTo(phone).get(0).get("body");
    assertThat(body).contains("Maria Nuñez");
    assertThat(Gsm7.fitsOneSegment(body)).as(body).isTrue();
  }

  @Test
  void aReminderGoesOutAsOneSmsWithTheProvidersIdRecorded() {
    String candidateId = "cand-" + UUID.randomUUID();
    String phone = "+14155550101";
    String eventId = thankYouBySms(candidateId, phone);

    await().atMost(FollowUpDueDeliveryTest.WAIT).until(() -> "SENT".equals(row(eventId, "SMS")[0]));
    List<Map<String, String>> sent = messagesTo(phone);
    assertThat(sent).hasSize(1);
    Map<String, String> message = sent.get(0);
    assertThat(message.get("from")).isEqualTo(LocalSmsProvider.FROM);
    assertThat(message.get("body")).contains("Dana Lee").contains("Acme Corp");
    assertThat(Gsm7.fitsOneSegment(message.get("body"))).isTrue();
    Object[] row = row(eventId, "SMS");
    assertThat(row[1]).isEqualTo(message.get("sid"));
    assertThat(message.get("status_callback"))
        .isEqualTo(RealInfrastructure.PUBLIC_URL + "/webhooks/twilio/status?delivery=" + row[2]);
    assertThat(FollowUpDueDeliveryTest.emailsTo(candidateId + "@example.com")).isEmpty();
  }

  @Test
  void aThrottledSendWaitsAsLongAsTheProviderAsks() {
    failNext("+14155550102", 429, "3600", "20429");
    String eventId = thankYouBySms("cand-" + UUID.randomUUID(), "+14155550102");
    Instant before = Instant.now();

    await().atMost(FollowUpDueDeliveryTest.WAIT).until(() -> row(eventId, "SMS")[3] != null);
    Object[] row = row(eventId, "SMS");
    assertThat(row[0]).isEqualTo("PENDING");
    assertThat((String) row[3]).contains("429");
    assertThat((Instant) row[4]).isAfter(before.plus(Duration.ofMinutes(59)));
    assertThat(messagesTo("+14155550102")).isEmpty();
  }

  @Test
  void aServerErrorIsRetriedLaterOnTheSameChannel() {
    failNext("+14155550103", 503, "", "");
    String eventId = thankYouBySms("cand-" + UUID.randomUUID(), "+14155550103");
    Instant before = Instant.now();

    await().atMost(FollowUpDueDeliveryTest.WAIT).until(() -> row(eventId, "SMS")[3] != null);
    Object[] row = row(eventId, "SMS");
    assertThat(row[0]).isEqualTo("PENDING");
    assertThat((String) row[3]).contains("503");
    assertThat((Instant) row[4]).isAfter(before.plus(Duration.ofSeconds(10)));
  }

  @Test
  void aRefusedNumberFallsBackToEmail() {
    failNext("+14155550104", 400, "", "21211");
    String candidateId = "cand-" + UUID.randomUUID();
    String eventId = thankYouBySms(candidateId, "+14155550104");

    FollowUpDueDeliveryTest.awaitOneEmailTo(candidateId + "@example.com");
    await()
        .atMost(FollowUpDueDeliveryTest.WAIT)
        .until(() -> "SENT".equals(row(eventId, "EMAIL")[0]));
    assertThat(row(eventId, "SMS")[0]).isEqualTo("FAILED");
    assertThat((String) row(eventId, "SMS")[3]).contains("21211");
  }

  @Test
  void quietHoursSetWhileAReminderWaitsForItsRetryHoldItThen() {
    String phone = "+14155550112";
    failNext(phone, 503, "", "");
    String candidateId = "cand-" + UUID.randomUUID();
    String eventId = thankYouBySms(candidateId, phone);
    await().atMost(FollowUpDueDeliveryTest.WAIT).until(() -> row(eventId, "SMS")[3] != null);

    // While it waits, the candidate sets quiet hours that cover now; then the retry falls due.
    Instant now = Instant.now();
    LocalTime end = ChannelRoutingTest.utcMinute(now.plus(Duration.ofHours(2)));
    Tokens.as(candidateId)
        .contentType(ContentType.JSON)
        .body(
            """
            {"phone": "%s", "channels": {"drafts": ["SMS", "EMAIL"]}, "timeZone": "Etc/UTC", %s}
            """
                .formatted(phone, ChannelRoutingTest.quietHoursAround(now)))
        .put("/candidates/{id}/preferences", candidateId)
        .then()
        .statusCode(200);
    ChannelRoutingTest.dueNow(entityManager, eventId);

    await()
        .atMost(FollowUpDueDeliveryTest.WAIT)
        .until(() -> ((Instant) row(eventId, "SMS")[4]).isAfter(now.plus(Duration.ofMinutes(100))));
    assertThat(((Instant) row(eventId, "SMS")[4]).atZone(ZoneOffset.UTC).toLocalTime())
        .isEqualTo(end);
    assertThat(row(eventId, "SMS")[0]).isEqualTo("PENDING");
    assertThat(messagesTo(phone)).isEmpty();
  }

  @Test
  void aNumberTheProviderKnowsAsOptedOutIsRecordedSoAndFallsBackToEmail() {
    String phone = "+14155550111";
    failNext(phone, 400, "", "21610");
    String candidateId = "cand-" + UUID.randomUUID();
    String eventId = thankYouBySms(candidateId, phone);

    FollowUpDueDeliveryTest.awaitOneEmailTo(candidateId + "@example.com");
    assertThat(row(eventId, "SMS")[0]).isEqualTo("FAILED");
    assertThat(optedOut(phone)).isTrue();
  }

  @Test
  void aNumberThatTextedStopGetsNoSmsUntilItTextsStart() {
    String phone = "+14155550105";
    for (String stop : List.of("stop", "Opt Out", "  QUIT ")) {
      inbound(phone, stop).then().statusCode(200).body(containsString("<Response>"));
      assertThat(optedOut(phone)).as(stop).isTrue();
      inbound(phone, "Start").then().statusCode(200);
      assertThat(optedOut(phone)).isFalse();
    }
    inbound(phone, "unsubscribe").then().statusCode(200);

    String candidateId = "cand-" + UUID.randomUUID();
    String eventId = thankYouBySms(candidateId, phone);
    FollowUpDueDeliveryTest.awaitOneEmailTo(candidateId + "@example.com");
    assertThat(row(eventId, "SMS")[0]).isEqualTo("FAILED");
    assertThat((String) row(eventId, "SMS")[3]).contains("opted out");
    assertThat(messagesTo(phone)).isEmpty();
  }

  @Test
  void helpIsAnsweredWithTwiml() {
    inbound("+14155550106", "help")
        .then()
        .statusCode(200)
        .contentType("application/xml")
        .body(containsString("<Message>"))
        .body(containsString("STOP"));
  }

  @Test
  void webhooksWithoutAValidSignatureAreRefused() {
    Map<String, String> form = Map.of("From", "+14155550107", "Body", "STOP");
    given()
        .formParams(form)
        .post("/webhooks/twilio/inbound")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    given()
        .formParams(form)
        .header("X-Twilio-Signature", sign("/webhooks/twilio/inbound", Map.of("Body", "STOP")))
        .post("/webhooks/twilio/inbound")
        .then()
        .statusCode(403);
    given()
        .formParams(Map.of("MessageSid", "SM1", "MessageStatus", "delivered"))
        .header("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl")
        .post("/webhooks/twilio/status")
        .then()
        .statusCode(403);
    assertThat(optedOut("+14155550107")).isFalse();
  }

  @Test
  void statusCallbacksUpdateTheDeliveryAndAnUndeliveredSmsFallsBack() {
    String candidateId = "cand-" + UUID.randomUUID();
    String eventId = thankYouBySms(candidateId, "+14155550108");
    await().atMost(FollowUpDueDeliveryTest.WAIT).until(() -> "SENT".equals(row(eventId, "SMS")[0]));
    String sid = (String) row(eventId, "SMS")[1];
    String deliveryId = row(eventId, "SMS")[2].toString();
    String path = "/webhooks/twilio/status?delivery=" + deliveryId;

    status(path, Map.of("MessageSid", sid, "MessageStatus", "sent")).then().statusCode(204);
    assertThat(row(eventId, "SMS")[5]).isEqualTo("sent");
    // Callbacks may come out of order: a late "queued" does not put the status back.
    status(path, Map.of("MessageSid", sid, "MessageStatus", "queued")).then().statusCode(204);
    assertThat(row(eventId, "SMS")[5]).isEqualTo("sent");
    status(path, Map.of("MessageSid", sid, "MessageStatus", "undelivered", "ErrorCode", "30003"))
        .then()
        .statusCode(204);

    assertThat(row(eventId, "SMS")[0]).isEqualTo("FAILED");
    assertThat(row(eventId, "SMS")[5]).isEqualTo("undelivered");
    FollowUpDueDeliveryTest.awaitOneEmailTo(candidateId + "@example.com");
  }

  /**
   * The process died after Twilio accepted the message and before its SID was recorded. The next
   * attempt finds the message at Twilio and records it instead of texting the candidate again.
   */
  @Test
  void aSendInDoubtIsRecognisedAtTheProviderAndNotRepeated() throws Exception {
    String phone = "+14155550109";
    String candidateId = "cand-" + UUID.randomUUID();
    UUID stepId = UUID.randomUUID();
    String data = FollowUpEvents.thankYouDue(stepId, candidateId, candidateId + "@example.com");
    String body = renderer.render(reader.read(data), Locale.ENGLISH).shortText();
    // What the crashed attempt got Twilio to accept.
    String acceptedSid =
        given()
            .baseUri(twilioUrl)
            .auth()
            .preemptive()
            .basic(LocalSmsProvider.ACCOUNT_SID, LocalSmsProvider.AUTH_TOKEN)
            .formParams(Map.of("To", phone, "From", LocalSmsProvider.FROM, "Body", body))
            .post("/2010-04-01/Accounts/" + LocalSmsProvider.ACCOUNT_SID + "/Messages.json")
            .then()
            .statusCode(201)
            .extract()
            .path("sid");
    // What the crashed attempt left behind: a claimed delivery, its send started, no SID.
    String eventId = stepId + ":1";
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        """
                        insert into delivery (id, step_id, channel, kind, event_id, address,
                                              payload, status, attempts, next_attempt_at,
                                              created_at, candidate_id, send_started_at)
                        values (:id, :step, 'SMS', 'THANK_YOU_EMAIL', :event, :phone,
                                :payload, 'PENDING', 1, now(), now(), :candidate,
                                now() - interval '3 minutes')
                        """)
                    .setParameter("id", UUID.randomUUID())
                    .setParameter("step", stepId)
                    .setParameter("event", eventId)
                    .setParameter("phone", phone)
                    .setParameter("payload", data)
                    .setParameter("candidate", candidateId)
                    .executeUpdate());

    await().atMost(FollowUpDueDeliveryTest.WAIT).until(() -> "SENT".equals(row(eventId, "SMS")[0]));
    assertThat(row(eventId, "SMS")[1]).isEqualTo(acceptedSid);
    assertThat(messagesTo(phone)).hasSize(1);
  }

  // --- helpers ---

  private void failNext(String to, int status, String retryAfter, String code) {
    new LocalSmsProvider.Remote(twilioUrl).failNext(to, status, retryAfter, code);
  }

  private List<Map<String, String>> messagesTo(String phone) {
    return messagesTo(twilioUrl, phone);
  }

  /** The messages the SMS server at {@code twilioUrl} took for {@code phone}. */
  static List<Map<String, String>> messagesTo(String twilioUrl, String phone) {
    return given()
        .baseUri(twilioUrl)
        .auth()
        .preemptive()
        .basic(LocalSmsProvider.ACCOUNT_SID, LocalSmsProvider.AUTH_TOKEN)
        .queryParam("To", phone)
        .get("/2010-04-01/Accounts/" + LocalSmsProvider.ACCOUNT_SID + "/Messages.json")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("messages");
  }

  private Response inbound(String from, String body) {
    Map<String, String> form = Map.of("From", from, "To", LocalSmsProvider.FROM, "Body", body);
    return given()
        .formParams(form)
        .header("X-Twilio-Signature", sign("/webhooks/twilio/inbound", form))
        .post("/webhooks/twilio/inbound");
  }

  private Response status(String pathAndQuery, Map<String, String> form) {
    return given()
        .contentType(ContentType.URLENC.withCharset(StandardCharsets.UTF_8))
        .formParams(form)
        .header("X-Twilio-Signature", sign(pathAndQuery, form))
        .post(pathAndQuery);
  }

  /** Twilio's signature, computed here independently of the service's code. */
  static String sign(String pathAndQuery, Map<String, String> form) {
    StringBuilder data = new StringBuilder(RealInfrastructure.PUBLIC_URL + pathAndQuery);
    new TreeMap<>(form).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(
          new SecretKeySpec(
              LocalSmsProvider.AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean optedOut(String phone) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                            entityManager
                                .createNativeQuery(
                                    "select count(*) from sms_opt_out where phone = :phone")
                                .setParameter("phone", phone)
                                .getSingleResult())
                        .longValue()
                    == 1);
  }

  /** status, provider id, id, last error, next attempt, provider status; nulls if none. */
  private Object[] row(String eventId, String channel) {
    return DeliveryRows.of(
        entityManager,
        eventId,
        channel,
        "status, provider_message_id, id, last_error, next_attempt_at, provider_status");
  }
}
