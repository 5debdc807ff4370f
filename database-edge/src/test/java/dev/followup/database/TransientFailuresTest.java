package dev.followup.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.transaction.xa.XAException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

  @Test
  void aTerminatedOrRefusedConnectionIsTransient() {
    // As Hibernate reports pg_terminate_backend (57P01) and a server that is down (08001).
    assertThat(
            TransientFailures.isTransient(
                new GenericJDBCException(
                    "JDBC exception",
                    new SQLException(
                        "terminating connection due to administrator command", "57P01"))))
        .isTrue();
    assertThat(
            TransientFailures.isTransient(
                new IllegalStateException(new SQLException("Connection refused", "08001"))))
        .isTrue();
  }

  /**
   * As a commit fails when its connection is terminated: Narayana's RollbackException, wrapped by
   * Quarkus, with the resource's XAException (caused by the driver's) only as a suppressed one.
   */
  @Test
  void aCommitOnATerminatedConnectionIsTransient() {
    RollbackException rollback =
        new RollbackException("ARJUNA016053: Could not commit transaction.");
    XAException xa = new XAException("Error trying to transactionCommit local transaction");
    xa.initCause(new SQLException("terminating connection due to administrator command", "57P01"));
    rollback.addSuppressed(xa);

    assertThat(TransientFailures.isTransient(new IllegalStateException(rollback))).isTrue();
    assertThat(
            TransientFailures.isTransient(
                new IllegalStateException(new RollbackException("marked for rollback"))))
        .isFalse();
  }

  @Test
  void aFailureOfTheDataIsNot() {
    assertThat(
            TransientFailures.isTransient(
                new GenericJDBCException(
                    "JDBC exception", new SQLException("duplicate key", "23505"))))
        .isFalse();
    assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad event"))).isFalse();
  }

  @Test
  void retriesUntilTheDatabaseAnswersAndPassesOtherFailuresOn() {
    AtomicInteger calls = new AtomicInteger();
    String answer =
        TransientFailures.retrying(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException(new SQLException("closed", "08003"));
              }
              return "answered";
            });
    assertThat(answer).isEqualTo("answered");
    assertThat(calls).hasValue(3);

    AtomicInteger runs = new AtomicInteger();
    TransientFailures.retrying(
        () -> {
          if (runs.incrementAndGet() < 2) {
            throw new IllegalStateException(new SQLException("closed", "08003"));
          }
        });
    assertThat(runs).hasValue(2);

    AtomicInteger failing = new AtomicInteger();
    assertThatThrownBy(
            () ->
                TransientFailures.retrying(
                    () -> {
                      failing.incrementAndGet();
                      throw new IllegalArgumentException("bad event");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(failing).hasValue(1);
  }
}
