package dev.followup.notification.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

/**
 * The plans PostgreSQL picks for the statements on the delivery table, when its statistics lag
 * behind: a burst of new deliveries after the table was last analysed.
 */
@QuarkusTest
class DeliveryPlansTest {

  @Inject EntityManager entityManager;

  /**
   * Marking sent looks each delivery up by primary key. With the due index's predicate implied by
   * the mark's {@code status = 'PENDING'}, the planner, told by the statistics that few deliveries
   * are pending, walked the whole due index instead, once per batch marked: every pending delivery
   * read to mark three.
   */
  @Test
  void markingSentLooksDeliveriesUpByPrimaryKeyWhateverTheStatisticsSay() {
    String plan;
    // Rolled back: the table is left as it was.
    QuarkusTransaction.begin();
    try {
      plan =
          entityManager
              .unwrap(Session.class)
              .doReturningWork(
                  connection -> {
                    execute(connection, "analyze delivery");
                    List<UUID> burst = insertPendingFarAhead(connection, 3000);
                    return explain(connection, Deliveries.MARK_SENT, burst.subList(0, 3));
                  });
    } finally {
      QuarkusTransaction.rollback();
    }

    assertThat(plan).contains("delivery_pkey").doesNotContain("delivery_due_idx");
  }

  /**
   * The service's connections plan every execution anew: a generic plan, kept from when the table
   * was small, read the whole delivery table to mark a batch sent once a burst had grown it.
   */
  @Test
  void everyExecutionIsPlannedForTheTablesAsTheyAreNow() {
    String mode =
        QuarkusTransaction.requiringNew()
            .call(
                () ->
                    (String)
                        entityManager
                            .createNativeQuery("select current_setting('plan_cache_mode')")
                            .getSingleResult());

    assertThat(mode).isEqualTo("force_custom_plan");
  }

  /** Deliveries due in a hundred years, so that no dispatcher claims them meanwhile. */
  private static List<UUID> insertPendingFarAhead(Connection connection, int count)
      throws SQLException {
    List<UUID> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(UUID.randomUUID());
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            """
            insert into delivery (id, step_id, channel, kind, event_id, address, payload, status,
                                  attempts, next_attempt_at, created_at)
            select id, gen_random_uuid(), 'EMAIL', 'THANK_YOU_EMAIL', id::text || ':1',
                   'plans@example.com', '{}', 'PENDING', 0, now() + interval '100 years', now()
            from unnest(?::uuid[]) as id
            """)) {
      insert.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
      insert.executeUpdate();
    }
    return ids;
  }

  private static String explain(Connection connection, String statement, List<UUID> ids)
      throws SQLException {
    try (PreparedStatement explain = connection.prepareStatement("explain " + statement)) {
      explain.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
      explain.setArray(2, connection.createArrayOf("int8", ids.stream().map(id -> 0L).toArray()));
      StringBuilder plan = new StringBuilder();
      try (ResultSet lines = explain.executeQuery()) {
        while (lines.next()) {
          plan.append(lines.getString(1)).append('\n');
        }
      }
      return plan.toString();
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
