package dev.followup.infra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the database's time goes, statement by statement, from {@code pg_stat_statements}: the
 * server must be started with it loaded ({@code shared_preload_libraries}). The counters are the
 * server's, for every database; {@link #reset} starts a phase afresh. The benchmarks use it to say
 * what a run cost the database.
 */
public final class StatementStatistics {

  /** The library, for {@code shared_preload_libraries}. */
  public static final String LIBRARY = "pg_stat_statements";

  /**
   * The server setting that has the library time the planning of each statement as well: a plan
   * made again at every call (the server's choice for a prepared statement whose generic plan looks
   * costlier) can take longer than running it, and is not in the execution time.
   */
  static final String TRACK_PLANNING = LIBRARY + ".track_planning";

  /** The server settings that load the library and have it time planning too. */
  public static Map<String, String> serverConfig() {
    return Map.of("shared_preload_libraries", LIBRARY, TRACK_PLANNING, "on");
  }

  private StatementStatistics() {}

  /** Creates the extension in the connection's database if needed and clears the counters. */
  public static void reset(Connection connection) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("create extension if not exists " + LIBRARY);
      statement.execute("select " + LIBRARY + "_reset()");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot reset " + LIBRARY, e);
    }
  }

  /**
   * The {@code limit} statements of this database that took the most time since the last reset,
   * planning included when the server tracks it ({@link #TRACK_PLANNING}): "812 ms in 29 calls
   * (planning 3 ms), 98,147 rows, 0.008 ms per row: insert into follow_up_step …". The time per row
   * is the execution's.
   */
  public static List<String> top(Connection connection, int limit) {
    List<String> lines = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            """
                    select total_exec_time, calls, rows, regexp_replace(query, '\\s+', ' ', 'g'),
                           total_plan_time
                    from pg_stat_statements
                    where dbid = (select oid from pg_database where datname = current_database())
                    order by total_exec_time + total_plan_time desc
                    limit ?
                    """)) {
      statement.setInt(1, limit);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          double millis = rows.getDouble(1);
          long count = rows.getLong(3);
          String query = rows.getString(4);
          double planning = rows.getDouble(5);
          lines.add(
              String.format(
                  Locale.ROOT,
                  "%,.0f ms in %,d calls (planning %,.0f ms), %,d rows, %s ms per row: %s",
                  millis + planning,
                  rows.getLong(2),
                  planning,
                  count,
                  count == 0 ? "-" : String.format(Locale.ROOT, "%.3f", millis / count),
                  query.length() > 110 ? query.substring(0, 110) + "…" : query));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read " + LIBRARY, e);
    }
    return lines;
  }
}
