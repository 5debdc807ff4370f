package dev.followup.schedule.persistence;

import dev.followup.schedule.domain.planning.StepKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

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
   * Claims up to {@code limit} steps that are due at {@code now}, earliest first, for {@code owner}
   * until {@code now + lease}. Rows locked by another poller are skipped, not waited for; rows
   * whose claim expired (their claimer died or stalled) are claimed again. Each claim increments
   * the step's fence.
   *
   * <p>Plan: an index scan of {@code follow_up_step_pending_due_idx} (partial, pending steps only)
   * stopped by the limit, so the cost does not grow with the number of fired steps.
   */
  @SuppressWarnings("unchecked")
  public List<FollowUpStep> claimDue(String owner, Instant now, Duration lease, int limit) {
    List<FollowUpStep> claimed =
        entityManager
            .createNativeQuery(
                """
                update follow_up_step
                set claimed_by = :owner, claim_expires_at = :leaseEnd, fence = fence + 1
                where id in (
                    select id from follow_up_step
                    where status = 'PENDING' and due_at <= :now
                      and (claim_expires_at is null or claim_expires_at < :now)
                    order by due_at
                    limit :limit
                    for update skip locked)
                returning *
                """,
                FollowUpStep.class)
            .setParameter("owner", owner)
            .setParameter("leaseEnd", Timestamp.from(now.plus(lease)))
            .setParameter("now", Timestamp.from(now))
            .setParameter("limit", limit)
            .getResultList();
    return claimed.stream().sorted(Comparator.comparing((FollowUpStep s) -> s.dueAt)).toList();
  }

  /**
   * Marks a claimed step fired, only if nobody claimed it since: {@code fence} must still be the
   * value this claimer read. Returns false if it was fenced out (its claim had expired and another
   * instance took the step over).
   */
  public boolean markFired(UUID stepId, long fence, Instant now) {
    return entityManager
            .createNativeQuery(
                """
                update follow_up_step
                set status = 'FIRED', fired_at = :now, claimed_by = null, claim_expires_at = null
                where id = :id and fence = :fence and status = 'PENDING'
                """)
            .setParameter("now", Timestamp.from(now))
            .setParameter("id", stepId)
            .setParameter("fence", fence)
            .executeUpdate()
        == 1;
  }

  /**
   * Marks a batch of claimed steps fired, each only if its fence is still the one read at claim
   * time (see {@link #markFired}). Two statements for the whole batch instead of one per step: the
   * rows are first locked in id order, the order every transaction that locks several steps uses,
   * so that this cannot deadlock with a consumer cancelling the same steps.
   *
   * @return the ids of the steps this call marked fired; the others were fenced out
   */
  @SuppressWarnings("unchecked")
  public java.util.Set<UUID> markAllFired(List<FollowUpStep> claimed, Instant now) {
    if (claimed.isEmpty()) {
      return java.util.Set.of();
    }
    List<UUID> ids = claimed.stream().map(step -> step.id).sorted().toList();
    entityManager
        .createNativeQuery(
            "select id from follow_up_step where id in (:ids) order by id for update")
        .setParameter("ids", ids)
        .getResultList();
    StringBuilder pairs = new StringBuilder();
    for (int i = 0; i < claimed.size(); i++) {
      pairs
          .append(i == 0 ? "" : ", ")
          .append("(:id")
          .append(i)
          .append(", :fence")
          .append(i)
          .append(')');
    }
    var update =
        entityManager.createNativeQuery(
            "update follow_up_step set status = 'FIRED', fired_at = :now, claimed_by = null,"
                + " claim_expires_at = null where status = 'PENDING' and (id, fence) in ("
                + pairs
                + ") returning id");
    update.setParameter("now", Timestamp.from(now));
    for (int i = 0; i < claimed.size(); i++) {
      update.setParameter("id" + i, claimed.get(i).id);
      update.setParameter("fence" + i, claimed.get(i).fence);
    }
    return new java.util.HashSet<>((List<UUID>) update.getResultList());
  }

  /**
   * Marks a claimed step missed (it fell due when no longer worth doing), under the same fencing
   * rule as {@link #markFired}.
   */
  public boolean markMissed(UUID stepId, long fence, Instant now) {
    return entityManager
            .createNativeQuery(
                """
                update follow_up_step
                set status = 'MISSED', state_changed_at = :now, claimed_by = null,
                    claim_expires_at = null
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

  /** Deletes every step and planned interview of a candidate; returns how many steps. */
  public long eraseCandidate(String candidateId) {
    long steps = FollowUpStep.delete("candidateId", candidateId);
    PlannedInterview.delete("candidateId", candidateId);
    return steps;
  }

  /** Pending steps of a candidate by kind (before erasing them). */
  public java.util.Map<StepKind, Long> pendingCountsByKind(String candidateId) {
    java.util.Map<StepKind, Long> counts = new java.util.EnumMap<>(StepKind.class);
    entityManager
        .createQuery(
            "select s.kind, count(s) from FollowUpStep s"
                + " where s.candidateId = :candidate and s.status = :pending group by s.kind",
            Object[].class)
        .setParameter("candidate", candidateId)
        .setParameter("pending", StepStatus.PENDING)
        .getResultList()
        .forEach(row -> counts.put((StepKind) row[0], (Long) row[1]));
    return counts;
  }

  /** The steps of an opportunity that belong to the candidate of the tenant, in due order. */
  public List<FollowUpStep> forOpportunity(
      String tenantId, String candidateId, String opportunityId) {
    return FollowUpStep.list(
        "opportunityId = ?1 and candidateId = ?2 and tenantId = ?3 order by dueAt, recipientName",
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
    return FollowUpStep.<FollowUpStep>find(
            "id = ?1 and candidateId = ?2 and tenantId = ?3", stepId, candidateId, tenantId)
        .firstResultOptional();
  }
}
