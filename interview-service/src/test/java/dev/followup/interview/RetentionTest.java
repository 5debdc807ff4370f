package dev.followup.interview;

import static dev.followup.interview.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.followup.interview.application.RetentionService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Job descriptions and interview notes go once an accepted offer is older than the retention
 * period; those of other opportunities stay. The purge is called directly with a short period.
 */
@QuarkusTest
class RetentionTest {

  private static final Duration PERIOD = Duration.ofHours(1);

  @Inject RetentionService retention;

  @Test
  void documentsOfOffersAcceptedLongerAgoThanThePeriodArePurged() {
    String token = Fixtures.newCandidate();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String expired = opportunityWithInterview(token, "ACCEPTED", now.minus(PERIOD.multipliedBy(2)));
    String recent = opportunityWithInterview(token, "ACCEPTED", now.minus(PERIOD.dividedBy(2)));
    String offer = opportunityWithInterview(token, "OFFER", now.minus(PERIOD.multipliedBy(2)));
    String rejected =
        opportunityWithInterview(token, "REJECTED", now.minus(PERIOD.multipliedBy(2)));

    RetentionService.Purged purged = retention.purge(PERIOD);

    assertThat(purged.jobDescriptions()).isGreaterThanOrEqualTo(1);
    assertThat(purged.notes()).isGreaterThanOrEqualTo(1);
    as(token)
        .get("/opportunities/{id}", expired)
        .then()
        .statusCode(200)
        .body("jobDescription", nullValue())
        .body("outcome", equalTo("ACCEPTED"))
        .body("version", equalTo(2));
    as(token)
        .get("/opportunities/{id}/interviews", expired)
        .then()
        .body("items[0].notes", nullValue())
        .body("items[0].interviewers.size()", equalTo(2));
    for (String kept : new String[] {recent, offer, rejected}) {
      as(token)
          .get("/opportunities/{id}", kept)
          .then()
          .body("jobDescription.content", equalTo("# Backend engineer\nKafka, PostgreSQL."));
      as(token)
          .get("/opportunities/{id}/interviews", kept)
          .then()
          .body("items[0].notes", equalTo("They run billing on Kafka."));
    }

    assertThat(retention.purge(PERIOD)).isEqualTo(new RetentionService.Purged(0, 0));
    as(token).get("/opportunities/{id}", expired).then().body("version", equalTo(2));
  }

  private static String opportunityWithInterview(String token, String outcome, Instant at) {
    String opportunity = Fixtures.opportunity(token, "Acme Corp");
    Fixtures.interview(token, opportunity);
    as(token)
        .contentType(ContentType.JSON)
        .header("If-Match", "*")
        .body("{\"outcome\": \"%s\", \"recordedAt\": \"%s\"}".formatted(outcome, at))
        .put("/opportunities/{id}/outcome", opportunity)
        .then()
        .statusCode(200);
    return opportunity;
  }
}
