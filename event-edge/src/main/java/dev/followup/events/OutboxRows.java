package dev.followup.events;

import io.opentelemetry.context.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The relay's side of an {@code outbox_event} table, as the interview-service and the
 * notification-service keep it: events written in the transaction of the change they report, sent
 * by a relay after commit, and deleted once the broker has them.
 *
 * <p>A relay round ({@link #relayOne}) runs in one transaction of the caller's: lock the oldest
 * rows, send them, wait for the broker, delete them; the caller commits. One relay sends at a time,
 * whatever the number of instances: a round holds a transaction-level advisory lock ({@link
 * #RELAY_LOCK}), and a round that finds it taken sends nothing. Two relays sharing the rows ({@code
 * SKIP LOCKED}) would send one key's events side by side, and a later event could reach the topic
 * before an earlier one. A relay that dies mid-way releases its rows with its connection, and they
 * are sent again with the same CloudEvent ids: at least once, and consumers deduplicate by id. The
 * transaction stays open while the broker answers, at most the send timeout. The rows are read with
 * plain JDBC into records: as managed entities, each would be hydrated and then checked for changes
 * at commit, for nothing.
 */
public final class OutboxRows {

  /**
   * The advisory lock a relay round holds for its transaction: its two keys, "outb" and "rela" in
   * ASCII.
   */
  public static final int[] RELAY_LOCK = {0x6f757462, 0x72656c61};

  private final CloudEventWriter writer;
  private final Function<String, Context> traceOf;
  private final int batchSize;
  private final Duration sendTimeout;
  private final Consumer<CloudEvent> published;

  /**
   * @param traceOf the context a row's stored {@code traceparent} continues
   * @param published told of each event the broker acknowledged
   */
  public OutboxRows(
      CloudEventWriter writer,
      Function<String, Context> traceOf,
      int batchSize,
      Duration sendTimeout,
      Consumer<CloudEvent> published) {
    this.writer = writer;
    this.traceOf = traceOf;
    this.batchSize = batchSize;
    this.sendTimeout = sendTimeout;
    this.published = published;
  }

  /**
   * Relays one batch on {@code connection}, whose transaction the caller then commits.
   *
   * @return how many events the broker took and were deleted
   * @throws IllegalStateException if the broker did not take them all in time: the caller rolls
   *     back, and they are sent again
   */
  public int relayOne(Connection connection, Instant now) throws SQLException {
    List<Row> batch = lockUnpublished(connection, now, batchSize);
    if (batch.isEmpty()) {
      return 0;
    }
    List<CloudEvent> events = batch.stream().map(row -> row.toCloudEvent(traceOf)).toList();
    CloudEventWriter.await(writer.send(batch.get(0).topic(), events, published), sendTimeout);
    delete(connection, batch);
    return batch.size();
  }

  /** One event waiting in the outbox. */
  public record Row(
      long sequence,
      String id,
      String topic,
      String key,
      String type,
      String subject,
      String payload,
      OffsetDateTime createdAt,
      String traceParent) {

    /** The event as it is published, in the trace {@code traceOf} restores from its row. */
    public CloudEvent toCloudEvent(Function<String, Context> traceOf) {
      return new CloudEvent(
          id,
          type,
          subject,
          key,
          payload,
          createdAt.withOffsetSameInstant(ZoneOffset.UTC),
          traceOf.apply(traceParent));
    }
  }

  /**
   * Locks up to {@code limit} of the oldest unpublished rows, until the caller's transaction ends;
   * all of one topic, the first one's, so that they go out in order in one send. None while another
   * relay holds {@link #RELAY_LOCK}: it is not waited for, the next round looks again. Rows marked
   * published or claimed ({@code published_at}, {@code claimed_until}) by a relay of an earlier
   * version, during a rolling upgrade, are left to it.
   */
  static List<Row> lockUnpublished(Connection connection, Instant now, int limit)
      throws SQLException {
    List<Row> locked = new ArrayList<>(limit);
    if (!relayLockTaken(connection)) {
      return locked;
    }
    try (PreparedStatement select =
        connection.prepareStatement(
            """
            select sequence, id, topic, record_key, type, subject, payload, created_at,
                   trace_parent
            from outbox_event
            where published_at is null and (claimed_until is null or claimed_until < ?)
            order by sequence
            limit ?
            for update skip locked
            """)) {
      select.setObject(1, now.atOffset(ZoneOffset.UTC));
      select.setInt(2, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Row row =
              new Row(
                  rows.getLong(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getString(7),
                  rows.getObject(8, OffsetDateTime.class),
                  rows.getString(9));
          if (!locked.isEmpty() && !row.topic().equals(locked.get(0).topic())) {
            break; // the next round starts with it
          }
          locked.add(row);
        }
      }
    }
    return locked;
  }

  /** Deletes the rows the broker now has: one statement whatever the size of the batch. */
  static void delete(Connection connection, List<Row> published) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("delete from outbox_event where sequence = any(?)")) {
      delete.setArray(
          1, connection.createArrayOf("int8", published.stream().map(Row::sequence).toArray()));
      delete.executeUpdate();
    }
  }

  /** Takes the relay's lock for this transaction if no other relay holds it. */
  private static boolean relayLockTaken(Connection connection) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("select pg_try_advisory_xact_lock(?, ?)")) {
      lock.setInt(1, RELAY_LOCK[0]);
      lock.setInt(2, RELAY_LOCK[1]);
      try (ResultSet taken = lock.executeQuery()) {
        return taken.next() && taken.getBoolean(1);
      }
    }
  }
}
