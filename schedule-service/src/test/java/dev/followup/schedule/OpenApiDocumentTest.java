package dev.followup.schedule;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The error contract as the OpenAPI document gives it to a generated client: every error response
 * of an operation carries the shared Problem body, beside the ones the resource declares itself.
 */
@QuarkusTest
class OpenApiDocumentTest {

  @Test
  void snoozingDeclaresEveryProblemItCanAnswer() {
    Map<String, Map<String, Object>> responses =
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .path("paths.'/steps/{stepId}/snooze'.post.responses");

    assertThat(responses).containsKeys("200", "400", "401", "404", "409", "413", "500");
    responses.forEach(
        (status, response) -> {
          if (!status.startsWith("2")) {
            assertThat(response.get("content"))
                .as(status)
                .isEqualTo(
                    Map.of(
                        "application/problem+json",
                        Map.of("schema", Map.of("$ref", "#/components/schemas/Problem"))));
          }
        });
  }
}
