package dev.followup.notification.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;

/** The record of CloudEvents already taken in, which makes consuming them idempotent. */
@ApplicationScoped
public class ProcessedEvents {

  private final EntityManager entityManager;

  ProcessedEvents(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * Records the event id unless it is already there. Safe against a concurrent consumer of the same
   * event: the database decides, and the loser sees {@code false} after the winner commits.
   *
   * @return true if the event is new, false if it was processed before
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean recordIfNew(String eventId, String type, Instant at) {
    return entityManager
            .createNativeQuery(
                """
                insert into processed_event (event_id, type, processed_at)
                values (:id, :type, :at)
                on conflict (event_id) do nothing
                """)
            .setParameter("id", eventId)
            .setParameter("type", type)
            .setParameter("at", Timestamp.from(at))
            .executeUpdate()
        == 1;
  }
}
