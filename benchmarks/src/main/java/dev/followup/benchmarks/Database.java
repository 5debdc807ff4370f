package dev.followup.benchmarks;

import dev.followup.infra.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

/** One JDBC connection to a database of the local PostgreSQL server, for loading and counting. */
final class Database implements AutoCloseable {

  private final Connection connection;

  Database(String jdbcUrl) {
    try {
      connection = DriverManager.getConnection(jdbcUrl, LocalPostgres.USER, LocalPostgres.PASSWORD);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot connect to " + jdbcUrl, e);
    }
  }

  Connection connection() {
    return connection;
  }

  void execute(String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Failed: " + sql, e);
    }
  }

  /** The first column of the first row of a query, as a number; {@code args} bound in order. */
  long number(String sql, Object... args) {
    Object value = single(sql, args);
    return value == null ? 0 : ((Number) value).longValue();
  }

  Instant instant(String sql, Object... args) {
    Object value = single(sql, args);
    return value == null ? null : ((Timestamp) value).toInstant();
  }

  /** The first row of a query, as an array of its columns. */
  Object[] row(String sql, Object... args) {
    try (PreparedStatement statement = prepare(sql, args);
        ResultSet rows = statement.executeQuery()) {
      if (!rows.next()) {
        return null;
      }
      Object[] row = new Object[rows.getMetaData().getColumnCount()];
      for (int i = 0; i < row.length; i++) {
        row[i] = rows.getObject(i + 1);
      }
      return row;
    } catch (SQLException e) {
      throw new IllegalStateException("Failed: " + sql, e);
    }
  }

  int update(String sql, Object... args) {
    try (PreparedStatement statement = prepare(sql, args)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("Failed: " + sql, e);
    }
  }

  /**
   * The PostgreSQL server's main process (postmaster): the parent of this connection's backend. Its
   * backends and background processes are its children, so their CPU can be read apart from
   * everything else on the machine.
   */
  long serverPid() {
    long backend = number("select pg_backend_pid()");
    return ProcessHandle.of(backend)
        .flatMap(ProcessHandle::parent)
        .map(ProcessHandle::pid)
        .orElseThrow(() -> new IllegalStateException("No parent of backend " + backend));
  }

  private Object single(String sql, Object... args) {
    Object[] row = row(sql, args);
    return row == null ? null : row[0];
  }

  PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof Instant instant) {
        statement.setTimestamp(i + 1, Timestamp.from(instant));
      } else {
        statement.setObject(i + 1, arg);
      }
    }
    return statement;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing at the end of a run: nothing left to do with it.
    }
  }
}
