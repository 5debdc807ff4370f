package dev.followup.schedule.incoming;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;

/**
 * Failures that say nothing about the record being processed: the database went away (restarted,
 * failed over, the connection was terminated). Such a record is processed again, after a pause,
 * until the database answers; dead-lettering it would drop a good event, and with it every step it
 * plans.
 */
final class TransientFailures {

  private static final Logger LOG = Logger.getLogger(TransientFailures.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

  private TransientFailures() {}

  /**
   * Runs {@code work} until it ends without a transient failure. The consumer's thread waits
   * meanwhile, and so do the records behind this one: none of them could be processed either.
   * Interrupted (shutdown), it gives up and throws the last failure; the record's offset is not
   * committed, so it is processed again after the restart.
   */
  static void retrying(Runnable work) {
    Duration pause = FIRST_PAUSE;
    for (int attempt = 1; ; attempt++) {
      try {
        work.run();
        return;
      } catch (RuntimeException e) {
        if (!isTransient(e)) {
          throw e;
        }
        LOG.warnf(
            "Database unavailable (attempt %d), retrying in %d ms: %s",
            attempt, pause.toMillis(), e.getMessage());
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pause =
            pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
                ? LONGEST_PAUSE
                : pause.multipliedBy(2);
      }
    }
  }

  /**
   * Whether {@code failure} comes from the connection to the database rather than from the data:
   * SQL states of class 08 (connection exception) and 57P (operator intervention: the server is
   * shutting down, was restarted, or terminated this backend), and the JDBC driver's transient and
   * recoverable exceptions; among the causes, and among the suppressed exceptions too. A commit
   * whose connection was terminated fails with the transaction manager's RollbackException, which
   * carries the driver's exception only as a suppressed one: taken for a failure of the data, the
   * outcome of sends already made was dropped, and they were sent again after their lease.
   */
  static boolean isTransient(Throwable failure) {
    return isTransient(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static boolean isTransient(Throwable failure, Set<Throwable> seen) {
    if (failure == null || !seen.add(failure)) {
      return false;
    }
    if (failure instanceof JDBCConnectionException
        || failure instanceof SQLTransientException
        || failure instanceof SQLRecoverableException) {
      return true;
    }
    if (failure instanceof SQLException sql && sql.getSQLState() != null) {
      String state = sql.getSQLState();
      if (state.startsWith("08") || state.startsWith("57P")) {
        return true;
      }
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      if (isTransient(suppressed, seen)) {
        return true;
      }
    }
    return isTransient(failure.getCause(), seen);
  }
}
