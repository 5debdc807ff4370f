package dev.followup.notification.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.Session;

/** The record of CloudEvents already taken in, which makes consuming them idempotent. */
@ApplicationScoped
public class ProcessedEvents {

  private final EntityManager entityManager;

  ProcessedEvents(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * Records the event ids that are not there yet, in one statement. Safe against a concurrent
   * consumer of the same events: the database decides, and the loser sees them as recorded before
   * once the winner commits. An id given twice is recorded once.
   *
   * @param types the CloudEvent type of each event id, in the same order
   * @return the ids that were new
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Set<String> recordAllIfNew(List<String> eventIds, List<String> types, Instant at) {
    if (eventIds.isEmpty()) {
      return Set.of();
    }
    return entityManager
        .unwrap(Session.class)
        .doReturningWork(
            connection -> {
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      """
                      insert into processed_event (event_id, type, processed_at)
                      select e.id, e.type, ? from unnest(?::text[], ?::text[]) as e(id, type)
                      on conflict (event_id) do nothing
                      returning event_id
                      """)) {
                insert.setObject(1, at.atOffset(ZoneOffset.UTC));
                insert.setArray(2, connection.createArrayOf("text", eventIds.toArray()));
                insert.setArray(3, connection.createArrayOf("text", types.toArray()));
                Set<String> recorded = new HashSet<>();
                try (ResultSet rows = insert.executeQuery()) {
                  while (rows.next()) {
                    recorded.add(rows.getString(1));
                  }
                }
                return recorded;
              }
            });
  }
}
