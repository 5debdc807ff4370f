package dev.followup.notification;

import static dev.followup.notification.FollowUpDueDeliveryTest.emailsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.followup.infra.FreePorts;
import dev.followup.infra.SharedInfrastructure;
import dev.followup.infra.SmtpFaultProxy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A claimed delivery that waited for a sending thread until too little of its lease was left is
 * handed back rather than sent: a send that could outlast the lease might meet another instance's
 * send of the same delivery. Here one email thread, a room of two, and a relay that holds the first
 * message for longer than the lease minus the send budget: the second delivery, claimed with the
 * first, reaches the thread too late, is handed back without counting an attempt, and goes out once
 * on its next claim.
 */
@QuarkusTest
@TestProfile(LeaseBeforeSendTest.ShortLease.class)
class LeaseBeforeSendTest {

  /** A 6 s lease of which a send needs 4 s: a delivery that waited over 2 s is handed back. */
  public static class ShortLease implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.mailer.host", "127.0.0.1",
          "quarkus.mailer.port", Integer.toString(proxyPort()),
          "quarkus.mailer.timeout", "10s",
          "delivery.concurrency.email", "1",
          "delivery.claimed-per-thread", "2",
          "delivery.lease", "6s",
          "delivery.send-budget", "4s");
    }
  }

  /** The proxy's port, the same for every class loader of this JVM. */
  static synchronized int proxyPort() {
    String port = System.getProperty("test.lease-smtp.proxy-port");
    if (port == null) {
      port = Integer.toString(FreePorts.find());
      System.setProperty("test.lease-smtp.proxy-port", port);
    }
    return Integer.parseInt(port);
  }

  /** How long the relay holds the first message: past the 2 s a waiting delivery may spend. */
  private static final Duration HOLD = Duration.ofMillis(3500);

  private static final Duration WAIT = Duration.ofSeconds(30);

  static SmtpFaultProxy proxy;

  @Inject EntityManager entityManager;
  @Inject MeterRegistry registry;

  final FollowUpEvents events = FollowUpEvents.shared();

  @BeforeAll
  static void startProxy() {
    proxy =
        SmtpFaultProxy.start(
            SharedInfrastructure.smtp().host(), SharedInfrastructure.smtp().port(), 7, proxyPort());
  }

  @AfterAll
  static void stopProxy() {
    proxy.close();
  }

  @Test
  void aDeliveryThatWaitedTooLongForItsThreadIsHandedBackAndSentOnce() {
    double handedBackBefore = handedBack();
    int lateBefore = proxy.counts().late();
    proxy.answerLate(1.0, HOLD);
    String first = "lease-first-" + UUID.randomUUID() + "@example.com";
    String second = "lease-second-" + UUID.randomUUID() + "@example.com";
    String firstEvent = remind(first);
    String secondEvent = remind(second);

    // The first message is held; the ones after it go through at once.
    await().atMost(WAIT).until(() -> proxy.counts().late() > lateBefore);
    proxy.heal();

    await()
        .atMost(WAIT)
        .until(() -> "SENT".equals(status(firstEvent)) && "SENT".equals(status(secondEvent)));
    assertThat(handedBack() - handedBackBefore).as("deliveries handed back").isEqualTo(1.0);
    // The hand-back gave its claim's attempt back: each was sent on its first counted attempt.
    assertThat(attempts(firstEvent)).isEqualTo(1);
    assertThat(attempts(secondEvent)).isEqualTo(1);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> emailsTo(first).size() == 1 && emailsTo(second).size() == 1);
  }

  private double handedBack() {
    Counter counter =
        registry
            .find("followup.deliveries")
            .tags("channel", "email", "result", "handed_back")
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private String remind(String address) {
    return events.publishThankYou("cand-" + UUID.randomUUID(), address);
  }

  private Object status(String eventId) {
    return DeliveryRows.of(entityManager, eventId, null, "status")[0];
  }

  private int attempts(String eventId) {
    return ((Number) DeliveryRows.of(entityManager, eventId, null, "attempts")[0]).intValue();
  }
}
