package dev.followup.notification.persistence;

import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.DeliveryStatus;
import dev.followup.notification.domain.StepKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

/** Stores deliveries and hands due ones to dispatchers, each to one dispatcher at a time. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Deliveries {

  /** Longest error text kept on a delivery. */
  private static final int MAX_ERROR_LENGTH = 1000;

  private final EntityManager entityManager;

  Deliveries(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * Adds pending deliveries, each due at its next attempt time, in one statement; a delivery whose
   * event already has one on its channel is left out.
   *
   * @return the ids of the deliveries that were added
   */
  public Set<UUID> addAllIfAbsent(List<Delivery> added) {
    if (added.isEmpty()) {
      return Set.of();
    }
    return entityManager
        .unwrap(Session.class)
        .doReturningWork(
            connection -> {
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      """
                      insert into delivery (id, step_id, channel, kind, event_id, address, payload,
                                            status, attempts, next_attempt_at, created_at,
                                            tenant_id, candidate_id, channel_plan, trace_parent)
                      select d.id, d.step_id, d.channel, d.kind, d.event_id, d.address, d.payload,
                             'PENDING', 0,
                             timestamptz 'epoch' + d.due_at * interval '1 microsecond',
                             timestamptz 'epoch' + d.created_at * interval '1 microsecond',
                             d.tenant_id, d.candidate_id, d.channel_plan, d.trace_parent
                      from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[],
                                  ?::text[], ?::int8[], ?::int8[], ?::text[],
                                  ?::text[], ?::text[], ?::text[])
                           as d(id, step_id, channel, kind, event_id, address, payload, due_at,
                                created_at, tenant_id, candidate_id, channel_plan, trace_parent)
                      on conflict (event_id, channel) do nothing
                      returning id
                      """)) {
                int n = 0;
                insert.setArray(++n, array(connection, "uuid", added, d -> d.id));
                insert.setArray(++n, array(connection, "uuid", added, d -> d.stepId));
                insert.setArray(++n, array(connection, "text", added, d -> d.channel.name()));
                insert.setArray(++n, array(connection, "text", added, d -> d.kind.name()));
                insert.setArray(++n, array(connection, "text", added, d -> d.eventId));
                insert.setArray(++n, array(connection, "text", added, d -> d.address));
                insert.setArray(++n, array(connection, "text", added, d -> d.payload));
                insert.setArray(++n, micros(connection, added, d -> d.nextAttemptAt));
                insert.setArray(++n, micros(connection, added, d -> d.createdAt));
                insert.setArray(
                    ++n,
                    array(connection, "text", added, d -> d.tenantId == null ? "" : d.tenantId));
                insert.setArray(++n, array(connection, "text", added, d -> d.candidateId));
                insert.setArray(++n, array(connection, "text", added, d -> d.channelPlan));
                insert.setArray(++n, array(connection, "text", added, d -> d.traceParent));
                Set<UUID> inserted = new HashSet<>();
                try (ResultSet rows = insert.executeQuery()) {
                  while (rows.next()) {
                    inserted.add(rows.getObject(1, UUID.class));
                  }
                }
                return inserted;
              }
            });
  }

  /** One column of the deliveries, as an SQL array. */
  private static java.sql.Array array(
      Connection connection, String type, List<Delivery> rows, Function<Delivery, Object> column)
      throws SQLException {
    return connection.createArrayOf(type, rows.stream().map(column).toArray());
  }

  /**
   * A column of instants as microseconds since the epoch, which the statement turns back into
   * {@code timestamptz} ({@code timestamptz 'epoch' + micros * interval '1 microsecond'}): binding
   * them as text made every instant be formatted here and parsed again by PostgreSQL. Rounded to
   * the microsecond as the driver rounds a single {@code Timestamp}.
   */
  private static <T> java.sql.Array micros(
      Connection connection, List<T> rows, Function<T, Instant> column) throws SQLException {
    Long[] micros = new Long[rows.size()];
    for (int i = 0; i < micros.length; i++) {
      Instant rounded = column.apply(rows.get(i)).plusNanos(500).truncatedTo(ChronoUnit.MICROS);
      micros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, rounded);
    }
    return connection.createArrayOf("int8", micros);
  }

  /**
   * Claims up to {@code limit} pending deliveries on a channel due at {@code now}, oldest due
   * first, and counts the attempt. The claim is a lease: the due time moves to {@code leaseEnd}, so
   * if the claimer dies before recording the outcome, the deliveries fall due again then. {@code
   * SKIP LOCKED} lets several instances claim side by side without waiting on each other. It reads
   * the due index, {@code (channel, next_attempt_at)} over pending deliveries not sent; {@code
   * sent_at is null} (true of every pending delivery) is what lets it, and keeps every other
   * statement off that index (migration V9).
   */
  public List<Delivery> claimDue(Channel channel, Instant now, Instant leaseEnd, int limit) {
    // Plain JDBC: as an entity query, Hibernate resolved the result's mapping anew at every claim,
    // a third of a claim's CPU in a profile; claimed deliveries are not changed through the
    // persistence context anyway.
    return entityManager
        .unwrap(Session.class)
        .doReturningWork(
            connection -> {
              try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setObject(1, leaseEnd.atOffset(ZoneOffset.UTC));
                claim.setString(2, channel.name());
                claim.setObject(3, now.atOffset(ZoneOffset.UTC));
                claim.setInt(4, limit);
                List<Delivery> claimed = new ArrayList<>(limit);
                try (ResultSet rows = claim.executeQuery()) {
                  while (rows.next()) {
                    claimed.add(claimedDelivery(rows));
                  }
                }
                claimed.sort(Comparator.comparing((Delivery d) -> d.createdAt));
                return claimed;
              }
            });
  }

  private static final String CLAIM =
      """
      update delivery set next_attempt_at = ?, attempts = attempts + 1
      where id in (
          select id from delivery
          where status = 'PENDING' and sent_at is null
            and channel = ? and next_attempt_at <= ?
          order by next_attempt_at
          limit ?
          for update skip locked)
      returning id, step_id, channel, kind, tenant_id, candidate_id, channel_plan, event_id,
                address, payload, status, attempts, next_attempt_at, last_error, created_at,
                sent_at, provider_message_id, provider_status, send_started_at, trace_parent
      """;

  /** A claimed delivery, from a row of {@link #CLAIM}'s result. */
  private static Delivery claimedDelivery(ResultSet row) throws SQLException {
    Delivery delivery = new Delivery();
    delivery.id = row.getObject("id", UUID.class);
    delivery.stepId = row.getObject("step_id", UUID.class);
    delivery.channel = Channel.valueOf(row.getString("channel"));
    delivery.kind = StepKind.valueOf(row.getString("kind"));
    delivery.tenantId = row.getString("tenant_id");
    delivery.candidateId = row.getString("candidate_id");
    delivery.channelPlan = row.getString("channel_plan");
    delivery.eventId = row.getString("event_id");
    delivery.address = row.getString("address");
    delivery.payload = row.getString("payload");
    delivery.status = DeliveryStatus.valueOf(row.getString("status"));
    delivery.attempts = row.getInt("attempts");
    delivery.nextAttemptAt = instant(row, "next_attempt_at");
    delivery.lastError = row.getString("last_error");
    delivery.createdAt = instant(row, "created_at");
    delivery.sentAt = instant(row, "sent_at");
    delivery.providerMessageId = row.getString("provider_message_id");
    delivery.providerStatus = row.getString("provider_status");
    delivery.sendStartedAt = instant(row, "send_started_at");
    delivery.traceParent = row.getString("trace_parent");
    return delivery;
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /**
   * Marks the deliveries of the ids still pending sent, each at its time (microseconds since the
   * epoch), returning their ids. Each row is found by primary key: the due index cannot serve it
   * (see {@link #claimDue}).
   */
  static final String MARK_SENT =
      """
      update delivery
      set status = 'SENT',
          sent_at = timestamptz 'epoch' + sent.at * interval '1 microsecond',
          last_error = null
      from unnest(?::uuid[], ?::int8[]) as sent(id, at)
      where delivery.id = sent.id and delivery.status = 'PENDING'
      returning delivery.id
      """;

  /**
   * Records that the provider accepted the messages of many deliveries, each at its own time, in
   * one statement.
   *
   * @param sentAt when each was accepted, in the order of {@code ids}
   * @return the ids that were still pending, now sent; the others had been recorded elsewhere
   */
  public List<UUID> markSent(List<UUID> ids, List<Instant> sentAt) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return entityManager
        .unwrap(Session.class)
        .doReturningWork(
            connection -> {
              try (PreparedStatement update = connection.prepareStatement(MARK_SENT)) {
                update.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                update.setArray(2, micros(connection, sentAt, Function.identity()));
                List<UUID> recorded = new ArrayList<>(ids.size());
                try (ResultSet rows = update.executeQuery()) {
                  while (rows.next()) {
                    recorded.add(rows.getObject(1, UUID.class));
                  }
                }
                return recorded;
              }
            });
  }

  /** Records a failed attempt; the delivery falls due again at {@code nextAttemptAt}. */
  public void retryAt(UUID id, Instant nextAttemptAt, String error) {
    entityManager
        .createNativeQuery(
            "update delivery set next_attempt_at = :next, last_error = :error"
                + " where id = :id and status = 'PENDING'")
        .setParameter("next", Timestamp.from(nextAttemptAt))
        .setParameter("error", truncate(error))
        .setParameter("id", id)
        .executeUpdate();
  }

  /**
   * Holds a claimed delivery until {@code until} (the end of the candidate's quiet hours) without
   * counting the claim as an attempt.
   */
  public void deferTo(UUID id, Instant until) {
    entityManager
        .createNativeQuery(
            "update delivery set next_attempt_at = :until, attempts = greatest(attempts - 1, 0)"
                + " where id = :id and status = 'PENDING'")
        .setParameter("until", Timestamp.from(until))
        .setParameter("id", id)
        .executeUpdate();
  }

  /**
   * Hands back a delivery claimed with the lease ending at {@code leaseEnd}, due again at {@code
   * now}, without counting the claim as an attempt; only if that claim is still the delivery's
   * latest (a lease that ran out may have been followed by another instance's claim).
   *
   * @return whether it was handed back
   */
  public boolean release(UUID id, Instant leaseEnd, Instant now) {
    return entityManager
            .createNativeQuery(
                "update delivery set next_attempt_at = :now, attempts = greatest(attempts - 1, 0)"
                    + " where id = :id and status = 'PENDING' and next_attempt_at = :leaseEnd")
            .setParameter("now", Timestamp.from(now))
            .setParameter("leaseEnd", Timestamp.from(leaseEnd))
            .setParameter("id", id)
            .executeUpdate()
        == 1;
  }

  /** Records that a send to the provider is about to start; committed before the request. */
  public void recordSendStarted(UUID id, Instant at) {
    entityManager
        .createNativeQuery("update delivery set send_started_at = :at where id = :id")
        .setParameter("at", Timestamp.from(at))
        .setParameter("id", id)
        .executeUpdate();
  }

  /** Records the provider's id for the message, as soon as the provider returned it. */
  public void recordProviderMessage(UUID id, String providerMessageId, String providerStatus) {
    entityManager
        .createNativeQuery(
            "update delivery set provider_message_id = :sid, provider_status = :status"
                + " where id = :id")
        .setParameter("sid", providerMessageId)
        .setParameter("status", text(providerStatus))
        .setParameter("id", id)
        .executeUpdate();
  }

  /**
   * Records a status the provider reported for a message, found by its id or, when the id was never
   * recorded (the process died first), by the delivery id the callback URL carries. Callbacks may
   * arrive out of order: a status that comes before the one recorded (a late "sent" after
   * "delivered") changes nothing.
   *
   * @return the delivery, if one matches and the status was not behind the one recorded
   */
  @SuppressWarnings("unchecked")
  public java.util.Optional<Delivery> recordProviderStatus(
      String providerMessageId, UUID deliveryId, String status) {
    List<Delivery> updated =
        entityManager
            .createNativeQuery(
                """
                update delivery set provider_status = :status,
                       provider_message_id = coalesce(provider_message_id, :sid)
                where (provider_message_id = :sid
                       or (id = :deliveryId and provider_message_id is null))
                  and (provider_status is null
                       or %s >= %s)
                returning *
                """
                    .formatted(
                        statusStage("cast(:status as varchar)"), statusStage("provider_status")),
                Delivery.class)
            .setParameter("status", status)
            .setParameter("sid", providerMessageId)
            .setParameter(
                "deliveryId", new TypedParameterValue<>(StandardBasicTypes.UUID, deliveryId))
            .getResultList();
    return updated.stream().findFirst();
  }

  /**
   * How far along a message's status is, as an SQL expression over {@code column}: queued, then
   * sending, then sent, then an outcome (delivered, undelivered, failed, read, or any status not
   * named here).
   */
  private static String statusStage(String column) {
    return "(case "
        + column
        + " when 'accepted' then 1 when 'scheduled' then 1 when 'queued' then 1"
        + " when 'sending' then 2 when 'sent' then 3 else 4 end)";
  }

  /**
   * Gives up a delivery whose provider reported that the message never reached the candidate, after
   * it had been recorded as sent; the next channel takes over like after any permanent failure.
   *
   * @return empty if it was given up already, else the channel that takes over, if any
   */
  public java.util.Optional<java.util.Optional<Channel>> markUndelivered(
      UUID id, String error, Instant now) {
    int changed =
        entityManager
            .createNativeQuery(
                "update delivery set status = 'FAILED', last_error = :error"
                    + " where id = :id and status <> 'FAILED'")
            .setParameter("error", truncate(error))
            .setParameter("id", id)
            .executeUpdate();
    return changed == 1 ? java.util.Optional.of(fallBack(id, now)) : java.util.Optional.empty();
  }

  /**
   * Adds the delivery on the next channel of a failed one's plan, if any is left; due at once, its
   * address resolved when it is sent.
   *
   * @return the channel of the new delivery
   */
  @SuppressWarnings("unchecked")
  public java.util.Optional<Channel> fallBack(UUID failedId, Instant now) {
    List<String> added =
        entityManager
            .createNativeQuery(
                """
                insert into delivery (id, step_id, channel, kind, event_id, address, payload,
                                      status, attempts, next_attempt_at, created_at, tenant_id,
                                      candidate_id, channel_plan, trace_parent)
                select :id, step_id, split_part(channel_plan, ',', 1), kind, event_id, null,
                       payload, 'PENDING', 0, :now, :now, tenant_id, candidate_id,
                       nullif(substr(channel_plan, length(split_part(channel_plan, ',', 1)) + 2), ''),
                       trace_parent
                from delivery
                where id = :failed and channel_plan is not null and channel_plan <> ''
                on conflict (event_id, channel) do nothing
                returning channel
                """)
            .setParameter("id", UUID.randomUUID())
            .setParameter("now", Timestamp.from(now))
            .setParameter("failed", failedId)
            .getResultList();
    return added.stream().findFirst().map(Channel::valueOf);
  }

  /** Records the last failed attempt: the delivery is given up. False if no longer pending. */
  public boolean markFailed(UUID id, String error) {
    return entityManager
            .createNativeQuery(
                "update delivery set status = 'FAILED', last_error = :error"
                    + " where id = :id and status = 'PENDING'")
            .setParameter("error", truncate(error))
            .setParameter("id", id)
            .executeUpdate()
        == 1;
  }

  /** A text parameter that may be null, typed so that PostgreSQL need not guess. */
  static TypedParameterValue<String> text(String value) {
    return new TypedParameterValue<>(StandardBasicTypes.STRING, value);
  }

  private static String truncate(String error) {
    if (error == null) {
      return null;
    }
    return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }
}
