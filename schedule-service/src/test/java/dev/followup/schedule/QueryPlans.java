package dev.followup.schedule;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.util.List;

/** The plans PostgreSQL picks for the service's queries, to check that they stay index scans. */
final class QueryPlans {

  private QueryPlans() {}

  /**
   * The plan of {@code query} with sequential scans discouraged, as on a table large enough that an
   * index pays: on the few rows of a test the planner would otherwise read the table whatever the
   * indexes.
   */
  static String explain(EntityManager entityManager, String query) {
    return QuarkusTransaction.requiringNew()
        .call(
            () -> {
              entityManager.createNativeQuery("set local enable_seqscan = off").executeUpdate();
              @SuppressWarnings("unchecked")
              List<String> lines =
                  entityManager.createNativeQuery("explain " + query).getResultList();
              return String.join("\n", lines);
            });
  }
}
