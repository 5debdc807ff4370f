package dev.followup.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.followup.infra.FreePorts;
import dev.followup.infra.LocalSmsProvider;
import dev.followup.infra.LocalSmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SMTP relay and the SMS provider are down for a while, then back. Deliveries are retried from
 * their rows with back-off (nothing waits in memory), and once the providers answer again each
 * reminder arrives exactly once.
 */
@QuarkusTest
@TestProfile(ProviderOutageTest.ShortBackOff.class)
class ProviderOutageTest {

  /** Back-off in seconds rather than minutes; the mailer aimed at a port nothing listens on yet. */
  public static class ShortBackOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "delivery.backoff.initial", "1s",
          "delivery.backoff.max", "2s",
          "delivery.max-attempts", "100",
          "quarkus.mailer.port", Integer.toString(smtpPort()));
    }
  }

  /** The port of the SMTP relay that is down, the same for every class loader of this JVM. */
  static synchronized int smtpPort() {
    String port = System.getProperty("test.outage.smtp-port");
    if (port == null) {
      port = Integer.toString(FreePorts.find());
      System.setProperty("test.outage.smtp-port", port);
    }
    return Integer.parseInt(port);
  }

  static final int REMINDERS = 3;

  @Inject EntityManager entityManager;

  @ConfigProperty(name = "sms.twilio.base-url")
  String twilioUrl;

  @ConfigProperty(name = "quarkus.mailer.port")
  int mailerPort;

  final FollowUpEvents events = FollowUpEvents.shared();
  LocalSmsProvider.Remote sms;

  @BeforeEach
  void connect() {
    sms = new LocalSmsProvider.Remote(twilioUrl);
  }

  @AfterEach
  void disconnect() {
    sms.up();
  }

  @Test
  void afterAnOutageEachReminderArrivesExactlyOnce() {
    assertThat(mailerPort)
        .as("the mailer aims at the relay this test controls")
        .isEqualTo(smtpPort());
    sms.down();
    String run = UUID.randomUUID().toString().substring(0, 8);
    int numbers = java.util.concurrent.ThreadLocalRandom.current().nextInt(1000);
    List<String> emailEvents = new ArrayList<>();
    List<String> smsEvents = new ArrayList<>();
    List<String> phones = new ArrayList<>();
    for (int i = 0; i < REMINDERS; i++) {
      String byEmail = "cand-mail-" + run + "-" + i;
      ChannelRoutingTest.savePreferences(byEmail, "{}");
      emailEvents.add(publishThankYou(byEmail));

      String bySms = "cand-sms-" + run + "-" + i;
      String phone = String.format("+1415555%03d%d", numbers, i);
      phones.add(phone);
      ChannelRoutingTest.savePreferences(
          bySms, "{\"phone\": \"%s\", \"channels\": {\"drafts\": [\"SMS\"]}}".formatted(phone));
      smsEvents.add(publishThankYou(bySms));
    }

    // While down: every delivery stays pending, tried again and again, each time later.
    List<String> all = new ArrayList<>(emailEvents);
    all.addAll(smsEvents);
    await()
        .atMost(FollowUpDueDeliveryTest.WAIT)
        .until(() -> all.stream().allMatch(e -> attempts(e) >= 3));
    for (String eventId : all) {
      Object[] row = row(eventId);
      assertThat(row[0]).as(eventId).isEqualTo("PENDING");
      assertThat((String) row[2]).as(eventId).isNotBlank();
    }
    assertThat(smsEvents).allSatisfy(e -> assertThat((String) row(e)[2]).contains("503"));

    // Back: the relay listens again on the same port, the SMS provider answers.
    try (LocalSmtpServer smtp = LocalSmtpServer.start(smtpPort())) {
      sms.up();
      await()
          .atMost(FollowUpDueDeliveryTest.WAIT)
          .until(() -> all.stream().allMatch(e -> "SENT".equals(row(e)[0])));
      // A few more dispatch rounds: nothing goes out a second time.
      await()
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(10))
          .until(() -> smtp.receivedMessages().size() == REMINDERS);
      for (int i = 0; i < REMINDERS; i++) {
        String address = "cand-mail-" + run + "-" + i + "@example.com";
        assertThat(recipients(smtp.receivedMessages())).as(address).containsOnlyOnce(address);
        assertThat(messagesTo(phones.get(i))).as(phones.get(i)).hasSize(1);
      }
    }
  }

  private String publishThankYou(String candidateId) {
    UUID stepId = UUID.randomUUID();
    events.publish(
        candidateId,
        stepId + ":1",
        stepId.toString(),
        FollowUpEvents.thankYouDue(stepId, candidateId, candidateId + "@example.com"));
    return stepId + ":1";
  }

  private static List<String> recipients(List<MimeMessage> messages) {
    List<String> to = new ArrayList<>();
    for (MimeMessage message : messages) {
      try {
        for (var address : message.getRecipients(Message.RecipientType.TO)) {
          to.add(address.toString());
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return to;
  }

  private List<Map<String, String>> messagesTo(String phone) {
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

  private int attempts(String eventId) {
    Object[] row = row(eventId);
    return row[1] == null ? 0 : ((Number) row[1]).intValue();
  }

  /** status, attempts, last error, next attempt; nulls if none. */
  private Object[] row(String eventId) {
    return DeliveryRows.of(
        entityManager, eventId, null, "status, attempts, last_error, next_attempt_at");
  }
}
