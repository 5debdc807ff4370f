package dev.followup.schedule.persistence;

import dev.followup.schedule.domain.planning.Action;
import dev.followup.schedule.domain.planning.Channel;
import dev.followup.schedule.domain.planning.StepKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

/**
 * The rows of many plans at once, read and written with plain JDBC on the transaction's connection:
 * one statement per kind of look-up for a whole batch of events, one statement per table for the
 * inserts (a binary COPY each, see {@link BulkInsert}), and the updates in JDBC batches (rewritten
 * into multi-row statements by the driver). The objects read and written are the entity classes,
 * detached: plain holders of a row's values, never managed by the session, so that planning a batch
 * does not make every later query dirty-check all of them.
 *
 * <p>Callers first {@link #detachAll()}, so that no managed entity holds a stale copy of a row
 * changed here.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class PlanRows {

  private static final String STEP_COLUMNS =
      "id, interview_id, candidate_id, tenant_id, opportunity_id, kind, channel, action, sequence,"
          + " revision, rule, recipient_id, recipient_name, recipient_email, recipient_title,"
          + " recipient_phone, recipient_address, recipient_time_zone, recipient_topics, due_at,"
          + " window_end, status, claimed_by, claim_expires_at, fence, fired_at, state_changed_at,"
          + " created_at, trace_parent";

  private static final String INTERVIEW_COLUMNS =
      "interview_id, candidate_id, tenant_id, opportunity_id, facts, candidate_name,"
          + " candidate_email, candidate_time_zone, company, role, ended_at, time_zone, created_at,"
          + " last_event_at";

  /** New steps: one statement for a whole batch (see {@link BulkInsert} for why). */
  private static final BulkInsert<FollowUpStep> INSERT_STEPS =
      BulkInsert.<FollowUpStep>into("follow_up_step")
          .uuid("id", s -> s.id)
          .uuid("interview_id", s -> s.interviewId)
          .text("candidate_id", s -> s.candidateId)
          .text("tenant_id", s -> s.tenantId)
          .text("opportunity_id", s -> s.opportunityId)
          .text("kind", s -> s.kind.name())
          .text("channel", s -> s.channel.name())
          .text("action", s -> s.action.name())
          .int4("sequence", s -> s.sequence)
          .int4("revision", s -> s.revision)
          .text("rule", s -> s.rule)
          .text("recipient_id", s -> s.recipientId)
          .text("recipient_name", s -> s.recipientName)
          .text("recipient_email", s -> s.recipientEmail)
          .text("recipient_title", s -> s.recipientTitle)
          .text("recipient_phone", s -> s.recipientPhone)
          .text("recipient_address", s -> s.recipientAddress)
          .text("recipient_time_zone", s -> s.recipientTimeZone)
          .textArray("recipient_topics", s -> s.recipientTopics)
          .timestamp("due_at", s -> s.dueAt)
          .timestamp("window_end", s -> s.windowEnd)
          .text("status", s -> s.status.name())
          .text("claimed_by", s -> s.claimedBy)
          .timestamp("claim_expires_at", s -> s.claimExpiresAt)
          .int8("fence", s -> s.fence)
          .timestamp("fired_at", s -> s.firedAt)
          .timestamp("state_changed_at", s -> s.stateChangedAt)
          .timestamp("created_at", s -> s.createdAt)
          .text("trace_parent", s -> s.traceParent);

  /** New planned interviews: one statement for a whole batch. */
  private static final BulkInsert<PlannedInterview> INSERT_INTERVIEWS =
      BulkInsert.<PlannedInterview>into("planned_interview")
          .uuid("interview_id", i -> i.interviewId)
          .text("candidate_id", i -> i.candidateId)
          .text("tenant_id", i -> i.tenantId)
          .text("opportunity_id", i -> i.opportunityId)
          .text("facts", i -> i.facts)
          .text("candidate_name", i -> i.candidateName)
          .text("candidate_email", i -> i.candidateEmail)
          .text("candidate_time_zone", i -> i.candidateTimeZone)
          .text("company", i -> i.company)
          .text("role", i -> i.role)
          .timestamp("ended_at", i -> i.endedAt)
          .text("time_zone", i -> i.timeZone)
          .timestamp("created_at", i -> i.createdAt)
          .timestamp("last_event_at", i -> i.lastEventAt);

  private final EntityManager entityManager;

  PlanRows(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * Writes the session's pending changes and detaches every entity it manages: what was changed
   * through entities so far is then visible to the statements here, and nothing read before can
   * overwrite what is written here.
   */
  public void detachAll() {
    entityManager.flush();
    entityManager.clear();
  }

  /**
   * Records the events as handled and returns the ids that were not recorded before (the others
   * must change nothing). Race-free as one event at a time: the primary key decides.
   *
   * @param types the CloudEvent type of each event id
   */
  public Set<String> recordProcessed(Map<String, String> types, Instant now) {
    return work(
        connection -> {
          Set<String> recorded = new HashSet<>();
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "insert into processed_event (event_id, type, processed_at)"
                      + " select e.id, e.type, ? from unnest(?::text[], ?::text[]) as e(id, type)"
                      + " on conflict do nothing returning event_id")) {
            insert.setObject(1, offset(now));
            insert.setArray(2, connection.createArrayOf("text", types.keySet().toArray()));
            insert.setArray(3, connection.createArrayOf("text", types.values().toArray()));
            try (ResultSet rows = insert.executeQuery()) {
              while (rows.next()) {
                recorded.add(rows.getString(1));
              }
            }
          }
          return recorded;
        });
  }

  /**
   * Takes each candidate's lock shared until the transaction ends (see {@link CandidateLocks}):
   * before reading whether they were erased, so that an erasure cannot slip in between.
   */
  public void lockCandidates(Collection<String> candidateIds) {
    work(
        connection -> {
          CandidateLocks.shared(connection, candidateIds);
          return null;
        });
  }

  /** The erasures recorded for these candidate ids, in any tenant. */
  public List<Erasure> erasures(Collection<String> candidateIds) {
    if (candidateIds.isEmpty()) {
      return List.of();
    }
    return work(
        connection -> {
          List<Erasure> found = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "select tenant_id, candidate_id from erased_candidate"
                      + " where candidate_id = any(?)")) {
            select.setArray(1, connection.createArrayOf("text", candidateIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                found.add(new Erasure(rows.getString(1), rows.getString(2)));
              }
            }
          }
          return found;
        });
  }

  /** Those of the opportunities whose outcome is known. */
  public Set<String> closedOpportunities(Collection<String> opportunityIds) {
    return strings(
        "select opportunity_id from closed_opportunity where opportunity_id = any(?)",
        opportunityIds);
  }

  /**
   * The planned interviews among {@code interviewIds}, locked until the transaction ends (in id
   * order, so that two transactions cannot deadlock on them), so that two events about one
   * interview are applied one after the other and each sees the time the other left.
   */
  public Map<UUID, PlannedInterview> lockInterviews(Collection<UUID> interviewIds) {
    if (interviewIds.isEmpty()) {
      return Map.of();
    }
    return work(
        connection -> {
          Map<UUID, PlannedInterview> found = new HashMap<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "select "
                      + INTERVIEW_COLUMNS
                      + " from planned_interview where interview_id = any(?)"
                      + " order by interview_id for update")) {
            select.setArray(1, connection.createArrayOf("uuid", interviewIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                PlannedInterview interview = interview(rows);
                found.put(interview.interviewId, interview);
              }
            }
          }
          return found;
        });
  }

  /**
   * Every step of the interviews, and the pending steps of the given kinds of the opportunities,
   * locked until the transaction ends. One statement, rows locked in id order (the order the timer
   * poller marks steps in), so that neither another planner nor the poller can deadlock with it; a
   * step the poller has claimed is waited for, and its fence moves on when it is changed here.
   */
  public List<FollowUpStep> lockSteps(
      Collection<UUID> interviewIds, Collection<String> opportunityIds, Set<StepKind> kinds) {
    if (interviewIds.isEmpty() && opportunityIds.isEmpty()) {
      return List.of();
    }
    return work(
        connection -> {
          List<FollowUpStep> found = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "select "
                      + STEP_COLUMNS
                      + " from follow_up_step where interview_id = any(?)"
                      + " or (opportunity_id = any(?) and status = 'PENDING' and kind = any(?))"
                      + " order by id for update")) {
            select.setArray(1, connection.createArrayOf("uuid", interviewIds.toArray()));
            select.setArray(2, connection.createArrayOf("text", opportunityIds.toArray()));
            select.setArray(
                3, connection.createArrayOf("text", kinds.stream().map(Enum::name).toArray()));
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                found.add(step(rows));
              }
            }
          }
          return found;
        });
  }

  /**
   * The settings stored for the tenants (their own, {@code owner_id = tenant_id}) and for the
   * candidates within them: a superset of what a batch needs, read in one statement. Keys are
   * {@link PolicyOverride.Key}s; the JSON settings are returned as stored.
   */
  public Map<PolicyOverride.Key, String> policySettings(
      Collection<String> tenantKeys, Collection<String> candidateIds) {
    if (tenantKeys.isEmpty()) {
      return Map.of();
    }
    return work(
        connection -> {
          Map<PolicyOverride.Key, String> found = new HashMap<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "select scope, tenant_id, owner_id, settings from policy_override"
                      + " where tenant_id = any(?) and ((scope = 'TENANT' and owner_id = tenant_id)"
                      + " or (scope = 'CANDIDATE' and owner_id = any(?)))")) {
            select.setArray(1, connection.createArrayOf("text", tenantKeys.toArray()));
            select.setArray(2, connection.createArrayOf("text", candidateIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                found.put(
                    new PolicyOverride.Key(rows.getString(1), rows.getString(2), rows.getString(3)),
                    rows.getString(4));
              }
            }
          }
          return found;
        });
  }

  /** Inserts new planned interviews and updates the others, by id. */
  public void saveInterviews(
      Collection<PlannedInterview> inserted, Collection<PlannedInterview> updated) {
    work(
        connection -> {
          INSERT_INTERVIEWS.execute(connection, inserted);
          if (!updated.isEmpty()) {
            try (PreparedStatement update =
                connection.prepareStatement(
                    "update planned_interview set candidate_id = ?, tenant_id = ?,"
                        + " opportunity_id = ?, facts = ?, candidate_name = ?, candidate_email = ?,"
                        + " candidate_time_zone = ?, company = ?, role = ?, ended_at = ?,"
                        + " time_zone = ?, created_at = ?, last_event_at = ?"
                        + " where interview_id = ?")) {
              for (PlannedInterview interview : updated) {
                setInterview(update, 1, interview);
                update.setObject(13, offset(interview.lastEventAt));
                update.setObject(14, interview.interviewId);
                update.addBatch();
              }
              update.executeBatch();
            }
          }
          return null;
        });
  }

  /** Inserts new steps, and writes what may have changed of the others (all locked before). */
  public void saveSteps(Collection<FollowUpStep> inserted, Collection<FollowUpStep> updated) {
    work(
        connection -> {
          INSERT_STEPS.execute(connection, inserted);
          if (!updated.isEmpty()) {
            updateSteps(connection, updated);
          }
          return null;
        });
  }

  private static void updateSteps(Connection connection, Collection<FollowUpStep> steps)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "update follow_up_step set action = ?, channel = ?, revision = ?, rule = ?,"
                + " due_at = ?, window_end = ?, status = ?, claimed_by = ?, claim_expires_at = ?,"
                + " fence = ?, state_changed_at = ?, trace_parent = ? where id = ?")) {
      for (FollowUpStep step : steps) {
        int i = 0;
        update.setString(++i, step.action.name());
        update.setString(++i, step.channel.name());
        update.setInt(++i, step.revision);
        update.setString(++i, step.rule);
        update.setObject(++i, offset(step.dueAt));
        update.setObject(++i, offset(step.windowEnd));
        update.setString(++i, step.status.name());
        update.setString(++i, step.claimedBy);
        update.setObject(++i, offset(step.claimExpiresAt));
        update.setLong(++i, step.fence);
        update.setObject(++i, offset(step.stateChangedAt));
        update.setString(++i, step.traceParent);
        update.setObject(++i, step.id);
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  private static void setInterview(PreparedStatement statement, int first, PlannedInterview i)
      throws SQLException {
    int n = first;
    statement.setString(n++, i.candidateId);
    statement.setString(n++, i.tenantId);
    statement.setString(n++, i.opportunityId);
    statement.setString(n++, i.facts);
    statement.setString(n++, i.candidateName);
    statement.setString(n++, i.candidateEmail);
    statement.setString(n++, i.candidateTimeZone);
    statement.setString(n++, i.company);
    statement.setString(n++, i.role);
    statement.setObject(n++, offset(i.endedAt));
    statement.setString(n++, i.timeZone);
    statement.setObject(n, offset(i.createdAt));
  }

  private static PlannedInterview interview(ResultSet row) throws SQLException {
    PlannedInterview interview = new PlannedInterview();
    interview.interviewId = row.getObject("interview_id", UUID.class);
    interview.candidateId = row.getString("candidate_id");
    interview.tenantId = row.getString("tenant_id");
    interview.opportunityId = row.getString("opportunity_id");
    interview.facts = row.getString("facts");
    interview.candidateName = row.getString("candidate_name");
    interview.candidateEmail = row.getString("candidate_email");
    interview.candidateTimeZone = row.getString("candidate_time_zone");
    interview.company = row.getString("company");
    interview.role = row.getString("role");
    interview.endedAt = instant(row, "ended_at");
    interview.timeZone = row.getString("time_zone");
    interview.createdAt = instant(row, "created_at");
    interview.lastEventAt = instant(row, "last_event_at");
    return interview;
  }

  private static FollowUpStep step(ResultSet row) throws SQLException {
    FollowUpStep step = new FollowUpStep();
    step.id = row.getObject("id", UUID.class);
    step.interviewId = row.getObject("interview_id", UUID.class);
    step.candidateId = row.getString("candidate_id");
    step.tenantId = row.getString("tenant_id");
    step.opportunityId = row.getString("opportunity_id");
    step.kind = StepKind.valueOf(row.getString("kind"));
    step.channel = Channel.valueOf(row.getString("channel"));
    step.action = Action.valueOf(row.getString("action"));
    step.sequence = row.getInt("sequence");
    step.revision = row.getInt("revision");
    step.rule = row.getString("rule");
    step.recipientId = row.getString("recipient_id");
    step.recipientName = row.getString("recipient_name");
    step.recipientEmail = row.getString("recipient_email");
    step.recipientTitle = row.getString("recipient_title");
    step.recipientPhone = row.getString("recipient_phone");
    step.recipientAddress = row.getString("recipient_address");
    step.recipientTimeZone = row.getString("recipient_time_zone");
    Array topics = row.getArray("recipient_topics");
    step.recipientTopics =
        topics == null ? new ArrayList<>() : new ArrayList<>(List.of((String[]) topics.getArray()));
    step.dueAt = instant(row, "due_at");
    step.windowEnd = instant(row, "window_end");
    step.status = StepStatus.valueOf(row.getString("status"));
    step.claimedBy = row.getString("claimed_by");
    step.claimExpiresAt = instant(row, "claim_expires_at");
    step.fence = row.getLong("fence");
    step.firedAt = instant(row, "fired_at");
    step.stateChangedAt = instant(row, "state_changed_at");
    step.createdAt = instant(row, "created_at");
    step.traceParent = row.getString("trace_parent");
    return step;
  }

  private Set<String> strings(String sql, Collection<String> values) {
    if (values.isEmpty()) {
      return Set.of();
    }
    return work(
        connection -> {
          Set<String> found = new HashSet<>();
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setArray(1, connection.createArrayOf("text", values.toArray()));
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                found.add(rows.getString(1));
              }
            }
          }
          return found;
        });
  }

  private <T> T work(ReturningWork<T> work) {
    return entityManager.unwrap(Session.class).doReturningWork(work);
  }

  private static OffsetDateTime offset(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
