package dev.followup.database;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Supplier;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;

/**
 * Failures that say nothing about the work being done: the database went away (restarted, failed
 * over, the connection was terminated). Such work is done again, after a pause, until the database
 * answers: a consumed record dead-lettered for it would drop a good event and every step or
 * reminder it asks for; a sent reminder whose outcome is not recorded would be sent again after its
 * lease.
 */
public final class TransientFailures {

  private static final Logger LOG = Logger.getLogger(TransientFailures.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

  private TransientFailures() {}

  /**
   * Runs {@code work} (its own transaction) until it ends without a transient failure, and returns
   * what it returned. The calling thread waits meanwhile. Interrupted (shutdown), it gives up and
   * throws the last failure: a consumed record's offset is then not committed, and the record is
   * processed again after the restart.
   */
  public static <T> T retrying(Supplier<T> work) {
    Duration pause = FIRST_PAUSE;
    for (int attempt = 1; ; attempt++) {
      try {
        return work.get();
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

  /** As {@link #retrying(Supplier)}, for work that returns nothing. */
  public static void retrying(Runnable work) {
    retrying(
        () -> {
          work.run();
          return null;
        });
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
  public static boolean isTransient(Throwable failure) {
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
