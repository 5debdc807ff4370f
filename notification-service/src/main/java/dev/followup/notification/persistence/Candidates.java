package dev.followup.notification.persistence;

import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.ContactPreferences;
import dev.followup.notification.domain.QuietHours;
import dev.followup.notification.domain.ReminderCategory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.Session;

/**
 * Stores what each candidate chose: preferences, push subscriptions, SMS and email opt-outs; and
 * erases a candidate at their request.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Candidates {

  private final EntityManager entityManager;

  Candidates(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** The tenant key of a candidate: '' when the platform names none. */
  public static String tenantKey(String tenantId) {
    return tenantId == null ? "" : tenantId;
  }

  public Optional<ContactPreferences> preferences(String tenantId, String candidateId) {
    StoredPreferences stored =
        entityManager.find(
            StoredPreferences.class, new StoredPreferences.Key(tenantKey(tenantId), candidateId));
    return Optional.ofNullable(stored).map(Candidates::toDomain);
  }

  /**
   * The stored preferences of many candidates in one query, for a whole claimed batch of
   * deliveries; a candidate who stored none is absent. Keys are by tenant key ({@link #tenantKey}).
   */
  public Map<StoredPreferences.Key, ContactPreferences> preferences(
      Collection<StoredPreferences.Key> keys) {
    Map<StoredPreferences.Key, ContactPreferences> found = new HashMap<>();
    if (keys.isEmpty()) {
      return found;
    }
    // Arrays rather than "in" lists: one statement whatever the number of keys, so that its
    // prepared statement is reused (a JPQL "in :list" was translated anew at every claim). Plain
    // JDBC: this runs once per claim and per batch taken in, and as a native entity query it cost
    // more CPU than the claim itself; nothing reads these rows as entities.
    forEachRow(
        keys,
        """
        select tenant_id, candidate_id, email, phone, time_zone, locale, quiet_start, quiet_end,
               draft_channels, call_channels, nudge_channels
        from candidate_preferences where tenant_id = any(?) and candidate_id = any(?)
        """,
        (key, row) -> found.put(key, toDomain(storedPreferences(key, row))));
    return found;
  }

  /** Which of these candidates unsubscribed from reminder emails, in one query. */
  public Set<StoredPreferences.Key> emailOptedOut(Collection<StoredPreferences.Key> keys) {
    return keysIn("email_opt_out", keys);
  }

  /** Which of these candidates were erased, in one query. */
  public Set<StoredPreferences.Key> erasedAmong(Collection<StoredPreferences.Key> keys) {
    return keysIn("erased_candidate", keys);
  }

  /** Those of the keys that have a row in {@code table}, keyed by tenant and candidate. */
  private Set<StoredPreferences.Key> keysIn(String table, Collection<StoredPreferences.Key> keys) {
    Set<StoredPreferences.Key> found = new HashSet<>();
    if (keys.isEmpty()) {
      return found;
    }
    // The table name is one of this class's constants, never input.
    forEachRow(
        keys,
        "select tenant_id, candidate_id from "
            + table
            + " where tenant_id = any(?) and candidate_id = any(?)",
        (key, row) -> found.add(key));
    return found;
  }

  /**
   * What erasing a candidate removed.
   *
   * @param pendingDeliveries the channel of each delivery that was still pending, never to be sent
   * @param deliveries all their deliveries, pending or not
   * @param firstErasure false if the candidate had been erased before (the event came again)
   */
  public record Erased(
      List<Channel> pendingDeliveries,
      int deliveries,
      int preferences,
      int pushSubscriptions,
      int emailOptOuts,
      boolean firstErasure) {}

  /**
   * Forgets everything held about the candidate (deliveries with their addresses and event data,
   * preferences, push subscriptions, the email opt-out) and remembers only that they were erased.
   * SMS opt-outs stay: they are the phone number's, reported by the carrier, and keep that number
   * from receiving texts whoever gives it next. Erasing twice removes nothing more.
   */
  public Erased erase(String tenantId, String candidateId, Instant at) {
    String tenant = tenantKey(tenantId);
    @SuppressWarnings("unchecked")
    List<Object[]> deleted =
        entityManager
            .createNativeQuery(
                "delete from delivery where tenant_id = :tenant and candidate_id = :candidate"
                    + " returning channel, status")
            .setParameter("tenant", tenant)
            .setParameter("candidate", candidateId)
            .getResultList();
    List<Channel> pending =
        deleted.stream()
            .filter(row -> "PENDING".equals(row[1]))
            .map(row -> Channel.valueOf((String) row[0]))
            .toList();
    int preferences = deleteOfCandidate("candidate_preferences", tenant, candidateId);
    int subscriptions = deleteOfCandidate("push_subscription", tenant, candidateId);
    int optOuts = deleteOfCandidate("email_opt_out", tenant, candidateId);
    boolean first =
        entityManager
                .createNativeQuery(
                    "insert into erased_candidate (tenant_id, candidate_id, erased_at)"
                        + " values (:tenant, :candidate, :at) on conflict do nothing")
                .setParameter("tenant", tenant)
                .setParameter("candidate", candidateId)
                .setParameter("at", Timestamp.from(at))
                .executeUpdate()
            == 1;
    return new Erased(pending, deleted.size(), preferences, subscriptions, optOuts, first);
  }

  private int deleteOfCandidate(String table, String tenant, String candidateId) {
    // The table name is one of this class's constants, never input.
    return entityManager
        .createNativeQuery(
            "delete from " + table + " where tenant_id = :tenant and candidate_id = :candidate")
        .setParameter("tenant", tenant)
        .setParameter("candidate", candidateId)
        .executeUpdate();
  }

  /** What to do with a row found for one of the keys asked for. */
  private interface KeyedRow {
    void accept(StoredPreferences.Key key, ResultSet row) throws SQLException;
  }

  /**
   * Runs {@code query}, whose parameters are the keys' tenants and candidates and whose first two
   * columns are a row's tenant and candidate, and hands over the rows of the keys asked for:
   * tenants times candidates may match a few rows no key asked for, and those are left out.
   */
  private void forEachRow(Collection<StoredPreferences.Key> keys, String query, KeyedRow action) {
    entityManager
        .unwrap(Session.class)
        .doWork(
            connection -> {
              try (PreparedStatement select = connection.prepareStatement(query)) {
                select.setArray(1, connection.createArrayOf("text", tenantsOf(keys)));
                select.setArray(2, connection.createArrayOf("text", candidatesOf(keys)));
                try (ResultSet rows = select.executeQuery()) {
                  while (rows.next()) {
                    StoredPreferences.Key key =
                        new StoredPreferences.Key(rows.getString(1), rows.getString(2));
                    if (keys.contains(key)) {
                      action.accept(key, rows);
                    }
                  }
                }
              }
            });
  }

  /** The preferences of a row of {@link #preferences(Collection)}'s query, as stored. */
  private static StoredPreferences storedPreferences(StoredPreferences.Key key, ResultSet row)
      throws SQLException {
    StoredPreferences stored = new StoredPreferences();
    stored.key = key;
    stored.email = row.getString("email");
    stored.phone = row.getString("phone");
    stored.timeZone = row.getString("time_zone");
    stored.locale = row.getString("locale");
    stored.quietStart = row.getObject("quiet_start", LocalTime.class);
    stored.quietEnd = row.getObject("quiet_end", LocalTime.class);
    stored.draftChannels = row.getString("draft_channels");
    stored.callChannels = row.getString("call_channels");
    stored.nudgeChannels = row.getString("nudge_channels");
    return stored;
  }

  /** The keys' tenants, as an SQL array parameter. */
  private static String[] tenantsOf(Collection<StoredPreferences.Key> keys) {
    return keys.stream().map(key -> key.tenantId).distinct().toArray(String[]::new);
  }

  /** The keys' candidates, as an SQL array parameter. */
  private static String[] candidatesOf(Collection<StoredPreferences.Key> keys) {
    return keys.stream().map(key -> key.candidateId).distinct().toArray(String[]::new);
  }

  /** Creates or replaces a candidate's preferences; returns true if they were new. */
  public boolean savePreferences(
      String tenantId, String candidateId, ContactPreferences preferences, Instant at) {
    StoredPreferences.Key key = new StoredPreferences.Key(tenantKey(tenantId), candidateId);
    StoredPreferences stored = entityManager.find(StoredPreferences.class, key);
    boolean created = stored == null;
    if (created) {
      stored = new StoredPreferences();
      stored.key = key;
    }
    stored.email = preferences.email();
    stored.phone = preferences.phone();
    stored.timeZone = preferences.timeZone() == null ? null : preferences.timeZone().getId();
    stored.locale = preferences.locale().toLanguageTag();
    stored.quietStart = preferences.quietHours().map(QuietHours::start).orElse(null);
    stored.quietEnd = preferences.quietHours().map(QuietHours::end).orElse(null);
    stored.draftChannels = join(preferences.channelsFor(ReminderCategory.DRAFT));
    stored.callChannels = join(preferences.channelsFor(ReminderCategory.CALL));
    stored.nudgeChannels = join(preferences.channelsFor(ReminderCategory.NUDGE));
    stored.updatedAt = at;
    if (created) {
      entityManager.persist(stored);
    }
    return created;
  }

  public List<PushSubscription> pushSubscriptions(String tenantId, String candidateId) {
    return entityManager
        .createQuery(
            "from PushSubscription where tenantId = :tenant and candidateId = :candidate"
                + " order by createdAt",
            PushSubscription.class)
        .setParameter("tenant", tenantKey(tenantId))
        .setParameter("candidate", candidateId)
        .getResultList();
  }

  /**
   * Adds a subscription, or moves an endpoint already known (a browser subscribes again with new
   * keys, or for another candidate on a shared device) to this candidate with these keys.
   */
  public UUID subscribe(
      String tenantId,
      String candidateId,
      String endpoint,
      String p256dh,
      String auth,
      Instant at) {
    UUID id = UUID.randomUUID();
    return (UUID)
        entityManager
            .createNativeQuery(
                """
                insert into push_subscription (id, tenant_id, candidate_id, endpoint, p256dh, auth,
                                               created_at)
                values (:id, :tenant, :candidate, :endpoint, :p256dh, :auth, :at)
                on conflict (endpoint) do update
                  set tenant_id = excluded.tenant_id, candidate_id = excluded.candidate_id,
                      p256dh = excluded.p256dh, auth = excluded.auth
                returning id
                """)
            .setParameter("id", id)
            .setParameter("tenant", tenantKey(tenantId))
            .setParameter("candidate", candidateId)
            .setParameter("endpoint", endpoint)
            .setParameter("p256dh", p256dh)
            .setParameter("auth", auth)
            .setParameter("at", Timestamp.from(at))
            .getSingleResult();
  }

  /** Removes one of a candidate's subscriptions; returns false if it was not theirs or unknown. */
  public boolean unsubscribe(String tenantId, String candidateId, UUID id) {
    return entityManager
            .createQuery(
                "delete from PushSubscription where id = :id and tenantId = :tenant"
                    + " and candidateId = :candidate")
            .setParameter("id", id)
            .setParameter("tenant", tenantKey(tenantId))
            .setParameter("candidate", candidateId)
            .executeUpdate()
        == 1;
  }

  /** Removes a subscription the push service reports gone. */
  public void removeSubscription(UUID id) {
    entityManager
        .createQuery("delete from PushSubscription where id = :id")
        .setParameter("id", id)
        .executeUpdate();
  }

  public boolean isOptedOut(String phone) {
    return entityManager.find(SmsOptOut.class, phone) != null;
  }

  public void optOut(String phone, Instant at) {
    entityManager
        .createNativeQuery(
            "insert into sms_opt_out (phone, opted_out_at) values (:phone, :at)"
                + " on conflict (phone) do nothing")
        .setParameter("phone", phone)
        .setParameter("at", Timestamp.from(at))
        .executeUpdate();
  }

  public void optIn(String phone) {
    entityManager
        .createQuery("delete from SmsOptOut where phone = :phone")
        .setParameter("phone", phone)
        .executeUpdate();
  }

  /** Whether the candidate unsubscribed from reminder emails. */
  public boolean isEmailOptedOut(String tenantId, String candidateId) {
    return !entityManager
        .createNativeQuery(
            "select 1 from email_opt_out where tenant_id = :tenant and candidate_id = :candidate")
        .setParameter("tenant", tenantKey(tenantId))
        .setParameter("candidate", candidateId)
        .getResultList()
        .isEmpty();
  }

  /** Records that the candidate wants no more email; returns false if they had said so already. */
  public boolean optOutOfEmail(String tenantId, String candidateId, Instant at) {
    return entityManager
            .createNativeQuery(
                "insert into email_opt_out (tenant_id, candidate_id, opted_out_at)"
                    + " values (:tenant, :candidate, :at) on conflict do nothing")
            .setParameter("tenant", tenantKey(tenantId))
            .setParameter("candidate", candidateId)
            .setParameter("at", Timestamp.from(at))
            .executeUpdate()
        == 1;
  }

  /** Turns reminder emails back on; returns false if they were not off. */
  public boolean optInToEmail(String tenantId, String candidateId) {
    return entityManager
            .createNativeQuery(
                "delete from email_opt_out where tenant_id = :tenant and candidate_id = :candidate")
            .setParameter("tenant", tenantKey(tenantId))
            .setParameter("candidate", candidateId)
            .executeUpdate()
        == 1;
  }

  private static ContactPreferences toDomain(StoredPreferences stored) {
    Map<ReminderCategory, List<Channel>> channels = new EnumMap<>(ReminderCategory.class);
    channels.put(ReminderCategory.DRAFT, split(stored.draftChannels));
    channels.put(ReminderCategory.CALL, split(stored.callChannels));
    channels.put(ReminderCategory.NUDGE, split(stored.nudgeChannels));
    return new ContactPreferences(
        stored.email,
        stored.phone,
        stored.timeZone == null ? null : ZoneId.of(stored.timeZone),
        Locale.forLanguageTag(stored.locale),
        stored.quietStart == null
            ? Optional.empty()
            : Optional.of(new QuietHours(stored.quietStart, stored.quietEnd)),
        channels);
  }

  private static String join(List<Channel> channels) {
    return channels.stream().map(Channel::name).collect(Collectors.joining(","));
  }

  private static List<Channel> split(String channels) {
    return Arrays.stream(channels.split(","))
        .filter(s -> !s.isBlank())
        .map(String::strip)
        .map(Channel::valueOf)
        .toList();
  }
}
