package dev.followup.schedule;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness covers what the service cannot work without: its database and the Kafka broker. */
@QuarkusTest
class HealthTest {

  @Test
  void readinessListsTheDatabaseKafkaAndTheMessagingChannelsAllUp() {
    JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();

    assertThat(ready.getString("status")).isEqualTo("UP");
    List<Map<String, Object>> checks = ready.getList("checks");
    assertThat(checks).allSatisfy(check -> assertThat(check.get("status")).isEqualTo("UP"));
    assertThat(checks)
        .extracting(check -> ((String) check.get("name")).toLowerCase())
        .anySatisfy(name -> assertThat(name).contains("database"))
        .anySatisfy(name -> assertThat(name).contains("kafka connection"))
        .anySatisfy(name -> assertThat(name).contains("reactive messaging"));
  }
}
