package dev.followup.rest;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Writes the error contract of {@link CommonProblems} into every operation of the service's OpenAPI
 * document, so that a client generated from it knows the shape of each error: every error response
 * is an {@code application/problem+json} {@link Problem}; an operation that takes a body or
 * parameters can answer 400, one with a body 413 too, one that needs a token 401, and any 500.
 * Responses a resource declares itself (404, 409, 412, …) keep their description and get the
 * problem body too.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

  static final String SCHEMA = "Problem";

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    if (openApi.getComponents() == null) {
      openApi.setComponents(OASFactory.createComponents());
    }
    Components components = openApi.getComponents();
    if (components.getSchemas() == null || !components.getSchemas().containsKey(SCHEMA)) {
      components.addSchema(SCHEMA, problemSchema());
    }
    if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
      return;
    }
    for (PathItem path : openApi.getPaths().getPathItems().values()) {
      Map<PathItem.HttpMethod, Operation> operations = path.getOperations();
      if (operations != null) {
        boolean pathHasParameters = path.getParameters() != null && !path.getParameters().isEmpty();
        operations.values().forEach(operation -> declareProblems(operation, pathHasParameters));
      }
    }
  }

  /** The error responses of one operation, each with the problem body. */
  static void declareProblems(Operation operation, boolean pathHasParameters) {
    if (operation.getResponses() == null) {
      operation.setResponses(OASFactory.createAPIResponses());
    }
    APIResponses responses = operation.getResponses();
    boolean takesInput =
        operation.getRequestBody() != null
            || pathHasParameters
            || (operation.getParameters() != null && !operation.getParameters().isEmpty());
    if (takesInput) {
      declare(responses, "400", "Invalid request: the problem names each invalid field");
    }
    if (operation.getRequestBody() != null) {
      declare(responses, "413", "The body is over the service's size limit");
    }
    if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
      declare(responses, "401", "No valid bearer token");
    }
    declare(responses, "500", "A failure of the service; the answer tells none of its internals");
    responses
        .getAPIResponses()
        .forEach(
            (status, response) -> {
              boolean error = status.startsWith("4") || status.startsWith("5");
              if (error
                  && (response.getContent() == null
                      || response.getContent().getMediaTypes() == null
                      || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(problemContent());
              }
            });
  }

  private static void declare(APIResponses responses, String status, String description) {
    if (!responses.hasAPIResponse(status)) {
      APIResponse response = OASFactory.createAPIResponse().description(description);
      responses.addAPIResponse(status, response);
    }
  }

  private static Content problemContent() {
    return OASFactory.createContent()
        .addMediaType(
            Problem.MEDIA_TYPE,
            OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/" + SCHEMA)));
  }

  /**
   * {@link Problem} as a schema, for a document in which no resource names it itself ({@code
   * ProblemResponsesTest} checks that the properties are the record's components).
   */
  static Schema problemSchema() {
    Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    Schema violation =
        OASFactory.createSchema()
            .addType(Schema.SchemaType.OBJECT)
            .description("One invalid field: its path in the body (or parameter name), and why")
            .addProperty("field", text)
            .addProperty("message", text);
    return OASFactory.createSchema()
        .addType(Schema.SchemaType.OBJECT)
        .description("RFC 9457 problem details")
        .addProperty("type", text)
        .addProperty("title", text)
        .addProperty(
            "status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32"))
        .addProperty("detail", text)
        .addProperty("instance", text)
        .addProperty(
            "violations",
            OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(violation))
        .required(List.of("type", "title", "status"));
  }
}
