package dev.followup.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server from the embedded binaries published on Maven Central, with one database
 * per service.
 */
public final class LocalPostgres implements AutoCloseable {

  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private LocalPostgres(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /** Starts a throw-away server on a free port; its data is deleted when it stops. */
  public static LocalPostgres startTemporary() {
    return startTemporary(Map.of());
  }

  /**
   * The same, with server settings of its own, e.g. {@code shared_preload_libraries} to load {@code
   * pg_stat_statements} (the embedded binaries include it).
   */
  public static LocalPostgres startTemporary(Map<String, String> serverConfig) {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    serverConfig.forEach(builder::setServerConfig);
    return start(builder, null);
  }

  /**
   * Starts a server on a fixed port whose data survives restarts, under {@code dataDirectory}.
   *
   * <p>Unlike the throw-away server, a commit is acknowledged only once its WAL is written out
   * ({@code synchronous_commit=on}; the embedded default is off): a crash of the server's processes
   * ({@link #stopImmediately}) then loses nothing it acknowledged, as in production. (The write
   * still stops at the operating system, {@code fsync=off}: a power loss is another matter.)
   */
  public static LocalPostgres startPersistent(Path dataDirectory, int port) {
    return start(
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setPort(port)
            .setServerConfig("synchronous_commit", "on"),
        dataDirectory);
  }

  private static LocalPostgres start(EmbeddedPostgres.Builder builder, Path dataDirectory) {
    try {
      return new LocalPostgres(
          builder
              // Tests and local runs hold a few connection pools each: leave headroom.
              .setServerConfig("max_connections", "300")
              .setServerConfig("fsync", "off")
              .start(),
          dataDirectory);
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the embedded PostgreSQL server", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** Creates the database unless it exists, and returns its JDBC URL. */
  public String createDatabase(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("Not a plain database name: " + name);
    }
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
        if (!rows.next()) {
          statement.execute("create database " + name);
        }
      }
    } catch (SQLException e) {
      // Two test JVMs or two threads may race to create the same database.
      if (!"42P04".equals(e.getSQLState())) {
        throw new IllegalStateException("Could not create database " + name, e);
      }
    }
    return jdbcUrl(name);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  /**
   * Stops the server as {@code pg_ctl stop -m immediate} does: SIGQUIT to the postmaster, which
   * ends every backend at once without a checkpoint, so the next start runs crash recovery. Only
   * for a server started with {@link #startPersistent}; start it again with the same directory and
   * port.
   *
   * <p>The operating system keeps what PostgreSQL had written, so this is not a power loss.
   */
  public void stopImmediately(Duration timeout) {
    if (dataDirectory == null) {
      throw new IllegalStateException("Only a persistent server can be stopped and started again");
    }
    long pid;
    try {
      pid =
          Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
    } catch (IOException e) {
      throw new IllegalStateException("No postmaster.pid in " + dataDirectory, e);
    }
    Signals.send(pid, "QUIT");
    ProcessHandle.of(pid)
        .ifPresent(
            postmaster -> {
              try {
                postmaster.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("PostgreSQL did not stop within " + timeout, e);
              }
            });
    // Releases the data directory's lock; its own stop finds no server and only says so.
    close();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new IllegalStateException("Could not stop the embedded PostgreSQL server", e);
    }
  }
}
