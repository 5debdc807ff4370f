package dev.followup.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.notification.api.PushTestKeys;
import dev.followup.notification.fakes.PushReceiver;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reminders by Web Push to a local push service that checks VAPID and decrypts on its own. */
@QuarkusTest
class PushDeliveryTest {

  static PushReceiver receiver;

  @Inject EntityManager entityManager;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @ConfigProperty(name = "push.vapid.subject")
  String subject;

  FollowUpEvents events;

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = new PushReceiver(PushTestKeys.VAPID_PUBLIC_KEY);
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @BeforeEach
  void connect() {
    events = new FollowUpEvents(bootstrapServers);
  }

  @AfterEach
  void disconnect() {
    events.close();
  }

  private void subscribe(String candidateId, String path) {
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "endpoint",
                receiver.endpoint(path),
                "keys",
                Map.of("p256dh", receiver.p256dh(), "auth", receiver.auth())))
        .post("/candidates/{id}/push-subscriptions", candidateId)
        .then()
        .statusCode(201);
  }

  @Test
  void aNudgeArrivesEncryptedAndSignedWithTopicTtlAndUrgency() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String path = "sub-" + UUID.randomUUID();
    // No stored preferences but a subscription: nudges go by push once preferences exist.
    ChannelRoutingTest.savePreferences(candidateId, "{\"locale\": \"en\"}");
    subscribe(candidateId, path);
    UUID stepId = UUID.randomUUID();
    events.publish(
        candidateId,
        stepId + ":1",
        stepId.toString(),
        FollowUpEvents.keepSearchingDue(stepId, candidateId, candidateId + "@example.com"));

    List<PushReceiver.Received> got =
        await("a push, rejected so far: " + receiver.rejected())
            .atMost(FollowUpDueDeliveryTest.WAIT)
            .until(() -> receiver.received(path), r -> r.size() == 1);
    assertThat(receiver.rejected()).isEmpty();
    PushReceiver.Received push = got.get(0);
    assertThat(push.claims()).containsEntry("sub", subject).containsEntry("aud", receiver.origin());
    assertThat(push.headers())
        .containsEntry("Urgency", "low")
        .containsEntry("Topic", stepId.toString().replace("-", ""));
    assertThat(Integer.parseInt(push.headers().get("TTL"))).isBetween(3600, 72 * 3600);
    Map<?, ?> payload = new ObjectMapper().readValue(push.payload(), Map.class);
    assertThat(payload.get("title")).isEqualTo("Keep your search going");
    assertThat((String) payload.get("body")).contains("Acme Corp");
    assertThat((String) payload.get("url")).endsWith("/steps/" + stepId);
    assertThat(payload.get("tag")).isEqualTo(stepId.toString());
    await()
        .atMost(FollowUpDueDeliveryTest.WAIT)
        .until(() -> "SENT".equals(status(stepId + ":1", "PUSH")));
  }

  @Test
  void aGoneSubscriptionIsRemovedAndTheReminderFallsBack() {
    String candidateId = "cand-" + UUID.randomUUID();
    String path = "gone-" + UUID.randomUUID();
    receiver.answer(path, 410);
    ChannelRoutingTest.savePreferences(
        candidateId, "{\"channels\": {\"nudges\": [\"PUSH\", \"EMAIL\"]}}");
    subscribe(candidateId, path);
    UUID stepId = UUID.randomUUID();
    events.publish(
        candidateId,
        stepId + ":1",
        stepId.toString(),
        FollowUpEvents.keepSearchingDue(stepId, candidateId, candidateId + "@example.com"));

    FollowUpDueDeliveryTest.awaitOneEmailTo(candidateId + "@example.com");
    assertThat(status(stepId + ":1", "PUSH")).isEqualTo("FAILED");
    given()
        .get("/candidates/{id}/push-subscriptions", candidateId)
        .then()
        .statusCode(200)
        .body("size()", org.hamcrest.Matchers.equalTo(0));
  }

  @Test
  void aCallReminderIsUrgentAndShortLived() {
    String candidateId = "cand-" + UUID.randomUUID();
    String path = "call-" + UUID.randomUUID();
    ChannelRoutingTest.savePreferences(candidateId, "{}");
    subscribe(candidateId, path);
    UUID stepId = UUID.randomUUID();
    String data =
        FollowUpEvents.thankYouDue(stepId, candidateId, candidateId + "@example.com")
            .replace("\"THANK_YOU_EMAIL\"", "\"THANK_YOU_CALL\"");
    events.publish(candidateId, stepId + ":1", stepId.toString(), data);

    PushReceiver.Received push =
        await()
            .atMost(FollowUpDueDeliveryTest.WAIT)
            .until(() -> receiver.received(path), r -> r.size() == 1)
            .get(0);
    assertThat(push.headers()).containsEntry("Urgency", "high");
    assertThat(Integer.parseInt(push.headers().get("TTL"))).isLessThanOrEqualTo(4 * 3600);
    assertThat(push.payload()).contains("Call Dana Lee");
  }

  private String status(String eventId, String channel) {
    List<?> rows =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    entityManager
                        .createNativeQuery(
                            "select status from delivery where event_id = :e and channel = :c")
                        .setParameter("e", eventId)
                        .setParameter("c", channel)
                        .getResultList());
    return rows.isEmpty() ? null : rows.get(0).toString();
  }
}
