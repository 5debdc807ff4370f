package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import dev.followup.infra.SharedInfrastructure;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Due follow-up steps arrive from Kafka and leave as one email each, over real SMTP. */
@QuarkusTest
class FollowUpDueDeliveryTest {

  static final Duration WAIT = Duration.ofSeconds(30);

  @Inject EntityManager entityManager;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @ConfigProperty(name = "quarkus.mailer.port")
  int mailerPort;

  @ConfigProperty(name = "delivery.message-id-domain")
  String messageIdDomain;

  FollowUpEvents events;

  @BeforeEach
  void connect() {
    assertThat(SharedInfrastructure.smtp().port())
        .as("the mailer must send to the SMTP server this test reads")
        .isEqualTo(mailerPort);
    events = new FollowUpEvents(bootstrapServers);
  }

  @AfterEach
  void disconnect() {
    events.close();
  }

  @Test
  void aDueThankYouReachesTheCandidateAsOneEmailWithADraft() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    UUID stepId = UUID.randomUUID();

    events.publish(
        candidateId,
        stepId.toString(),
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

    await().atMost(WAIT).until(() -> "SENT".equals(deliveryStatus(stepId)));
    assertThat(email.getHeader("Message-ID"))
        .containsExactly("<" + deliveryId(stepId) + "@" + messageIdDomain + ">");
  }

  @Test
  void aRedeliveredEventOrARefiredStepSendsNothingMore() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    UUID stepId = UUID.randomUUID();
    String data = FollowUpEvents.thankYouDue(stepId, candidateId, address);

    events.publish(candidateId, stepId.toString(), stepId.toString(), data);
    awaitOneEmailTo(address);
    await().atMost(WAIT).until(() -> "SENT".equals(deliveryStatus(stepId)));

    // The same event again, then the same step fired again under another event id. Same key,
    // same partition: once the second is processed, so is the first.
    events.publish(candidateId, stepId.toString(), stepId.toString(), data);
    String refireId = UUID.randomUUID().toString();
    events.publish(candidateId, refireId, stepId.toString(), data);
    await().atMost(WAIT).until(() -> processedEventExists(refireId));

    // Give the dispatcher several rounds to send anything it might have.
    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(6))
        .until(() -> emailsTo(address).size() == 1);
    assertThat(deliveriesOf(stepId)).isEqualTo(1);
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

  private String deliveryStatus(UUID stepId) {
    List<?> rows =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    entityManager
                        .createNativeQuery("select status from delivery where step_id = :step")
                        .setParameter("step", stepId)
                        .getResultList());
    return rows.isEmpty() ? null : rows.get(0).toString();
  }

  private String deliveryId(UUID stepId) {
    return entityManager
        .createNativeQuery("select cast(id as varchar) from delivery where step_id = :step")
        .setParameter("step", stepId)
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

  private boolean processedEventExists(String eventId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                            entityManager
                                .createNativeQuery(
                                    "select count(*) from processed_event where event_id = :id")
                                .setParameter("id", eventId)
                                .getSingleResult())
                        .longValue()
                    == 1);
  }
}
