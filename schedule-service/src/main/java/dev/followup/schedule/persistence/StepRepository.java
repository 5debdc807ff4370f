package dev.followup.schedule.persistence;

import dev.followup.schedule.domain.planning.Action;
import dev.followup.schedule.domain.planning.Channel;
import dev.followup.schedule.domain.planning.StepKind;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;

/** Queries on the timer table that need more than Panache's basics. */
@ApplicationScoped
public class StepRepository {

  private final EntityManager entityManager;

  StepRepository(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * Records that an event was handled. Returns false if it already was, in which case the caller
   * must do nothing. Race-free: the primary key decides between two concurrent consumers.
   */
  public boolean recordProcessed(String eventId, String type, Instant now) {
    return entityManager
            .createNativeQuery(
                "insert into processed_event (event_id, type, processed_at)"
                    + " values (:id, :type, :now) on conflict do nothing")
            .setParameter("id", eventId)
            .setParameter("type", type)
            .setParameter("now", Timestamp.from(now))
            .executeUpdate()
        == 1;
  }

  /**
   * Claims up to {@code limit} steps that are due at {@code now}, earliest first, for the caller's
   * transaction on behalf of {@code owner} (the transaction's {@code application_name}, which names
   * the instance holding the rows in {@code pg_stat_activity}), and reads what their FollowUpDue
   * needs from their interviews, in one statement.
   *
   * <p>A claim is a row lock ({@code FOR UPDATE SKIP LOCKED}), not a write: it lasts as long as the
   * transaction, and other claimers skip the rows meanwhile. The caller publishes the steps and
   * marks them fired ({@link #markAllFired}) before it commits. If its process dies, the server
   * sees the connection close and the locks go at once; if it stalls, the server ends its session
   * once it has sat idle in the transaction for {@code lease} (the statement sets {@code
   * idle_in_transaction_session_timeout} for this transaction), and with the session the locks. A
   * stalled claimer that wakes up then finds its connection gone and cannot mark anything: the
   * server fences it. Compared with writing a lease into each row, this saves an update of every
   * claimed row (a new row version with an entry in each of the table's indexes), which was more
   * than half of the database's work per fired step.
   *
   * <p>Rows claimed by a previous version of the service, which wrote leases into {@code
   * claimed_by} and {@code claim_expires_at}, are left alone until their lease has run out.
   *
   * <p>Plan: an index scan of {@code follow_up_step_pending_due_idx} (partial, pending steps only)
   * stopped by the limit, so the cost does not grow with the number of fired steps; then the
   * interviews by primary key.
   */
  public List<ClaimedStep> claimDue(String owner, Instant now, Duration lease, int limit) {
    return session()
        .doReturningWork(
            connection -> {
              try (PreparedStatement settings =
                  connection.prepareStatement(
                      "select set_config('idle_in_transaction_session_timeout', ?, true),"
                          + " set_config('application_name', ?, true)")) {
                settings.setString(1, Long.toString(Math.max(1, lease.toMillis())));
                settings.setString(2, owner);
                settings.execute();
              }
              try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setObject(1, offset(now));
                claim.setObject(2, offset(now));
                claim.setInt(3, limit);
                List<ClaimedStep> claimed = new ArrayList<>(limit);
                try (ResultSet rows = claim.executeQuery()) {
                  while (rows.next()) {
                    claimed.add(claimedStep(rows));
                  }
                }
                claimed.sort(Comparator.comparing(ClaimedStep::dueAt));
                return claimed;
              }
            });
  }

  /**
   * The database server's clock, read at the start of the statement. Every instance of the service
   * reads the same one, whatever its own clock says.
   */
  public Instant databaseTime() {
    return session()
        .doReturningWork(
            connection -> {
              try (PreparedStatement time =
                      connection.prepareStatement("select statement_timestamp() as now");
                  ResultSet rows = time.executeQuery()) {
                rows.next();
                return instant(rows, "now");
              }
            });
  }

  /** The claim statement of {@link #claimDue}; the benchmark (StepTable) explains it. */
  public static final String CLAIM =
      """
      with claimed as (
          select id, revision, fence, tenant_id, candidate_id, opportunity_id, interview_id,
              kind, action, sequence, channel, rule, recipient_id, recipient_name,
              recipient_title, recipient_email, recipient_phone, recipient_address,
              recipient_time_zone, recipient_topics, due_at, window_end, trace_parent
          from follow_up_step
          where status = 'PENDING' and due_at <= ?
            and (claim_expires_at is null or claim_expires_at < ?)
          order by due_at
          limit ?
          for update skip locked)
      select c.*, i.ended_at, i.time_zone, i.company, i.role, i.candidate_name,
          i.candidate_email, i.candidate_time_zone
      from claimed c join planned_interview i on i.interview_id = c.interview_id
      """;

  private static ClaimedStep claimedStep(ResultSet row) throws SQLException {
    Array topics = row.getArray("recipient_topics");
    return new ClaimedStep(
        row.getObject("id", UUID.class),
        row.getInt("revision"),
        row.getLong("fence"),
        row.getString("tenant_id"),
        row.getString("candidate_id"),
        row.getString("opportunity_id"),
        row.getObject("interview_id", UUID.class),
        StepKind.valueOf(row.getString("kind")),
        Action.valueOf(row.getString("action")),
        row.getInt("sequence"),
        Channel.valueOf(row.getString("channel")),
        row.getString("rule"),
        row.getString("recipient_id"),
        row.getString("recipient_name"),
        row.getString("recipient_title"),
        row.getString("recipient_email"),
        row.getString("recipient_phone"),
        row.getString("recipient_address"),
        row.getString("recipient_time_zone"),
        topics == null ? List.of() : List.of((String[]) topics.getArray()),
        instant(row, "due_at"),
        instant(row, "window_end"),
        row.getString("trace_parent"),
        new ClaimedStep.Interview(
            instant(row, "ended_at"),
            row.getString("time_zone"),
            row.getString("company"),
            row.getString("role"),
            row.getString("candidate_name"),
            row.getString("candidate_email"),
            row.getString("candidate_time_zone")));
  }

  /**
   * When the earliest pending step falls due (possibly already past), or empty if none is pending:
   * one look-up on {@code follow_up_step_pending_due_idx}, so that the poller can sleep until then.
   * Steps in a round in progress elsewhere count: a lock cannot be seen without taking it.
   */
  public Optional<Instant> nextDue(Instant now) {
    return session()
        .doReturningWork(
            connection -> {
              try (PreparedStatement next =
                  connection.prepareStatement(
                      "select due_at from follow_up_step where status = 'PENDING'"
                          + " and (claim_expires_at is null or claim_expires_at < ?)"
                          + " order by due_at limit 1")) {
                next.setObject(1, offset(now));
                try (ResultSet rows = next.executeQuery()) {
                  return rows.next() ? Optional.of(instant(rows, "due_at")) : Optional.empty();
                }
              }
            });
  }

  /**
   * Marks a batch of steps claimed in this transaction fired, in one statement. The rows are this
   * transaction's already ({@link #claimDue}), so the statement waits for no other. Each is marked
   * only if it is still pending with the fence read at claim time, and its fence moves on: a
   * version check on top of the locks, so that no claim that outlived its transaction can ever mark
   * a step that was claimed again since.
   *
   * @return the ids of the steps this call marked fired
   */
  public Set<UUID> markAllFired(List<ClaimedStep> claimed, Instant now) {
    if (claimed.isEmpty()) {
      return Set.of();
    }
    return session()
        .doReturningWork(
            connection -> {
              try (PreparedStatement mark =
                  connection.prepareStatement(
                      """
                      update follow_up_step s
                      set status = 'FIRED', fired_at = ?, fence = s.fence + 1,
                          claimed_by = null, claim_expires_at = null
                      from unnest(?::uuid[], ?::bigint[]) as claim (id, fence)
                      where s.id = claim.id and s.fence = claim.fence and s.status = 'PENDING'
                      returning s.id
                      """)) {
                mark.setObject(1, offset(now));
                mark.setArray(
                    2,
                    connection.createArrayOf(
                        "uuid", claimed.stream().map(ClaimedStep::id).toArray()));
                mark.setArray(
                    3,
                    connection.createArrayOf(
                        "bigint", claimed.stream().map(ClaimedStep::fence).toArray()));
                Set<UUID> marked = new HashSet<>();
                try (ResultSet rows = mark.executeQuery()) {
                  while (rows.next()) {
                    marked.add(rows.getObject(1, UUID.class));
                  }
                }
                return marked;
              }
            });
  }

  /**
   * Marks a step claimed in this transaction missed (it fell due when no longer worth doing), under
   * the same rule as {@link #markAllFired}.
   */
  public boolean markMissed(UUID stepId, long fence, Instant now) {
    return entityManager
            .createNativeQuery(
                """
                update follow_up_step
                set status = 'MISSED', state_changed_at = :now, fence = fence + 1,
                    claimed_by = null, claim_expires_at = null
                where id = :id and fence = :fence and status = 'PENDING'
                """)
            .setParameter("now", Timestamp.from(now))
            .setParameter("id", stepId)
            .setParameter("fence", fence)
            .executeUpdate()
        == 1;
  }

  /**
   * Pending steps of an opportunity, locked for update. Locks are taken in id order, the order the
   * poller marks steps in, so that the two cannot deadlock.
   */
  public List<FollowUpStep> pendingOfOpportunity(String opportunityId) {
    return FollowUpStep.find(
            "opportunityId = ?1 and status = ?2 order by id", opportunityId, StepStatus.PENDING)
        .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
        .list();
  }

  /** Pending steps of one interview, locked for update. */
  public List<FollowUpStep> pendingOfInterview(UUID interviewId) {
    return FollowUpStep.find(
            "interviewId = ?1 and status = ?2 order by id", interviewId, StepStatus.PENDING)
        .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
        .list();
  }

  /** Pending steps of the given kinds planned for the opportunity's other interviews. */
  public List<FollowUpStep> pendingOfOtherInterviews(
      String opportunityId, UUID interviewId, java.util.Set<StepKind> kinds) {
    return FollowUpStep.find(
            "opportunityId = ?1 and interviewId <> ?2 and kind in ?3 and status = ?4 order by id",
            opportunityId,
            interviewId,
            kinds,
            StepStatus.PENDING)
        .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
        .list();
  }

  /**
   * When the interview's last check-in was made: the latest firing of a check-in that fired, or the
   * moment the candidate marked one done. Empty if none was.
   */
  public java.util.Optional<Instant> lastCheckInMade(UUID interviewId) {
    return java.util.Optional.ofNullable(
        entityManager
            .createQuery(
                "select max(case when s.status = ?3 then s.firedAt else s.stateChangedAt end)"
                    + " from FollowUpStep s"
                    + " where s.interviewId = ?1 and s.kind = ?2 and s.status in ?4",
                Instant.class)
            .setParameter(1, interviewId)
            .setParameter(2, StepKind.CHECK_IN)
            .setParameter(3, StepStatus.FIRED)
            .setParameter(4, java.util.List.of(StepStatus.FIRED, StepStatus.DONE))
            .getSingleResult());
  }

  /** Check-ins of an interview that went out or were settled: they count against the cap. */
  public int countSettledCheckIns(UUID interviewId) {
    return (int)
        FollowUpStep.count(
            "interviewId = ?1 and kind = ?2 and status in ?3",
            interviewId,
            StepKind.CHECK_IN,
            java.util.List.of(
                StepStatus.FIRED, StepStatus.DONE, StepStatus.SKIPPED, StepStatus.MISSED));
  }

  private Session session() {
    return entityManager.unwrap(Session.class);
  }

  private static OffsetDateTime offset(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /**
   * The interviews of a candidate, in the tenant {@code tenantId} (in every tenant if null), for
   * the erasure's statements below: the steps are found through their interviews
   * (planned_interview_candidate_idx, then the natural key's index), since the step table has no
   * index on its candidate. Interviews planned before they recorded their tenant have none, and are
   * the candidate's in every tenant.
   */
  private static String interviewsOf(String tenantId) {
    return "select i.interviewId from PlannedInterview i where i.candidateId = :candidate"
        + (tenantId == null ? "" : " and (i.tenantId = :tenant or i.tenantId is null)");
  }

  private static Parameters candidateOf(String tenantId, String candidateId) {
    Parameters parameters = Parameters.with("candidate", candidateId);
    return tenantId == null ? parameters : parameters.and("tenant", tenantId);
  }

  /**
   * Deletes every step, planned interview and policy setting of the candidate {@code candidateId}
   * of {@code tenantId} (of every tenant if null), records the erasure, and returns how many steps
   * it deleted. Plans of the candidate being written elsewhere are waited for and deleted too (see
   * {@link CandidateLocks}).
   */
  public long eraseCandidate(String tenantId, String candidateId, Instant at) {
    // Waits for the plans of this candidate id in progress elsewhere (completions hold the
    // candidate's lock, re-plans their interview's row), then deletes what they wrote. The lock is
    // by candidate id alone: another tenant's candidate of the same id waits for nothing longer.
    entityManager
        .unwrap(Session.class)
        .doWork(
            connection -> {
              CandidateLocks.exclusive(connection, candidateId);
              try (PreparedStatement lock =
                  connection.prepareStatement(
                      "select interview_id from planned_interview where candidate_id = ?"
                          + " order by interview_id for update")) {
                lock.setString(1, candidateId);
                lock.executeQuery().close();
              }
              try (PreparedStatement record =
                  connection.prepareStatement(
                      "insert into erased_candidate (tenant_id, candidate_id, erased_at)"
                          + " values (?, ?, ?) on conflict do nothing")) {
                record.setString(1, tenantId);
                record.setString(2, candidateId);
                record.setObject(3, offset(at));
                record.executeUpdate();
              }
            });
    long steps =
        FollowUpStep.delete(
            "interviewId in (" + interviewsOf(tenantId) + ") and candidateId = :candidate",
            candidateOf(tenantId, candidateId));
    PlannedInterview.delete(
        "interviewId in (" + interviewsOf(tenantId) + ")", candidateOf(tenantId, candidateId));
    // The candidate's own policy settings are theirs too.
    PolicyOverride.delete(
        "key.scope = 'CANDIDATE' and key.ownerId = :candidate"
            + (tenantId == null ? "" : " and key.tenantId = :tenant"),
        candidateOf(tenantId, candidateId));
    return steps;
  }

  /** Pending steps of a candidate by kind (before erasing them), as {@link #eraseCandidate}. */
  public java.util.Map<StepKind, Long> pendingCountsByKind(String tenantId, String candidateId) {
    java.util.Map<StepKind, Long> counts = new java.util.EnumMap<>(StepKind.class);
    var query =
        entityManager
            .createQuery(
                "select s.kind, count(s) from FollowUpStep s where s.interviewId in ("
                    + interviewsOf(tenantId)
                    + ") and s.candidateId = :candidate and s.status = :pending group by s.kind",
                Object[].class)
            .setParameter("candidate", candidateId)
            .setParameter("pending", StepStatus.PENDING);
    if (tenantId != null) {
      query.setParameter("tenant", tenantId);
    }
    query.getResultList().forEach(row -> counts.put((StepKind) row[0], (Long) row[1]));
    return counts;
  }

  /**
   * The steps of an opportunity that belong to the candidate of the tenant, in due order: found
   * through its interviews (planned_interview_opportunity_idx, then the natural key's index).
   */
  public List<FollowUpStep> forOpportunity(
      String tenantId, String candidateId, String opportunityId) {
    return FollowUpStep.list(
        "interviewId in (select i.interviewId from PlannedInterview i where i.opportunityId = ?1)"
            + " and opportunityId = ?1 and candidateId = ?2 and tenantId = ?3"
            + " order by dueAt, recipientName",
        opportunityId,
        candidateId,
        tenantId);
  }

  /** The steps of an interview that belong to the candidate of the tenant, in due order. */
  public List<FollowUpStep> forInterview(String tenantId, String candidateId, UUID interviewId) {
    return FollowUpStep.list(
        "interviewId = ?1 and candidateId = ?2 and tenantId = ?3 order by dueAt, recipientName",
        interviewId,
        candidateId,
        tenantId);
  }

  /** A step, if it belongs to the candidate of the tenant. */
  public java.util.Optional<FollowUpStep> ownedStep(
      String tenantId, String candidateId, UUID stepId) {
    // Locked: a change the candidate makes waits for a claim round holding the step, and then
    // sees whether it fired.
    return FollowUpStep.<FollowUpStep>find(
            "id = ?1 and candidateId = ?2 and tenantId = ?3", stepId, candidateId, tenantId)
        .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
        .firstResultOptional();
  }
}
