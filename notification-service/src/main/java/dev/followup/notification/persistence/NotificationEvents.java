package dev.followup.notification.persistence;

import dev.followup.notification.domain.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

/**
 * Writes {@code NotificationSent} and {@code NotificationFailed} into the outbox, in the caller's
 * transaction, from the delivery row as that transaction sees it. The data carries no address: a
 * partner learns that and how the candidate was reminded, not where.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class NotificationEvents {

  public static final String TOPIC = "notification-events";
  public static final String SENT = "dev.followup.notification.sent.v1";
  public static final String FAILED = "dev.followup.notification.failed.v1";

  private final EntityManager entityManager;

  NotificationEvents(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** Announces that these deliveries were accepted by their providers, in one statement. */
  public void sent(List<UUID> deliveryIds, Instant at) {
    if (deliveryIds.isEmpty()) {
      return;
    }
    insert(
        ":sent",
        SENT,
        """
        'sentAt', to_char(coalesce(sent_at, :at) at time zone 'UTC',
                          'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'providerMessageId', provider_message_id
        """,
        deliveryIds,
        at,
        null,
        null);
  }

  /**
   * Announces that the delivery failed for good.
   *
   * @param fallback the channel that takes the reminder over, null if none does
   */
  public void failed(UUID deliveryId, Instant at, String reason, Channel fallback) {
    insert(
        ":failed",
        FAILED,
        """
        'failedAt', to_char(cast(:at as timestamptz) at time zone 'UTC',
                            'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'reason', cast(:reason as text),
        'fallbackChannel', cast(:fallback as text)
        """,
        List.of(deliveryId),
        at,
        reason,
        fallback == null ? null : fallback.name());
  }

  /** One event per delivery, its id {@code <delivery id><idSuffix>}. */
  private void insert(
      String idSuffix,
      String type,
      String outcomeFields,
      List<UUID> deliveryIds,
      Instant at,
      String reason,
      String fallback) {
    var query =
        entityManager.createNativeQuery(
            """
            insert into outbox_event (id, topic, record_key, type, subject, payload, created_at,
                                      trace_parent)
            select cast(id as varchar) || :idSuffix, :topic,
                   coalesce(candidate_id, cast(payload as jsonb) #>> '{candidate,id}'),
                   :type, cast(step_id as varchar),
                   cast(jsonb_strip_nulls(jsonb_build_object(
                       'deliveryId', id,
                       'followUpEventId', event_id,
                       'stepId', step_id,
                       'tenantId', nullif(tenant_id, ''),
                       'candidateId', coalesce(candidate_id, cast(payload as jsonb) #>> '{candidate,id}'),
                       'kind', kind,
                       'channel', channel,
                       'attempts', attempts,
            """
                + outcomeFields
                + """
                   )) as text),
                   :at, trace_parent
            from delivery where id = any(:deliveryIds)
            order by sent_at, created_at
            on conflict (id) do nothing
            """);
    query
        .setParameter("idSuffix", idSuffix)
        .setParameter("topic", TOPIC)
        .setParameter("type", type)
        .setParameter("at", Timestamp.from(at))
        .setParameter("deliveryIds", deliveryIds.toArray(UUID[]::new));
    if (type.equals(FAILED)) {
      query
          .setParameter("reason", new TypedParameterValue<>(StandardBasicTypes.STRING, reason))
          .setParameter("fallback", new TypedParameterValue<>(StandardBasicTypes.STRING, fallback));
    }
    query.executeUpdate();
  }
}
