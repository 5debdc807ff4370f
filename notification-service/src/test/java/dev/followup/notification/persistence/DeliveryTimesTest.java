package dev.followup.notification.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.StepKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The instants of deliveries written many at a time (bound as microseconds since the epoch) are
 * stored as the instants themselves, to PostgreSQL's microsecond.
 */
@QuarkusTest
class DeliveryTimesTest {

  @Inject Deliveries deliveries;
  @Inject EntityManager entityManager;

  @Test
  void addedAndSentDeliveriesKeepTheirInstantsToTheMicrosecond() {
    // Far ahead, so that no dispatcher claims them meanwhile.
    Instant due = Instant.parse("2126-03-04T05:06:07.123456789Z");
    Instant created = Instant.parse("1999-12-31T23:59:59.999999600Z");
    Delivery first = delivery(due, created);
    Delivery second = delivery(due.plusSeconds(86_400), Instant.parse("2026-12-01T10:00:00Z"));

    Set<UUID> added =
        QuarkusTransaction.requiringNew()
            .call(() -> deliveries.addAllIfAbsent(List.of(first, second)));

    assertThat(added).containsExactlyInAnyOrder(first.id, second.id);
    assertThat(instant(first.id, "next_attempt_at"))
        .isEqualTo(Instant.parse("2126-03-04T05:06:07.123457Z"));
    assertThat(instant(first.id, "created_at")).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    assertThat(instant(second.id, "next_attempt_at"))
        .isEqualTo(Instant.parse("2126-03-05T05:06:07.123457Z"));
    assertThat(instant(second.id, "created_at")).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));

    Instant firstSent = Instant.parse("2026-12-01T10:00:01.000000499Z");
    Instant secondSent = Instant.parse("1970-01-01T00:00:00.000001Z");
    List<UUID> sent =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    deliveries.markSent(
                        List.of(first.id, second.id), List.of(firstSent, secondSent)));

    assertThat(sent).containsExactlyInAnyOrder(first.id, second.id);
    assertThat(instant(first.id, "sent_at")).isEqualTo(Instant.parse("2026-12-01T10:00:01Z"));
    assertThat(instant(second.id, "sent_at")).isEqualTo(secondSent);
  }

  /**
   * A claimed delivery handed back unsent is due again without the claim counting as an attempt,
   * and only by the claim that holds it: the lease's end, to the microsecond, tells which.
   */
  @Test
  void onlyTheClaimThatHoldsADeliveryHandsItBack() {
    // Claimed far ahead, so that no dispatcher claims it meanwhile.
    Instant leaseEnd = Instant.parse("2126-03-04T05:06:07.123456Z");
    Delivery claimed = delivery(leaseEnd, Instant.parse("2026-12-01T10:00:00Z"));
    QuarkusTransaction.requiringNew().run(() -> deliveries.addAllIfAbsent(List.of(claimed)));
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery("update delivery set attempts = 1 where id = :id")
                    .setParameter("id", claimed.id)
                    .executeUpdate());
    Instant dueAgain = leaseEnd.plusSeconds(60);

    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> deliveries.release(claimed.id, leaseEnd.minusNanos(1_000), dueAgain)))
        .as("an earlier claim's lease")
        .isFalse();
    assertThat(instant(claimed.id, "next_attempt_at")).isEqualTo(leaseEnd);

    assertThat(
            QuarkusTransaction.requiringNew()
                .call(() -> deliveries.release(claimed.id, leaseEnd, dueAgain)))
        .isTrue();
    assertThat(instant(claimed.id, "next_attempt_at")).isEqualTo(dueAgain);
    assertThat(
            QuarkusTransaction.requiringNew()
                .call(
                    () ->
                        ((Number)
                                entityManager
                                    .createNativeQuery(
                                        "select attempts from delivery where id = :id")
                                    .setParameter("id", claimed.id)
                                    .getSingleResult())
                            .intValue()))
        .isZero();
  }

  private static Delivery delivery(Instant due, Instant created) {
    Delivery delivery = new Delivery();
    delivery.id = UUID.randomUUID();
    delivery.stepId = UUID.randomUUID();
    delivery.channel = Channel.EMAIL;
    delivery.kind = StepKind.THANK_YOU_EMAIL;
    delivery.eventId = UUID.randomUUID() + ":1";
    delivery.address = "times@example.com";
    delivery.payload = "{}";
    delivery.tenantId = "";
    delivery.candidateId = "times-" + UUID.randomUUID();
    delivery.nextAttemptAt = due;
    delivery.createdAt = created;
    return delivery;
  }

  private Instant instant(UUID id, String column) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((OffsetDateTime)
                        entityManager
                            .createNativeQuery(
                                "select " + column + " from delivery where id = :id",
                                OffsetDateTime.class)
                            .setParameter("id", id)
                            .getSingleResult())
                    .toInstant());
  }
}
