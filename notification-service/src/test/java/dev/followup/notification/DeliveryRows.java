package dev.followup.notification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.util.List;

/** Reads a delivery's columns straight from its table, in a transaction of its own. */
final class DeliveryRows {

  private DeliveryRows() {}

  /**
   * The {@code columns} (SQL, comma separated) of the delivery of {@code eventId} on {@code
   * channel} (on any channel if null), in that order; an array of nulls if there is none yet.
   */
  static Object[] of(EntityManager entityManager, String eventId, String channel, String columns) {
    int count = columns.split(",").length;
    List<?> rows =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  var query =
                      entityManager
                          .createNativeQuery(
                              "select "
                                  + columns
                                  + " from delivery where event_id = :event"
                                  + (channel == null ? "" : " and channel = :channel"))
                          .setParameter("event", eventId);
                  if (channel != null) {
                    query.setParameter("channel", channel);
                  }
                  return query.getResultList();
                });
    if (rows.isEmpty()) {
      return new Object[count];
    }
    return count == 1 ? new Object[] {rows.get(0)} : (Object[]) rows.get(0);
  }
}
