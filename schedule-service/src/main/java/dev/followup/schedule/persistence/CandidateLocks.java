package dev.followup.schedule.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Transaction-scoped advisory locks on candidates, which keep planning and erasure apart. Planning
 * holds a candidate's lock shared from before it reads whether the candidate was erased until it
 * commits; erasure holds it exclusively. An erasure therefore waits for the plans that read the
 * candidate as not erased, and then deletes what they wrote; a plan that begins after an erasure
 * waits for it, and then reads the candidate as erased. Without the lock, a completion planned on
 * one instance while another erases the candidate could write a new interview's steps after the
 * erasure deleted the rest. (Steps added to an interview that already exists are also guarded by
 * the foreign key to it: an erasure that finds one deletes nothing, fails and is retried.)
 *
 * <p>Locks are keyed by a hash of the candidate id in a space of their own; two candidates with the
 * same hash only wait for each other.
 */
final class CandidateLocks {

  /** The first key of every candidate lock: "cand" in ASCII. */
  private static final int SPACE = 0x63616e64;

  private CandidateLocks() {}

  /** Takes the candidates' locks shared, in hash order; held until the transaction ends. */
  static void shared(Connection connection, Collection<String> candidateIds) throws SQLException {
    if (candidateIds.isEmpty()) {
      return;
    }
    try (PreparedStatement lock =
        connection.prepareStatement(
            "select pg_advisory_xact_lock_shared(?, h) from"
                + " (select distinct hashtext(c) as h from unnest(?::text[]) as c order by 1) as k")) {
      lock.setInt(1, SPACE);
      lock.setArray(2, connection.createArrayOf("text", candidateIds.toArray()));
      try (ResultSet locked = lock.executeQuery()) {
        while (locked.next()) {
          // Each row is one lock taken.
        }
      }
    }
  }

  /** Takes the candidate's lock exclusively, waiting for the plans that hold it shared. */
  static void exclusive(Connection connection, String candidateId) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement("select pg_advisory_xact_lock(?, hashtext(?))")) {
      lock.setInt(1, SPACE);
      lock.setString(2, candidateId);
      lock.executeQuery().close();
    }
  }
}
