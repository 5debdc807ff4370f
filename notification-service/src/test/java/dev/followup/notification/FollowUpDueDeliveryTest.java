package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.SharedInfrastructure;
import dev.followup.notification.application.DeliveryIntake;
import dev.followup.notification.domain.FollowUpDue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Due follow-up steps arrive from Kafka and leave as one email each, over real SMTP. */
@QuarkusTest
class FollowUpDueDeliveryTest {

  static final Duration WAIT = Duration.ofSeconds(30);

  @Inject EntityManager entityManager;
  @Inject DeliveryIntake intake;
  @Inject ObjectMapper objectMapper;

  @ConfigProperty(name = "quarkus.mailer.port")
  int mailerPort;

  @ConfigProperty(name = "delivery.message-id-domain")
  String messageIdDomain;

  final FollowUpEvents events = FollowUpEvents.shared();

  @BeforeEach
  void connect() {
    assertThat(SharedInfrastructure.smtp().port())
        .as("the mailer must send to the SMTP server this test reads")
        .isEqualTo(mailerPort);
  }

  @Test
  void aDueThankYouReachesTheCandidateAsOneEmailWithADraft() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    UUID stepId = UUID.randomUUID();
    String eventId = stepId + ":1";

    events.publish(
        candidateId,
        eventId,
        stepId.toString(),
        FollowUpEvents.thankYouDue(stepId, candidateId, address));

    MimeMessage email = awaitOneEmailTo(address);
    assertThat(email.getSubject()).isEqualTo("Send your thank-you to Dana Lee today");
    assertThat(Arrays.stream(email.getRecipients(Message.RecipientType.TO)).map(Address::toString))
        .containsExactly(address);
    assertThat(email.getFrom()[0].toString()).isEqualTo("followup@localhost");

    Map<String, String> parts = textParts(email);
    assertThat(parts).containsKeys("text/plain", "text/html");
    for (String body : parts.values()) {
      assertThat(body)
          .contains("Dear Dana Lee,")
          .contains("the billing migration and on-call in Zürich")
          .contains("Backend engineer")
          .contains("Acme Corp")
          .contains("dana@acme.example");
    }
    assertThat(parts.get("text/html")).contains("<strong>Dana Lee</strong>");

    await().atMost(WAIT).until(() -> "SENT".equals(deliveryStatus(eventId)));
    assertThat(email.getHeader("Message-ID"))
        .containsExactly("<" + deliveryId(eventId) + "@" + messageIdDomain + ">");
  }

  @Test
  void aRedeliveredEventOrAStepReFiredAfterACrashSendsNothingMore() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    UUID stepId = UUID.randomUUID();
    String eventId = stepId + ":1";
    String data = FollowUpEvents.thankYouDue(stepId, candidateId, address);

    events.publish(candidateId, eventId, stepId.toString(), data);
    awaitOneEmailTo(address);
    await().atMost(WAIT).until(() -> "SENT".equals(deliveryStatus(eventId)));

    // The same event again (a redelivery, or the schedule-service re-firing the step after a
    // crash: same revision, same id), then a probe on the same key, hence the same partition:
    // once the probe's email arrives, the duplicate has been processed.
    events.publish(candidateId, eventId, stepId.toString(), data);
    UUID probeStep = UUID.randomUUID();
    String probeAddress = "probe-" + candidateId + "@example.com";
    events.publish(
        candidateId,
        probeStep + ":1",
        probeStep.toString(),
        FollowUpEvents.thankYouDue(probeStep, candidateId, probeAddress));
    awaitOneEmailTo(probeAddress);

    // Give the dispatcher several rounds to send anything it might have.
    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(6))
        .until(() -> emailsTo(address).size() == 1);
    assertThat(deliveriesOf(stepId)).isEqualTo(1);
  }

  @Test
  void aPollTakesInEachEventOnceWhateverRepeatsIt() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    UUID stepId = UUID.randomUUID();
    String eventId = stepId + ":1";
    String data = FollowUpEvents.thankYouDue(stepId, candidateId, candidateId + "@example.com");
    DeliveryIntake.Due due =
        new DeliveryIntake.Due(
            eventId,
            FollowUpEvents.TYPE,
            objectMapper
                .readerFor(FollowUpDue.class)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(data),
            data,
            null);

    // The same event twice in one poll, then again in a later one.
    assertThat(QuarkusTransaction.requiringNew().call(() -> intake.acceptAll(List.of(due, due))))
        .containsExactly(DeliveryIntake.Outcome.ACCEPTED, DeliveryIntake.Outcome.DUPLICATE_EVENT);
    assertThat(QuarkusTransaction.requiringNew().call(() -> intake.acceptAll(List.of(due))))
        .containsExactly(DeliveryIntake.Outcome.DUPLICATE_EVENT);
    // Its event id forgotten (as after a purge of old ids), the delivery still stands.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery("delete from processed_event where event_id = :event")
                    .setParameter("event", eventId)
                    .executeUpdate());
    assertThat(QuarkusTransaction.requiringNew().call(() -> intake.acceptAll(List.of(due))))
        .containsExactly(DeliveryIntake.Outcome.DUPLICATE_DELIVERY);
    assertThat(QuarkusTransaction.requiringNew().call(() -> deliveriesOf(stepId))).isEqualTo(1);
  }

  @Test
  void aSnoozedStepFiresAgainUnderANewRevisionAndIsDeliveredAgain() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    UUID stepId = UUID.randomUUID();
    String data = FollowUpEvents.thankYouDue(stepId, candidateId, address);

    events.publish(candidateId, stepId + ":1", stepId.toString(), data);
    awaitOneEmailTo(address);

    // The candidate snoozed the step: it was moved, so it fires again under revision 2.
    events.publish(candidateId, stepId + ":2", stepId.toString(), data);
    List<MimeMessage> both = await().atMost(WAIT).until(() -> emailsTo(address), hasSize(2));
    assertThat(both.get(0).getHeader("Message-ID")[0])
        .as("each revision is its own delivery, with its own Message-ID")
        .isNotEqualTo(both.get(1).getHeader("Message-ID")[0]);
    await().atMost(WAIT).until(() -> "SENT".equals(deliveryStatus(stepId + ":2")));
    assertThat(deliveriesOf(stepId)).isEqualTo(2);
  }

  @Test
  void aCandidateWithoutPreferencesGetsANudgeByEmailToo() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    UUID stepId = UUID.randomUUID();
    events.publish(
        candidateId,
        stepId + ":1",
        stepId.toString(),
        FollowUpEvents.keepSearchingDue(stepId, candidateId, address));

    MimeMessage email = awaitOneEmailTo(address);
    assertThat(email.getSubject()).isEqualTo("Keep your search going");
    Map<String, String> parts = textParts(email);
    assertThat(parts).containsOnlyKeys("text/plain", "text/html");
    assertThat(parts.get("text/plain")).contains("Hi Sam Rivera,").contains("Acme Corp");
    // Its kind has no HTML template: the HTML part is the text laid out, in the same language.
    assertThat(parts.get("text/html"))
        .startsWith("<!DOCTYPE html>")
        .contains("<html lang=\"en\">")
        .contains("<p>Hi Sam Rivera,</p>")
        .contains("keep your search going")
        .contains("Stop reminder emails");
  }

  /** Waits until exactly one email to {@code address} has arrived and returns it. */
  static MimeMessage awaitOneEmailTo(String address) {
    return await().atMost(WAIT).until(() -> emailsTo(address), hasSize(1)).get(0);
  }

  static List<MimeMessage> emailsTo(String address) {
    return SharedInfrastructure.smtp().receivedMessages().stream()
        .filter(message -> isAddressedTo(message, address))
        .toList();
  }

  private static boolean isAddressedTo(MimeMessage message, String address) {
    try {
      Address[] to = message.getRecipients(Message.RecipientType.TO);
      return to != null
          && Arrays.stream(to)
              .anyMatch(a -> a instanceof InternetAddress ia && address.equals(ia.getAddress()));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text parts of a message by MIME type, e.g. text/plain and text/html. */
  static Map<String, String> textParts(Part part) throws MessagingException, IOException {
    Map<String, String> parts = new HashMap<>();
    if (part.isMimeType("multipart/*")) {
      MimeMultipart multipart = (MimeMultipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        parts.putAll(textParts(multipart.getBodyPart(i)));
      }
    } else if (part.isMimeType("text/*")) {
      parts.put(new ContentType(part.getContentType()).getBaseType(), (String) part.getContent());
    }
    return parts;
  }

  // Awaitility polls on its own thread, where no request context is active: each query gets its own
  // transaction.

  private String deliveryStatus(String eventId) {
    Object status = DeliveryRows.of(entityManager, eventId, null, "status")[0];
    return status == null ? null : status.toString();
  }

  private String deliveryId(String eventId) {
    return entityManager
        .createNativeQuery("select cast(id as varchar) from delivery where event_id = :event")
        .setParameter("event", eventId)
        .getSingleResult()
        .toString();
  }

  private long deliveriesOf(UUID stepId) {
    return ((Number)
            entityManager
                .createNativeQuery("select count(*) from delivery where step_id = :step")
                .setParameter("step", stepId)
                .getSingleResult())
        .longValue();
  }
}
