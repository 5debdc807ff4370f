package dev.followup.schedule.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Rows go in as given and in order, whatever their values hold: text, uuids, numbers, timestamps
 * and arrays, nulls and empty arrays included.
 */
@QuarkusTest
class BulkInsertTest {

  private record Row(
      String plain,
      List<String> tags,
      UUID id,
      Integer small,
      Long large,
      Instant at,
      List<String> ids) {}

  private static final BulkInsert<Row> INSERT =
      BulkInsert.<Row>into("bulk_insert_check")
          .text("plain", Row::plain)
          .textArray("tags", Row::tags)
          .uuid("id", Row::id)
          .int4("small", Row::small)
          .int8("large", Row::large)
          .timestamp("at", Row::at)
          .uuidArray("ids", Row::ids);

  @Inject DataSource dataSource;

  @Test
  void textsWithQuotesBackslashesLineBreaksAndEmptyValuesComeBackAsTheyWere() throws SQLException {
    List<Row> rows =
        List.of(
            text("{\"json\":\"with \\\"escapes\\\" and \\\\\"}", List.of()),
            text("", List.of("", "x,y", "{braces}", "a \"quoted\" word")),
            text(null, null),
            text(
                "line one\nline two\ttabbed, ünïcødé ✓ \uD83D\uDE00", List.of("\"", "back\\slash")),
            text("NULL", Arrays.asList("NULL", null, "\\N")));

    assertThat(insertAndReadBack(rows)).containsExactlyElementsOf(rows);
  }

  @Test
  void uuidsNumbersAndTimestampsComeBackAsTheyWere() throws SQLException {
    UUID id = UUID.fromString("01936f4e-8a2b-7c3d-9e4f-a5b6c7d8e9f0");
    UUID high = UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff");
    List<Row> rows =
        List.of(
            new Row(
                "a",
                List.of(),
                id,
                Integer.MIN_VALUE,
                Long.MAX_VALUE,
                Instant.parse("2026-12-03T07:21:00.123456Z"),
                List.of(id.toString(), high.toString())),
            new Row(
                "b",
                List.of(),
                high,
                0,
                -1L,
                Instant.parse("1999-12-31T23:59:59.999999Z"),
                List.of()),
            new Row("c", List.of(), null, null, null, null, null));

    assertThat(insertAndReadBack(rows)).containsExactlyElementsOf(rows);
  }

  @Test
  void timestampsAreRoundedToTheMicrosecondAsTheDriverRoundsThem() throws SQLException {
    Instant up = Instant.parse("2026-12-03T07:21:00.1234565Z");
    Instant down = Instant.parse("2026-12-03T07:21:00.1234564Z");

    List<Row> read =
        insertAndReadBack(
            List.of(
                new Row("up", List.of(), null, null, null, up, null),
                new Row("down", List.of(), null, null, null, down, null)));

    assertThat(read.get(0).at()).isEqualTo(Instant.parse("2026-12-03T07:21:00.123457Z"));
    assertThat(read.get(1).at()).isEqualTo(Instant.parse("2026-12-03T07:21:00.123456Z"));
  }

  @Test
  void rowsBeyondOneChunkAndAValueLargerThanAChunkComeBackInOrder() throws SQLException {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      rows.add(
          new Row(
              i + " ünïcødé ✓ \uD83D\uDE00",
              List.of("tag " + i, "é ✓ \uD83D\uDE00".repeat(i % 50)),
              new UUID(i, -i),
              i,
              (long) i << 33,
              Instant.ofEpochSecond(1_700_000_000L + i, i * 1_000L),
              List.of(new UUID(-i, i).toString())));
    }
    // Larger than the 64 kB at which rows are sent: the buffer grows for it.
    rows.add(1_500, text("large", List.of("x".repeat(200_000) + "ü", "y".repeat(70_000))));

    assertThat(insertAndReadBack(rows)).containsExactlyElementsOf(rows);
  }

  @Test
  void aValueTheColumnRefusesFailsTheInsertAndWritesNothing() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      createTable(connection);
      List<Row> rows =
          List.of(
              text("fits", List.of()),
              text("this is longer than the column's forty characters", List.of()));

      assertThatThrownBy(() -> INSERT.execute(connection, rows))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("too long");
      try (Statement statement = connection.createStatement();
          ResultSet count = statement.executeQuery("select count(*) from bulk_insert_check")) {
        count.next();
        assertThat(count.getLong(1)).isZero();
      }
    }
  }

  private static Row text(String plain, List<String> tags) {
    return new Row(plain, tags, null, null, null, null, null);
  }

  private List<Row> insertAndReadBack(List<Row> rows) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      createTable(connection);
      INSERT.execute(connection, rows);
      List<Row> read = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet result =
              statement.executeQuery(
                  "select plain, tags, id, small, large, at, ids::text[] from bulk_insert_check"
                      + " order by position")) {
        while (result.next()) {
          java.sql.Array tags = result.getArray(2);
          java.sql.Array ids = result.getArray(7);
          OffsetDateTime at = result.getObject(6, OffsetDateTime.class);
          read.add(
              new Row(
                  result.getString(1),
                  tags == null ? null : Arrays.asList((String[]) tags.getArray()),
                  result.getObject(3, UUID.class),
                  (Integer) result.getObject(4),
                  (Long) result.getObject(5),
                  at == null ? null : at.toInstant(),
                  ids == null ? null : Arrays.asList((String[]) ids.getArray())));
        }
      }
      return read;
    }
  }

  private static void createTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("drop table if exists bulk_insert_check");
      statement.execute(
          "create table bulk_insert_check (position bigserial, plain varchar(40), tags text[],"
              + " id uuid, small int4, large int8, at timestamptz, ids uuid[])");
    }
  }
}
