package dev.followup.notification;

import static dev.followup.notification.FollowUpDueDeliveryTest.WAIT;
import static dev.followup.notification.FollowUpDueDeliveryTest.awaitOneEmailTo;
import static dev.followup.notification.FollowUpDueDeliveryTest.emailsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import dev.followup.infra.FreePorts;
import dev.followup.infra.SharedInfrastructure;
import dev.followup.infra.SmtpFaultProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An SMTP relay that answers after the client's timeout. A send that timed out must be over when
 * the dispatcher retries: a late answer must not complete it behind the retry (that was a duplicate
 * email). Where the relay stored the message and only its final answer came late, SMTP cannot know
 * better than to send again: then both copies carry the delivery's Message-ID.
 */
@QuarkusTest
@TestProfile(SlowSmtpTest.SlowRelay.class)
class SlowSmtpTest {

  /** The relay is reached through a proxy that can hold its traffic; one second of patience. */
  public static class SlowRelay implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.mailer.host", "127.0.0.1",
          "quarkus.mailer.port", Integer.toString(proxyPort()),
          "quarkus.mailer.timeout", "1s",
          "delivery.backoff.initial", "1s",
          "delivery.backoff.max", "2s",
          "delivery.max-attempts", "20");
    }
  }

  /** The proxy's port, the same for every class loader of this JVM. */
  static synchronized int proxyPort() {
    String port = System.getProperty("test.slow-smtp.proxy-port");
    if (port == null) {
      port = Integer.toString(FreePorts.find());
      System.setProperty("test.slow-smtp.proxy-port", port);
    }
    return Integer.parseInt(port);
  }

  /** Longer than the client's timeout, by far. */
  private static final Duration LATE = Duration.ofSeconds(4);

  static SmtpFaultProxy proxy;

  @Inject EntityManager entityManager;

  @ConfigProperty(name = "delivery.message-id-domain")
  String messageIdDomain;

  final FollowUpEvents events = FollowUpEvents.shared();

  @BeforeAll
  static void startProxy() {
    proxy =
        SmtpFaultProxy.start(
            SharedInfrastructure.smtp().host(),
            SharedInfrastructure.smtp().port(),
            11,
            proxyPort());
  }

  @AfterAll
  static void stopProxy() {
    proxy.close();
  }

  @BeforeEach
  void connect() {
    proxy.heal();
  }

  @AfterEach
  void disconnect() {
    proxy.heal();
  }

  @Test
  void aSendThatTimedOutDoesNotCompleteBehindItsRetry() {
    String address = "slow-" + UUID.randomUUID() + "@example.com";
    int lateBefore = proxy.counts().late();
    proxy.answerLate(1.0, LATE);
    String eventId = remind(address);

    // The first attempt's MAIL FROM is held past the timeout; then the relay is well again.
    await().atMost(WAIT).until(() -> proxy.counts().late() > lateBefore);
    proxy.heal();

    awaitOneEmailTo(address);
    await().atMost(WAIT).until(() -> "SENT".equals(column("status", eventId)));
    assertThat(((Number) column("attempts", eventId)).intValue())
        .as("the timed-out attempt and its retry")
        .isGreaterThanOrEqualTo(2);
    // The held command reaches the relay LATE after it was sent: a client still waiting on that
    // connection would go on with the message now. Nothing more may arrive.
    await()
        .during(LATE.plusSeconds(2))
        .atMost(LATE.plusSeconds(6))
        .until(() -> emailsTo(address).size() == 1);
  }

  @Test
  void aMessageTheRelayAcceptedTooLateIsSentAgainUnderTheSameMessageId() throws Exception {
    String address = "late-accept-" + UUID.randomUUID() + "@example.com";
    int lateBefore = proxy.counts().late();
    proxy.acceptLate(1.0, LATE);
    String eventId = remind(address);

    await().atMost(WAIT).until(() -> proxy.counts().late() > lateBefore);
    proxy.heal();

    // The retry's copy, and the first attempt's once its end of data reaches the relay.
    List<MimeMessage> copies = await().atMost(WAIT).until(() -> emailsTo(address), hasSize(2));
    await().atMost(WAIT).until(() -> "SENT".equals(column("status", eventId)));
    String expected = "<" + column("cast(id as varchar)", eventId) + "@" + messageIdDomain + ">";
    for (MimeMessage copy : copies) {
      assertThat(copy.getHeader("Message-ID")).containsExactly(expected);
    }
  }

  private String remind(String address) {
    return events.publishThankYou("cand-" + UUID.randomUUID(), address);
  }

  private Object column(String column, String eventId) {
    return DeliveryRows.of(entityManager, eventId, null, column)[0];
  }
}
