package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.LocalPushService;
import dev.followup.notification.api.PushTestKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reminders by Web Push to a local push service that checks VAPID and decrypts on its own. */
@QuarkusTest
class PushDeliveryTest {

  static LocalPushService receiver;

  @Inject EntityManager entityManager;

  @ConfigProperty(name = "push.vapid.subject")
  String subject;

  final FollowUpEvents events = FollowUpEvents.shared();

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = LocalPushService.start(0, PushTestKeys.VAPID_PUBLIC_KEY);
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  static void subscribe(String candidateId, LocalPushService.Subscription subscription) {
    Tokens.as(candidateId)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "endpoint",
                subscription.endpoint(),
                "keys",
                Map.of("p256dh", subscription.p256dh(), "auth", subscription.auth())))
        .post("/candidates/{id}/push-subscriptions", candidateId)
        .then()
        .statusCode(201);
  }

  @Test
  void aNudgeArrivesEncryptedAndSignedWithTopicTtlAndUrgency() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    LocalPushService.Subscription subscription = receiver.subscribe();
    // No stored preferences but a subscription: nudges go by push once preferences exist.
    ChannelRoutingTest.savePreferences(candidateId, "{\"locale\": \"en\"}");
    subscribe(candidateId, subscription);
    UUID stepId = publishNudge(candidateId);

    List<LocalPushService.Received> got =
        await("a push, rejected so far: " + receiver.rejected())
            .atMost(FollowUpDueDeliveryTest.WAIT)
            .until(() -> receiver.received(subscription), r -> r.size() == 1);
    assertThat(receiver.rejected()).isEmpty();
    LocalPushService.Received push = got.get(0);
    assertThat(push.claims()).containsEntry("sub", subject).containsEntry("aud", receiver.origin());
    assertThat(push.urgency()).isEqualTo("low");
    assertThat(push.topic()).isEqualTo(stepId.toString().replace("-", ""));
    assertThat(push.ttl()).isBetween(3600, 72 * 3600);
    Map<?, ?> payload = new ObjectMapper().readValue(push.payload(), Map.class);
    assertThat(payload.get("title")).isEqualTo("Keep your search going");
    assertThat((String) payload.get("body")).contains("Acme Corp");
    assertThat((String) payload.get("url")).endsWith("/steps/" + stepId);
    assertThat(payload.get("tag")).isEqualTo(stepId.toString());
    await()
        .atMost(FollowUpDueDeliveryTest.WAIT)
        .until(() -> "SENT".equals(status(stepId + ":1", "PUSH")));
  }

  @ParameterizedTest(name = "answered {0}")
  @ValueSource(ints = {404, 410})
  void aGoneSubscriptionIsRemovedAndTheReminderFallsBack(int gone) {
    String candidateId = "cand-" + UUID.randomUUID();
    LocalPushService.Subscription subscription = receiver.subscribe();
    receiver.answer(subscription, gone);
    ChannelRoutingTest.savePreferences(
        candidateId, "{\"channels\": {\"nudges\": [\"PUSH\", \"EMAIL\"]}}");
    subscribe(candidateId, subscription);
    UUID stepId = publishNudge(candidateId);

    FollowUpDueDeliveryTest.awaitOneEmailTo(candidateId + "@example.com");
    assertThat(status(stepId + ":1", "PUSH")).isEqualTo("FAILED");
    Tokens.as(candidateId)
        .get("/candidates/{id}/push-subscriptions", candidateId)
        .then()
        .statusCode(200)
        .body("size()", org.hamcrest.Matchers.equalTo(0));
  }

  /**
   * A subscription stored before the API refused such URLs (here one carrying credentials, which
   * every deployment refuses) is removed unused; the candidate's other subscription gets the push.
   */
  @Test
  void aStoredSubscriptionTheRuleRefusesIsRemovedWithoutAPost() {
    String candidateId = "cand-" + UUID.randomUUID();
    LocalPushService.Subscription refused = receiver.subscribe();
    LocalPushService.Subscription taken = receiver.subscribe();
    ChannelRoutingTest.savePreferences(candidateId, "{\"channels\": {\"nudges\": [\"PUSH\"]}}");
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        "insert into push_subscription"
                            + " (id, tenant_id, candidate_id, endpoint, p256dh, auth, created_at)"
                            + " values (?1, ?6, ?2, ?3, ?4, ?5, now() - interval '1 day')")
                    .setParameter(1, UUID.randomUUID())
                    .setParameter(6, Tokens.TENANT)
                    .setParameter(2, candidateId)
                    .setParameter(3, refused.endpoint().replace("://", "://user:secret@"))
                    .setParameter(4, refused.p256dh())
                    .setParameter(5, refused.auth())
                    .executeUpdate());
    subscribe(candidateId, taken);
    UUID stepId = publishNudge(candidateId);

    await()
        .atMost(FollowUpDueDeliveryTest.WAIT)
        .until(() -> "SENT".equals(status(stepId + ":1", "PUSH")));
    assertThat(receiver.received(taken)).hasSize(1);
    assertThat(receiver.received(refused)).isEmpty();
    Tokens.as(candidateId)
        .get("/candidates/{id}/push-subscriptions", candidateId)
        .then()
        .statusCode(200)
        .body("endpoint", org.hamcrest.Matchers.contains(taken.endpoint()));
  }

  @Test
  void aPushServiceErrorIsRetriedLaterOnTheSameChannel() {
    String candidateId = "cand-" + UUID.randomUUID();
    LocalPushService.Subscription subscription = receiver.subscribe();
    receiver.answer(subscription, 503);
    ChannelRoutingTest.savePreferences(
        candidateId, "{\"channels\": {\"nudges\": [\"PUSH\", \"EMAIL\"]}}");
    subscribe(candidateId, subscription);
    Instant before = Instant.now();
    UUID stepId = publishNudge(candidateId);

    Object[] row =
        await()
            .atMost(FollowUpDueDeliveryTest.WAIT)
            .until(() -> retryState(stepId + ":1"), r -> r[1] != null);
    assertThat(row[0]).isEqualTo("PENDING");
    assertThat((String) row[1]).contains("503");
    assertThat((Instant) row[2]).isAfter(before.plus(Duration.ofSeconds(10)));
    assertThat(FollowUpDueDeliveryTest.emailsTo(candidateId + "@example.com")).isEmpty();
  }

  /** Publishes a keep-searching nudge due now for the candidate; returns its step id. */
  private UUID publishNudge(String candidateId) {
    UUID stepId = UUID.randomUUID();
    events.publish(
        candidateId,
        stepId + ":1",
        stepId.toString(),
        FollowUpEvents.keepSearchingDue(stepId, candidateId, candidateId + "@example.com"));
    return stepId;
  }

  /** Status, last error and next attempt of an event's push delivery; nulls if none yet. */
  private Object[] retryState(String eventId) {
    return DeliveryRows.of(entityManager, eventId, "PUSH", "status, last_error, next_attempt_at");
  }

  @Test
  void aCallReminderIsUrgentAndShortLived() {
    String candidateId = "cand-" + UUID.randomUUID();
    LocalPushService.Subscription subscription = receiver.subscribe();
    ChannelRoutingTest.savePreferences(candidateId, "{}");
    subscribe(candidateId, subscription);
    UUID stepId = UUID.randomUUID();
    String data =
        FollowUpEvents.thankYouDue(stepId, candidateId, candidateId + "@example.com")
            .replace("\"THANK_YOU_EMAIL\"", "\"THANK_YOU_CALL\"");
    events.publish(candidateId, stepId + ":1", stepId.toString(), data);

    LocalPushService.Received push =
        await()
            .atMost(FollowUpDueDeliveryTest.WAIT)
            .until(() -> receiver.received(subscription), r -> r.size() == 1)
            .get(0);
    assertThat(push.urgency()).isEqualTo("high");
    assertThat(push.ttl()).isLessThanOrEqualTo(4 * 3600);
    assertThat(push.payload()).contains("Call Dana Lee");
  }

  private String status(String eventId, String channel) {
    Object status = DeliveryRows.of(entityManager, eventId, channel, "status")[0];
    return status == null ? null : status.toString();
  }
}
