package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.followup.infra.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /candidate} leaves nothing of the candidate in any table of the service, published
 * events included, tells the other services once, and touches nobody else's data.
 */
@QuarkusTest
class ErasureTest {

  @Inject DataSource dataSource;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @Test
  void erasureLeavesNothingBehindAndIsAnnouncedOnce() throws Exception {
    String marker = "erase-" + UUID.randomUUID();
    String candidateId = "cand-" + marker;
    String token = Fixtures.token(Fixtures.TENANT, candidateId);
    List<String> personalData = recordAWholeStory(token, marker);
    // Someone else, with the same kind of record, whose data must survive.
    String bystander = Fixtures.newCandidate();
    String bystanderOpportunity = Fixtures.opportunity(bystander, "Acme Corp");
    String bystanderInterview = Fixtures.interview(bystander, bystanderOpportunity);

    // The completion event went out with the candidate's name and email in it; once on the topic,
    // the events leave the outbox.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                count("select count(*) from outbox_event where payload like ?", "%" + marker + "%")
                    == 0);
    // One more change right before the erasure: its event may still be waiting.
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"receivedAt\": \"2026-01-20T09:00:00Z\", \"summary\": \"" + marker + "\"}")
        .post("/opportunities/{id}/replies", opportunityOf(token))
        .then()
        .statusCode(201);

    as(token).delete("/candidate").then().statusCode(204);

    as(token).get("/candidate").then().statusCode(404);
    as(token).get("/opportunities").then().statusCode(200).body("total", equalTo(0));
    as(token).get("/interviews").then().statusCode(200).body("total", equalTo(0));
    as(token).get("/references").then().statusCode(200).body("total", equalTo(0));
    // Once the relay has sent what was waiting, no table holds anything of the candidate.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(rowsMentioning(personalData)).isEmpty());

    // Erasing again is answered the same and announces nothing more.
    as(token).delete("/candidate").then().statusCode(204);
    try (TopicReader reader = new TopicReader(bootstrapServers, "interview-events")) {
      reader.awaitMatching(r -> candidateId.equals(r.key()), 1, Duration.ofSeconds(20));
      List<ConsumerRecord<String, String>> erased =
          reader.readFor(r -> candidateId.equals(r.key()), Duration.ofSeconds(3));
      assertThat(erased)
          .extracting(r -> TopicReader.header(r, "ce_type"))
          .containsExactly("dev.followup.candidate.erased.v1");
    }
    assertThat(rowsMentioning(personalData)).isEmpty();

    as(bystander).get("/candidate").then().statusCode(200);
    as(bystander).get("/opportunities/{id}", bystanderOpportunity).then().statusCode(200);
    as(bystander)
        .get("/interviews/{id}", bystanderInterview)
        .then()
        .statusCode(200)
        .body("interviewers.size()", equalTo(2));
  }

  @Test
  void erasingWithoutAProfileChangesNothing() {
    String token = Fixtures.token(Fixtures.TENANT, "cand-" + UUID.randomUUID());
    as(token).delete("/candidate").then().statusCode(204);
    as(token).get("/candidate").then().statusCode(404);
  }

  /**
   * Profile, reference, opportunity with a job description, a completed interview with notes and
   * business cards, an employer's reply: each carries the marker. Returns what must not survive.
   */
  private static List<String> recordAWholeStory(String token, String marker) {
    String email = marker + "@example.com";
    as(token)
        .contentType(ContentType.JSON)
        .body(
            """
            {"name": "Robin %1$s", "email": "%2$s", "phone": "+1 312 555 0177",
             "timeZone": "America/Chicago", "locale": "en-US"}
            """
                .formatted(marker, email))
        .put("/candidate")
        .then()
        .statusCode(201);
    as(token)
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \"Ref %1$s\", \"email\": \"ref-%1$s@example.com\", \"relation\": \"Peer\"}"
                .formatted(marker))
        .post("/references")
        .then()
        .statusCode(201);
    String opportunity =
        as(token)
            .contentType(ContentType.JSON)
            .body(
                """
                {"company": "Corp %1$s", "role": "Backend engineer",
                 "jobDescription": {"content": "JD %1$s", "contentType": "text/plain"}}
                """
                    .formatted(marker))
            .post("/opportunities")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    String interview =
        as(token)
            .contentType(ContentType.JSON)
            .body(
                Fixtures.interviewBody()
                    .replace("They run billing on Kafka.", "Notes " + marker)
                    .replace("dana@acme.example", "dana-" + marker + "@acme.example")
                    .replace("Ari Cohen", "Ari " + marker))
            .post("/opportunities/{id}/interviews", opportunity)
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    as(token).post("/interviews/{id}/completion", interview).then().statusCode(200);
    as(token)
        .contentType(ContentType.JSON)
        .body("{\"receivedAt\": \"2026-01-19T09:00:00Z\", \"summary\": \"Reply " + marker + "\"}")
        .post("/opportunities/{id}/replies", opportunity)
        .then()
        .statusCode(201);
    return List.of(marker, email, Fixtures.subjectOf(token));
  }

  private static String opportunityOf(String token) {
    return as(token).get("/opportunities").then().extract().path("items[0].id");
  }

  /** Every "table.column" of the service's schema whose text contains one of the values. */
  private List<String> rowsMentioning(List<String> values) throws SQLException {
    List<String> found = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      List<String[]> columns = new ArrayList<>();
      try (PreparedStatement statement =
              connection.prepareStatement(
                  "select c.table_name, c.column_name from information_schema.columns c"
                      + " join information_schema.tables t on t.table_schema = c.table_schema"
                      + " and t.table_name = c.table_name"
                      + " where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'");
          ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          columns.add(new String[] {rows.getString(1), rows.getString(2)});
        }
      }
      assertThat(columns).as("the columns of the schema").hasSizeGreaterThan(20);
      for (String[] column : columns) {
        for (String value : values) {
          String sql =
              "select count(*) from \"%s\" where \"%s\"::text like ?"
                  .formatted(column[0], column[1]);
          if (count(connection, sql, "%" + value + "%") > 0) {
            found.add(column[0] + "." + column[1] + " holds " + value);
          }
        }
      }
    }
    return found;
  }

  private long count(String sql, String parameter) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return count(connection, sql, parameter);
    }
  }

  private static long count(Connection connection, String sql, String parameter)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
