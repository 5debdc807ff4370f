package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A delivery that cannot be sent is tried again later, not at once and not forever; one whose
 * outcome was lost in a crash is sent again, recognisably.
 */
@QuarkusTest
class DeliveryRetryTest {

  @Inject EntityManager entityManager;
  @Inject Mailer mailer;

  @ConfigProperty(name = "delivery.message-id-domain")
  String messageIdDomain;

  @Test
  void aFailedAttemptIsRecordedAndTheDeliveryWaitsForTheBackOff() {
    UUID id = UUID.randomUUID();
    Instant before = Instant.now();
    // Event data that cannot be rendered: every attempt fails.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        """
                        insert into delivery (id, step_id, channel, kind, event_id, address,
                                              payload, status, attempts, next_attempt_at,
                                              created_at)
                        values (:id, :step, 'EMAIL', 'THANK_YOU_EMAIL', :event,
                                'nobody@example.com', '{}', 'PENDING', 0, now(), now())
                        """)
                    .setParameter("id", id)
                    .setParameter("step", UUID.randomUUID())
                    .setParameter("event", UUID.randomUUID().toString())
                    .executeUpdate());

    await().atMost(FollowUpDueDeliveryTest.WAIT).until(() -> row(id)[1] != null);

    Object[] row = row(id);
    assertThat(row[0]).isEqualTo("PENDING");
    assertThat(row[1]).asString().isNotBlank();
    assertThat(((Number) row[2]).intValue()).isEqualTo(1);
    // The first back-off is 30 s, give or take a fifth: nothing is tried again in a tight loop.
    assertThat((Instant) row[3]).isAfter(before.plus(Duration.ofSeconds(23)));
  }

  /**
   * SMTP has no idempotency key: if the process dies after the server accepted the email and before
   * the delivery is recorded as sent, the email goes out again when the lease ends. The copy
   * carries the same Message-ID, so mail clients fold it away and it is recognisable as a copy.
   */
  @Test
  void anEmailSentAgainAfterACrashCarriesTheSameMessageId() throws Exception {
    UUID id = UUID.randomUUID();
    UUID stepId = UUID.randomUUID();
    String candidateId = "cand-" + UUID.randomUUID();
    String address = candidateId + "@example.com";
    String messageId = "<" + id + "@" + messageIdDomain + ">";
    // What the crashed attempt got out.
    mailer.send(
        Mail.withText(address, "Send your thank-you to Dana Lee today", "first copy")
            .addHeader("Message-ID", messageId));
    // What it left behind: the delivery, claimed once, its lease over.
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        """
                        insert into delivery (id, step_id, channel, kind, event_id, address,
                                              payload, status, attempts, next_attempt_at,
                                              created_at, candidate_id)
                        values (:id, :step, 'EMAIL', 'THANK_YOU_EMAIL', :event, :address,
                                :payload, 'PENDING', 1, now(), now(), :candidate)
                        """)
                    .setParameter("id", id)
                    .setParameter("step", stepId)
                    .setParameter("event", stepId + ":1")
                    .setParameter("address", address)
                    .setParameter(
                        "payload", FollowUpEvents.thankYouDue(stepId, candidateId, address))
                    .setParameter("candidate", candidateId)
                    .executeUpdate());

    List<MimeMessage> copies =
        await()
            .atMost(FollowUpDueDeliveryTest.WAIT)
            .until(() -> FollowUpDueDeliveryTest.emailsTo(address), hasSize(2));
    assertThat(copies)
        .extracting(m -> m.getHeader("Message-ID")[0])
        .containsExactly(messageId, messageId);
    await().atMost(FollowUpDueDeliveryTest.WAIT).until(() -> "SENT".equals(row(id)[0]));
  }

  /** Status, last error, attempts and next attempt of a delivery. */
  private Object[] row(UUID id) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                (Object[])
                    entityManager
                        .createNativeQuery(
                            "select status, last_error, attempts, next_attempt_at"
                                + " from delivery where id = :id")
                        .setParameter("id", id)
                        .getSingleResult());
  }
}
