package dev.followup.interview;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The service is ready only with its database, the Kafka broker and its channels up. */
@QuarkusTest
class ReadinessTest {

  @Test
  void readinessChecksTheDatabaseKafkaAndTheMessagingChannels() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.name",
            hasItems(
                "Database connections health check",
                "Kafka connection health check",
                "SmallRye Reactive Messaging - readiness check"))
        .body("checks.status", org.hamcrest.Matchers.everyItem(equalTo("UP")));
  }
}
