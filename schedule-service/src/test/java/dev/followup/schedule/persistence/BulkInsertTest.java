package dev.followup.schedule.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Rows go in as given and in order, whatever their text holds, as text and as arrays of text. */
@QuarkusTest
class BulkInsertTest {

  private record Row(String plain, List<String> tags) {}

  private static final BulkInsert<Row> INSERT =
      BulkInsert.<Row>into("bulk_insert_check")
          .text("plain", Row::plain)
          .textArray("tags", Row::tags);

  @Inject DataSource dataSource;

  @Test
  void textsWithQuotesBackslashesLineBreaksAndEmptyValuesComeBackAsTheyWere() throws SQLException {
    List<Row> rows =
        List.of(
            new Row("{\"json\":\"with \\\"escapes\\\" and \\\\\"}", List.of()),
            new Row("", List.of("", "x,y", "{braces}", "a \"quoted\" word")),
            new Row(null, null),
            new Row("line one\nline two\ttabbed, ünïcødé ✓", List.of("\"", "back\\slash")));

    assertThat(insertAndReadBack(rows)).containsExactlyElementsOf(rows);
  }

  private List<Row> insertAndReadBack(List<Row> rows) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      createTable(connection);
      INSERT.execute(connection, rows);
      List<Row> read = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet result =
              statement.executeQuery(
                  "select plain, tags from bulk_insert_check order by position")) {
        while (result.next()) {
          java.sql.Array tags = result.getArray(2);
          read.add(
              new Row(
                  result.getString(1), tags == null ? null : List.of((String[]) tags.getArray())));
        }
      }
      return read;
    }
  }

  private static void createTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("drop table if exists bulk_insert_check");
      statement.execute(
          "create table bulk_insert_check (position bigserial, plain text, tags text[])");
    }
  }
}
