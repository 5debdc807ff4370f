package dev.followup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.schedule.application.PlanEventCleanup;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Published plan events leave the outbox after the retention; the others stay. */
@QuarkusTest
class PlanEventCleanupTest {

  @Inject PlanEventCleanup cleanup;
  @Inject EntityManager entityManager;

  @Test
  void eventsPublishedLongerAgoThanTheRetentionAreDeletedInBatchesAndNoOthers() {
    String key = "opp-cleanup-" + UUID.randomUUID();
    // More than two batches of the default 1,000, published two days ago (retention: one day).
    insert(key, "old-published", 2_500, "now() - interval '3 days'", "now() - interval '2 days'");
    insert(key, "recent-published", 3, "now() - interval '3 days'", "now() - interval '1 hour'");
    // Never published, however old: still to be relayed. Under a relay's lease, so that the
    // running relay leaves it alone during the test.
    insert(key, "old-unpublished", 2, "now() - interval '3 days'", "null");

    long deleted = cleanup.deletePublished();

    assertThat(deleted).isGreaterThanOrEqualTo(2_500);
    assertThat(subjects(key))
        .containsExactlyInAnyOrder(
            "old-unpublished",
            "old-unpublished",
            "recent-published",
            "recent-published",
            "recent-published");
  }

  @Test
  void theCleanupFindsOldPublishedEventsThroughItsIndex() {
    String plan =
        QueryPlans.explain(
            entityManager,
            "select sequence from plan_event_outbox where published_at < now() - interval '1 day'"
                + " order by published_at limit 1000");
    assertThat(plan).contains("plan_event_outbox_published_idx").doesNotContain("Seq Scan");
  }

  private void insert(String key, String subject, int count, String createdAt, String publishedAt) {
    QuarkusTransaction.requiringNew()
        .run(
            () ->
                entityManager
                    .createNativeQuery(
                        ("""
                        insert into plan_event_outbox
                          (id, record_key, type, subject, payload, created_at, claimed_until,
                           published_at)
                        select gen_random_uuid(), :key, 'dev.followup.schedule.step-scheduled.v1',
                          :subject, '{}', %s, now() + interval '1 hour', %s
                        from generate_series(1, :count)
                        """)
                            .formatted(createdAt, publishedAt))
                    .setParameter("key", key)
                    .setParameter("subject", subject)
                    .setParameter("count", count)
                    .executeUpdate());
  }

  @SuppressWarnings("unchecked")
  private List<String> subjects(String key) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                entityManager
                    .createNativeQuery(
                        "select subject from plan_event_outbox where record_key = :key")
                    .setParameter("key", key)
                    .getResultList());
  }
}
