package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A delivery that cannot be sent is tried again later, not at once and not forever. */
@QuarkusTest
class DeliveryRetryTest {

  @Inject EntityManager entityManager;

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
