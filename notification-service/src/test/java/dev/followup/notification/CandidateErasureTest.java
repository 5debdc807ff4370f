package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.followup.infra.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A candidate erased in the interview-service ({@code candidate.erased.v1} on {@code
 * interview-events}) is erased here too: no reminder of theirs is sent afterwards, and no table
 * keeps anything of them but the erased key.
 */
@QuarkusTest
class CandidateErasureTest {

  static final String TOPIC = "interview-events";
  static final String ERASED = "dev.followup.candidate.erased.v1";
  static final String DEAD_LETTER_TOPIC = "interview-events.notification.dlq";

  @Inject EntityManager entityManager;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  final FollowUpEvents events = FollowUpEvents.shared();

  @Test
  void anErasedCandidateLeavesNothingBehindAndIsSentNothingMore() {
    String candidateId = "cand-" + UUID.randomUUID();
    String address = "erased-" + candidateId + "@example.com";
    // A French mobile number (06 1x xx xx xx) of its own: no other test's row holds it.
    String phone = "+3361" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    String otherCandidate = "cand-" + UUID.randomUUID();
    // In their quiet hours, so that the reminder waits, pending, when the erasure comes.
    Instant now = Instant.now();
    ChannelRoutingTest.savePreferences(
        candidateId,
        """
        {"email": "%s", "phone": "%s", "timeZone": "Etc/UTC",
         "quietHours": {"start": "%s", "end": "%s"}}
        """
            .formatted(
                address,
                phone,
                minute(now.minus(Duration.ofHours(1))),
                minute(now.plus(Duration.ofHours(2)))));
    ChannelRoutingTest.savePreferences(otherCandidate, "{\"timeZone\": \"Etc/UTC\"}");
    String pendingEvent = events.publishThankYou(candidateId, address);
    String otherEvent = events.publishThankYou(otherCandidate, otherCandidate + "@example.com");
    await().atMost(FollowUpDueDeliveryTest.WAIT).until(() -> deliveries(pendingEvent) == 1);
    FollowUpDueDeliveryTest.awaitOneEmailTo(otherCandidate + "@example.com");
    execute(
        "insert into push_subscription (id, tenant_id, candidate_id, endpoint, p256dh, auth,"
            + " created_at) values (gen_random_uuid(), '"
            + Tokens.TENANT
            + "', '"
            + candidateId
            + "', 'https://push.example/"
            + candidateId
            + "', 'key', 'secret', now())");
    execute(
        "insert into email_opt_out (tenant_id, candidate_id, opted_out_at) values ('"
            + Tokens.TENANT
            + "', '"
            + candidateId
            + "', now())");
    assertThat(tablesHolding(candidateId)).contains("delivery", "candidate_preferences");

    // Other events of the topic, CloudEvents or not, are passed over.
    events.publish(TOPIC, candidateId, headers("dev.followup.interview.completed.v1"), "{}");
    events.publish(TOPIC, candidateId, Map.of(), "not a CloudEvent");
    publishErasure(candidateId);

    await()
        .atMost(FollowUpDueDeliveryTest.WAIT)
        .untilAsserted(
            () -> assertThat(tablesHolding(candidateId)).containsOnly("erased_candidate"));
    assertThat(tablesHolding(address)).isEmpty();
    assertThat(tablesHolding(phone)).isEmpty();
    assertThat(deliveries(otherEvent)).isEqualTo(1);
    assertThat(tablesHolding(otherCandidate)).contains("delivery", "candidate_preferences");

    // A step that fires after the erasure (its event was on its way, or is replayed) is taken in
    // and sends nothing. The marker, sent to the other candidate after it, shows the dispatcher
    // has had its chance.
    String lateEvent = events.publishThankYou(candidateId, address);
    await()
        .atMost(FollowUpDueDeliveryTest.WAIT)
        .until(
            () ->
                count("select count(*) from processed_event where event_id = ?1", lateEvent) == 1);
    String marker = "after-" + otherCandidate + "@example.com";
    events.publishThankYou(otherCandidate, marker);
    FollowUpDueDeliveryTest.awaitOneEmailTo(marker);
    assertThat(deliveries(lateEvent)).isZero();
    assertThat(FollowUpDueDeliveryTest.emailsTo(address)).isEmpty();

    // Erasing again changes nothing, and leaves the others alone.
    publishErasure(candidateId);
    String lastMarker = "last-" + otherCandidate + "@example.com";
    events.publishThankYou(otherCandidate, lastMarker);
    FollowUpDueDeliveryTest.awaitOneEmailTo(lastMarker);
    assertThat(tablesHolding(candidateId)).containsOnly("erased_candidate");
    assertThat(tablesHolding(otherCandidate)).contains("delivery", "candidate_preferences");
    try (TopicReader deadLetters = new TopicReader(bootstrapServers, DEAD_LETTER_TOPIC)) {
      assertThat(
              deadLetters.readToEnd(r -> candidateId.equals(r.key()), FollowUpDueDeliveryTest.WAIT))
          .as("nothing of the topic was dead-lettered")
          .isEmpty();
    }
  }

  @Test
  void anErasureThatNamesNoCandidateIsDeadLetteredWithItsReason() {
    String key = "cand-" + UUID.randomUUID();
    String data =
        "{\"tenantId\": \"" + Tokens.TENANT + "\", \"erasedAt\": \"2026-12-01T10:00:00Z\"}";
    events.publish(TOPIC, key, headers(ERASED), data);
    try (TopicReader deadLetters = new TopicReader(bootstrapServers, DEAD_LETTER_TOPIC)) {
      List<ConsumerRecord<String, String>> dead =
          deadLetters.awaitMatching(r -> key.equals(r.key()), 1, FollowUpDueDeliveryTest.WAIT);
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).value()).isEqualTo(data);
      assertThat(TopicReader.header(dead.get(0), "dead-letter-reason")).contains("candidateId");
    }
  }

  private static String minute(Instant instant) {
    return instant.atZone(ZoneOffset.UTC).toLocalTime().truncatedTo(ChronoUnit.MINUTES).toString();
  }

  private void publishErasure(String candidateId) {
    events.publish(
        TOPIC,
        candidateId,
        headers(ERASED),
        """
        {"tenantId": "%s", "candidateId": "%s", "erasedAt": "%s"}
        """
            .formatted(Tokens.TENANT, candidateId, Instant.now()));
  }

  private static Map<String, String> headers(String type) {
    return Map.of(
        "ce_specversion",
        "1.0",
        "ce_id",
        UUID.randomUUID().toString(),
        "ce_type",
        type,
        "ce_source",
        "urn:followup:interview-service",
        "content-type",
        "application/json");
  }

  private long deliveries(String eventId) {
    return count("select count(*) from delivery where event_id = ?1", eventId);
  }

  private long count(String query, String parameter) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery(query)
                            .setParameter(1, parameter)
                            .getSingleResult())
                    .longValue());
  }

  private void execute(String statement) {
    QuarkusTransaction.requiringNew()
        .run(() -> entityManager.createNativeQuery(statement).executeUpdate());
  }

  /**
   * The tables of which a row holds {@code text} in any column: every table of the schema is read,
   * each row as text, so that a table or column added later is covered too.
   */
  @SuppressWarnings("unchecked")
  private List<String> tablesHolding(String text) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              List<String> tables =
                  entityManager
                      .createNativeQuery(
                          "select table_name from information_schema.tables"
                              + " where table_schema = current_schema()"
                              + " and table_type = 'BASE TABLE'"
                              + " and table_name not like 'flyway%'")
                      .getResultList();
              List<String> holding = new ArrayList<>();
              for (String table : tables) {
                Number rows =
                    (Number)
                        entityManager
                            .createNativeQuery(
                                "select count(*) from "
                                    + table
                                    + " t"
                                    + " where strpos(cast(t as text), ?1) > 0")
                            .setParameter(1, text)
                            .getSingleResult();
                if (rows.longValue() > 0) {
                  holding.add(table);
                }
              }
              return holding;
            });
  }
}
