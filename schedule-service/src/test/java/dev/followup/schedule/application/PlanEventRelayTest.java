package dev.followup.schedule.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.followup.schedule.persistence.PlanEventOutbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * One relay sends plan events at a time, whatever the number of instances: two relays sharing the
 * rows would send one opportunity's events side by side, and partners could see a step cancelled
 * before it was scheduled.
 */
@QuarkusTest
class PlanEventRelayTest {

  @Inject PlanEventRelay relay;
  @Inject DataSource dataSource;

  @Test
  void noRoundSendsWhileAnotherInstancesRelayHoldsTheRelayLock() throws Exception {
    String key = "opp-" + UUID.randomUUID();
    try (Connection otherRelay = dataSource.getConnection()) {
      otherRelay.setAutoCommit(false);
      try (PreparedStatement lock =
          otherRelay.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
        lock.setInt(1, PlanEventOutbox.RELAY_LOCK[0]);
        lock.setInt(2, PlanEventOutbox.RELAY_LOCK[1]);
        lock.executeQuery().close();
      }
      insertBatch(key);

      assertThat(relay.relayOneBatch()).isFalse();
      assertThat(waiting(key)).isEqualTo(1);

      otherRelay.commit();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> waiting(key) == 0);
  }

  private void insertBatch(String key) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "insert into plan_event_batch (record_key, event_ids, types, subjects, payloads,"
                    + " created_at) values (?, ?::uuid[], '{dev.followup.test.v1}', '{step-1}',"
                    + " '{\"n\":1}', now())")) {
      insert.setString(1, key);
      insert.setString(2, "{" + UUID.randomUUID() + "}");
      insert.executeUpdate();
    }
  }

  private long waiting(String key) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement count =
            connection.prepareStatement(
                "select count(*) from plan_event_batch where record_key = ?")) {
      count.setString(1, key);
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
