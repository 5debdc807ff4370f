package dev.followup.benchmarks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * PostgreSQL's own counters of a database (commits; rows inserted, updated, of those updated in
 * place (HOT), deleted per table) and of the server's write-ahead log, read before and after a
 * phase: where the database's work per event or per step goes. The log is written at every commit
 * and the commit waits for it: its volume, and the share of whole pages written again after a
 * checkpoint, are a cost of each row that the table counters do not show.
 */
record DbActivity(long commits, Map<String, long[]> rows, long walBytes, long walFullPages) {

  /** The counters now, after the server has had time to publish the latest ones. */
  static DbActivity read(Database db) {
    Await.sleep(java.time.Duration.ofMillis(1_500));
    long commits =
        db.number("select xact_commit from pg_stat_database where datname = current_database()");
    Map<String, long[]> rows = new TreeMap<>();
    try (PreparedStatement statement =
            db.connection()
                .prepareStatement(
                    "select relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del"
                        + " from pg_stat_user_tables");
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        rows.put(
            result.getString(1),
            new long[] {
              result.getLong(2), result.getLong(3), result.getLong(4), result.getLong(5)
            });
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the table statistics", e);
    }
    long walBytes = db.number("select wal_bytes::bigint from pg_stat_wal");
    long walFullPages = db.number("select wal_fpi from pg_stat_wal");
    return new DbActivity(commits, rows, walBytes, walFullPages);
  }

  /**
   * What happened since {@code before}, per unit of work: "3.0 commits; follow_up_step +7.0 ~2.0
   * (1.0 HOT) -0.0; write-ahead log 9.5 kB, 0.12 full-page images" (rows inserted, updated, of
   * those without new index entries, deleted per unit; the log written by the whole server), tables
   * without change left out. An update that is not HOT writes a new entry in every index of the
   * table.
   */
  String perUnitSince(DbActivity before, long units, String unit) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "per %s: %.2f commits",
                unit,
                (commits - before.commits) / (double) units));
    rows.forEach(
        (table, now) -> {
          long[] then = before.rows.getOrDefault(table, new long[4]);
          long inserted = now[0] - then[0];
          long updated = now[1] - then[1];
          long hot = now[2] - then[2];
          long deleted = now[3] - then[3];
          if (inserted + updated + deleted > 0) {
            line.append(
                String.format(
                    Locale.ROOT,
                    "; %s +%.2f ~%.2f (%.2f HOT) -%.2f",
                    table,
                    inserted / (double) units,
                    updated / (double) units,
                    hot / (double) units,
                    deleted / (double) units));
          }
        });
    line.append(
        String.format(
            Locale.ROOT,
            "; write-ahead log %.1f kB, %.2f full-page images",
            (walBytes - before.walBytes) / 1024.0 / units,
            (walFullPages - before.walFullPages) / (double) units));
    return line.append(
            " (rows inserted, updated (in place), deleted; the server's write-ahead log)")
        .toString();
  }
}
