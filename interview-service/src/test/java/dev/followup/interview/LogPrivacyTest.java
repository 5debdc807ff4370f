package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Names, email addresses, phone numbers and notes never reach the logs, even on errors. */
@QuarkusTest
class LogPrivacyTest {

  private static final List<String> PERSONAL_DATA =
      List.of(
          "Sam Rivera",
          "sam@example.com",
          "312 555 0142",
          "Dana Lee",
          "dana@acme.example",
          "212 555 0199",
          "Ari Cohen",
          "They run billing on Kafka",
          "Jordan Blake",
          "jordan@example.com",
          "1 Main St");

  private final List<String> captured = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
          if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
              line.append(' ').append(parameter);
            }
          }
          for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(' ').append(t);
          }
          captured.add(line.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureEverything() {
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    capture.setLevel(Level.ALL);
  }

  @AfterEach
  void stopCapturing() {
    Logger.getLogger("").removeHandler(capture);
  }

  @Test
  void aWholeStoryLeavesNoPersonalDataInTheLogs() {
    String token = Fixtures.newCandidate();
    as(token)
        .contentType(ContentType.JSON)
        .body(
            "{\"name\": \"Jordan Blake\", \"email\": \"jordan@example.com\","
                + " \"relation\": \"Former manager\"}")
        .post("/references")
        .then()
        .statusCode(201);
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    String interview = Fixtures.interview(token, opportunity);
    as(token).post("/interviews/{id}/completion", interview).then().statusCode(200);
    // Failures too: an invalid body, a stale version, a conflict.
    as(token)
        .contentType(ContentType.JSON)
        .body(Fixtures.interviewBody().replace("dana@acme.example", "Dana Lee at Acme"))
        .post("/opportunities/{id}/interviews", opportunity)
        .then()
        .statusCode(400);
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", "\"41\"")
        .body(Fixtures.interviewBody())
        .put("/interviews/{id}", interview)
        .then()
        .statusCode(412);
    as(token).post("/interviews/{id}/cancellation", interview).then().statusCode(409);

    // Give the outbox relay a round to publish (and log, if it logged anything).
    sleep(1500);
    assertThat(captured)
        .as("the capture sees what the service logs")
        .anyMatch(line -> line.contains("completed") && line.contains(interview));
    for (String line : captured) {
      for (String personal : PERSONAL_DATA) {
        assertThat(line).as("a log line").doesNotContain(personal);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
