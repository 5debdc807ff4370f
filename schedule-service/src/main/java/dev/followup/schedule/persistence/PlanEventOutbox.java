package dev.followup.schedule.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The outbox table of plan-change events. Events are appended in the transaction that changes the
 * plan; the relay claims them with a lease ({@code FOR UPDATE SKIP LOCKED}, so instances share the
 * work) and marks them published once the broker has them.
 */
@ApplicationScoped
public class PlanEventOutbox {

  private final EntityManager entityManager;

  PlanEventOutbox(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** Appends an event; must run inside the transaction of the change it reports. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void append(
      String key, String type, String subject, String payload, String traceParent, Instant now) {
    PlanEventRecord event = new PlanEventRecord();
    event.id = UUID.randomUUID();
    event.recordKey = key;
    event.type = type;
    event.subject = subject;
    event.payload = payload;
    event.createdAt = now;
    event.traceParent = traceParent;
    event.persist();
  }

  /** Claims up to {@code limit} unpublished events, oldest first, until {@code now + lease}. */
  @SuppressWarnings("unchecked")
  public List<PlanEventRecord> claim(Instant now, Duration lease, int limit) {
    List<PlanEventRecord> claimed =
        entityManager
            .createNativeQuery(
                """
                update plan_event_outbox set claimed_until = :leaseEnd
                where sequence in (
                    select sequence from plan_event_outbox
                    where published_at is null and (claimed_until is null or claimed_until < :now)
                    order by sequence
                    limit :limit
                    for update skip locked)
                returning *
                """,
                PlanEventRecord.class)
            .setParameter("leaseEnd", Timestamp.from(now.plus(lease)))
            .setParameter("now", Timestamp.from(now))
            .setParameter("limit", limit)
            .getResultList();
    return claimed.stream().sorted(Comparator.comparing(e -> e.sequence)).toList();
  }

  /**
   * Unpublished events: a count on the partial index {@code plan_event_outbox_unpublished_idx}, so
   * its cost follows the backlog, not the table.
   */
  public long countUnpublished() {
    return ((Number)
            entityManager
                .createNativeQuery(
                    "select count(*) from plan_event_outbox where published_at is null")
                .getSingleResult())
        .longValue();
  }

  public void markPublished(List<Long> sequences, Instant now) {
    entityManager
        .createNativeQuery(
            "update plan_event_outbox set published_at = :now, claimed_until = null"
                + " where sequence in (:sequences)")
        .setParameter("now", Timestamp.from(now))
        .setParameter("sequences", sequences)
        .executeUpdate();
  }
}
