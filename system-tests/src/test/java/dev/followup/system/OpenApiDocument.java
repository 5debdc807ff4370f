package dev.followup.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations a running service documents at {@code /q/openapi}: what the security and bad-input
 * tests go through, so that an operation added later is covered without touching them.
 */
final class OpenApiDocument {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options");
  private static final String PROBLEM = "application/problem+json";
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/]+)}");

  /** One documented operation. */
  record Operation(
      String service,
      String method,
      String path,
      List<String> pathParameters,
      boolean hasBody,
      boolean bodyRequired,
      String bodyMediaType,
      boolean secured,
      Set<String> problemStatuses) {

    /** The path with every parameter filled from {@code values} (by name). */
    String pathWith(Map<String, String> values) {
      Matcher m = PATH_PARAMETER.matcher(path);
      StringBuilder filled = new StringBuilder();
      while (m.find()) {
        String value = values.get(m.group(1));
        if (value == null) {
          throw new IllegalArgumentException("No value for {" + m.group(1) + "} of " + this);
        }
        m.appendReplacement(filled, Matcher.quoteReplacement(value));
      }
      m.appendTail(filled);
      return filled.toString();
    }

    @Override
    public String toString() {
      return service + " " + method + " " + path;
    }
  }

  private final String service;
  private final JsonNode document;

  private OpenApiDocument(String service, JsonNode document) {
    this.service = service;
    this.document = document;
  }

  static OpenApiDocument of(String service, String baseUrl) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/q/openapi?format=json"))
            .header("Accept", "application/json")
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            service + " answered " + response.statusCode() + " for its OpenAPI document");
      }
      return new OpenApiDocument(service, JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the OpenAPI document of " + service, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether the service documents a bearer (JWT) security scheme at all. */
  boolean declaresBearerAuthentication() {
    for (JsonNode scheme : document.path("components").path("securitySchemes")) {
      if ("bearer".equalsIgnoreCase(scheme.path("scheme").asText())
          || "openIdConnect".equals(scheme.path("type").asText())
          || "oauth2".equals(scheme.path("type").asText())) {
        return true;
      }
    }
    return false;
  }

  List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    boolean securedByDefault = document.path("security").size() > 0;
    Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> entry = methods.next();
        if (!METHODS.contains(entry.getKey())) {
          continue;
        }
        JsonNode operation = entry.getValue();
        JsonNode body = operation.path("requestBody");
        String mediaType =
            body.path("content").fieldNames().hasNext()
                ? body.path("content").fieldNames().next()
                : null;
        boolean secured =
            operation.has("security") ? operation.path("security").size() > 0 : securedByDefault;
        Set<String> problemStatuses = new TreeSet<>();
        operation
            .path("responses")
            .fields()
            .forEachRemaining(
                response -> {
                  if (response.getValue().path("content").has(PROBLEM)) {
                    problemStatuses.add(response.getKey());
                  }
                });
        List<String> parameters = new ArrayList<>();
        Matcher m = PATH_PARAMETER.matcher(path.getKey());
        while (m.find()) {
          parameters.add(m.group(1));
        }
        operations.add(
            new Operation(
                service,
                entry.getKey().toUpperCase(),
                path.getKey(),
                List.copyOf(parameters),
                !body.isMissingNode(),
                body.path("required").asBoolean(false),
                mediaType,
                secured,
                Set.copyOf(problemStatuses)));
      }
    }
    return operations;
  }
}
