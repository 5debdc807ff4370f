package dev.followup.notification.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.followup.events.OutboxRows;
import dev.followup.infra.TopicReader;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The relay shares the outbox with other instances: it sends what no one else holds, as the
 * CloudEvent the row describes, deletes what the broker took, and leaves alone rows another relay
 * has locked (or, from an earlier version, claimed) until they are free.
 */
@QuarkusTest
class OutboxRelayTest {

  static final Duration WAIT = Duration.ofSeconds(20);

  @Inject OutboxRelay relay;
  @Inject AgroalDataSource dataSource;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void sendsWhatNoOtherRelayHoldsAndDeletesIt() throws Exception {
    String key = "cand-relay-" + UUID.randomUUID();
    Instant createdAt = Instant.parse("2026-03-08T09:15:30.123456Z");
    String free = insert(key, "free", createdAt, null);
    String lockedByOther = insert(key, "locked", createdAt, null);
    String claimedByOlderVersion =
        insert(key, "claimed", createdAt, Instant.now().plus(1, ChronoUnit.HOURS));

    try (TopicReader reader = new TopicReader(bootstrapServers, OutboxRelay.CHANNEL);
        Connection otherRelay = dataSource.getConnection()) {
      otherRelay.setAutoCommit(false);
      try (PreparedStatement lock =
          otherRelay.prepareStatement("select 1 from outbox_event where id = ? for update")) {
        lock.setString(1, lockedByOther);
        lock.executeQuery().close();
      }

      relayUntilIdle();

      // (The scheduled relay may have sent it first; either way it is sent once and deleted.)
      await().atMost(WAIT).until(() -> rows(free).isEmpty());
      List<ConsumerRecord<String, String>> records =
          reader.readToEnd(r -> key.equals(r.key()), WAIT);
      assertThat(records).hasSize(1);
      ConsumerRecord<String, String> record = records.get(0);
      assertThat(TopicReader.header(record, "ce_id")).isEqualTo(free);
      assertThat(TopicReader.header(record, "ce_type")).isEqualTo("dev.followup.test.v1");
      assertThat(TopicReader.header(record, "ce_specversion")).isEqualTo("1.0");
      assertThat(TopicReader.header(record, "ce_source"))
          .isEqualTo("urn:followup:notification-service");
      assertThat(TopicReader.header(record, "ce_subject")).isEqualTo("subject-free");
      assertThat(TopicReader.header(record, "content-type")).isEqualTo("application/json");
      assertThat(OffsetDateTime.parse(TopicReader.header(record, "ce_time")).toInstant())
          .isEqualTo(createdAt);
      assertThat(record.value()).isEqualTo("{\"n\":\"free\"}");
      assertThat(rows(lockedByOther, claimedByOlderVersion))
          .containsExactlyInAnyOrder(lockedByOther, claimedByOlderVersion);

      // The other relay lets go of its row without having sent it (it died, or failed).
      otherRelay.rollback();
      relayUntilIdle();
      await().atMost(WAIT).until(() -> rows(lockedByOther).isEmpty());
      assertThat(reader.readToEnd(r -> key.equals(r.key()), WAIT))
          .extracting(r -> TopicReader.header(r, "ce_id"))
          .containsExactly(free, lockedByOther);
      assertThat(rows(claimedByOlderVersion)).containsExactly(claimedByOlderVersion);
    } finally {
      delete(claimedByOlderVersion);
    }
  }

  /**
   * One relay sends at a time, whatever the number of instances: two sharing the rows would send
   * one key's events side by side, and a later one could reach the topic first.
   */
  @Test
  void noRoundSendsWhileAnotherInstancesRelayHoldsTheRelayLock() throws Exception {
    String key = "cand-relay-" + UUID.randomUUID();
    String waiting;
    try (Connection otherRelay = dataSource.getConnection()) {
      otherRelay.setAutoCommit(false);
      try (PreparedStatement lock =
          otherRelay.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
        lock.setInt(1, OutboxRows.RELAY_LOCK[0]);
        lock.setInt(2, OutboxRows.RELAY_LOCK[1]);
        lock.executeQuery().close();
      }
      waiting = insert(key, "waiting", Instant.now(), null);

      assertThat(relay.relayOneBatch()).isZero();
      assertThat(rows(waiting)).containsExactly(waiting);

      otherRelay.commit();
    }
    await().atMost(WAIT).until(() -> rows(waiting).isEmpty());
  }

  /** Relays until a round finds nothing: the scheduled relay may take some rows first. */
  private void relayUntilIdle() {
    while (relay.relayOneBatch() > 0) {
      // next batch
    }
  }

  private String insert(String key, String name, Instant createdAt, Instant claimedUntil)
      throws Exception {
    String id = UUID.randomUUID() + ":" + name;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                """
                insert into outbox_event (id, topic, record_key, type, subject, payload,
                                          created_at, claimed_until)
                values (?, 'notification-events', ?, 'dev.followup.test.v1', ?, ?, ?, ?)
                """)) {
      insert.setString(1, id);
      insert.setString(2, key);
      insert.setString(3, "subject-" + name);
      insert.setString(4, "{\"n\":\"" + name + "\"}");
      insert.setObject(5, createdAt.atOffset(ZoneOffset.UTC));
      insert.setObject(6, claimedUntil == null ? null : claimedUntil.atOffset(ZoneOffset.UTC));
      insert.executeUpdate();
    }
    return id;
  }

  private void delete(String id) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("delete from outbox_event where id = ?")) {
      delete.setString(1, id);
      delete.executeUpdate();
    }
  }

  /** Which of these events are still in the outbox. */
  private List<String> rows(String... ids) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("select id from outbox_event where id = any(?)")) {
      select.setArray(1, connection.createArrayOf("varchar", ids));
      try (ResultSet rows = select.executeQuery()) {
        List<String> present = new ArrayList<>();
        while (rows.next()) {
          present.add(rows.getString(1));
        }
        return present;
      }
    }
  }
}
