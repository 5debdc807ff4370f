package dev.followup.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

/** The error contract as a generated client sees it in the OpenAPI document. */
class ProblemResponsesTest {

  private final ProblemResponses filter = new ProblemResponses();

  @Test
  void aSecuredOperationWithABodyDeclaresEveryProblemItCanAnswer() {
    Operation replace =
        OASFactory.createOperation()
            .requestBody(OASFactory.createRequestBody())
            .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("jwt"))
            .responses(
                OASFactory.createAPIResponses()
                    .addAPIResponse("200", OASFactory.createAPIResponse().description("Replaced"))
                    .addAPIResponse(
                        "404", OASFactory.createAPIResponse().description("No such interview")));
    OpenAPI document = documentWith("/interviews/{id}", replace);

    filter.filterOpenAPI(document);

    assertThat(replace.getResponses().getAPIResponses())
        .containsOnlyKeys("200", "400", "401", "404", "413", "500");
    for (String status : new String[] {"400", "401", "404", "413", "500"}) {
      APIResponse response = replace.getResponses().getAPIResponse(status);
      assertThat(response.getContent().getMediaType(Problem.MEDIA_TYPE).getSchema().getRef())
          .as(status)
          .isEqualTo("#/components/schemas/Problem");
    }
    assertThat(replace.getResponses().getAPIResponse("404").getDescription())
        .isEqualTo("No such interview");
    assertThat(replace.getResponses().getAPIResponse("200").getContent()).isNull();
    assertThat(document.getComponents().getSchemas()).containsKey("Problem");
  }

  @Test
  void anOpenOperationWithoutInputCanOnlyFail() {
    Operation key =
        OASFactory.createOperation()
            .responses(
                OASFactory.createAPIResponses()
                    .addAPIResponse("200", OASFactory.createAPIResponse().description("The key")));

    filter.filterOpenAPI(documentWith("/push/vapid-public-key", key));

    assertThat(key.getResponses().getAPIResponses()).containsOnlyKeys("200", "500");
  }

  @Test
  void aProblemSchemaTheServiceDeclaresIsKept() {
    Schema own = OASFactory.createSchema().description("the service's own");
    OpenAPI document = documentWith("/a", OASFactory.createOperation());
    document.setComponents(OASFactory.createComponents().addSchema("Problem", own));

    filter.filterOpenAPI(document);

    assertThat(document.getComponents().getSchemas().get("Problem")).isSameAs(own);
  }

  @Test
  void theSchemaHasTheFieldsOfTheProblemAnswered() {
    Schema problem = ProblemResponses.problemSchema();

    assertThat(problem.getProperties()).containsOnlyKeys(componentsOf(Problem.class));
    assertThat(problem.getProperties().get("violations").getItems().getProperties())
        .containsOnlyKeys(componentsOf(Problem.Violation.class));
  }

  private static String[] componentsOf(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .toArray(String[]::new);
  }

  private static OpenAPI documentWith(String path, Operation operation) {
    return OASFactory.createOpenAPI()
        .paths(
            OASFactory.createPaths().addPathItem(path, OASFactory.createPathItem().PUT(operation)));
  }
}
