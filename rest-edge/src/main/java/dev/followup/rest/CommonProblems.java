package dev.followup.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The problems every service's API answers alike, so that the platform calling all three meets one
 * error contract: an invalid or unreadable request (400, naming each field), no valid token (401),
 * a token that does not allow the request (403), another status a resource chose (its own), and a
 * failure of the service (500, without internals). Each service adds mappers of its own only for
 * its domain's exceptions (not found, conflicts, preconditions).
 */
public class CommonProblems {

  private static final Logger LOG = Logger.getLogger(CommonProblems.class);

  /** What is said of a value Jackson could not read (a NUL is told as such). */
  static final String UNREADABLE_VALUE = "unreadable value";

  @ServerExceptionMapper
  public Response invalidRequest(ConstraintViolationException e, UriInfo uri) {
    List<Problem.Violation> violations =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.Violation(fieldOf(v.getPropertyPath()), v.getMessage()))
            .sorted(
                Comparator.comparing(Problem.Violation::field)
                    .thenComparing(Problem.Violation::message))
            .toList();
    String fields =
        String.join(", ", violations.stream().map(Problem.Violation::field).distinct().toList());
    return new Problem(
            Problem.INVALID_REQUEST,
            "Invalid request",
            400,
            "Invalid field(s): " + fields,
            uri.getPath(),
            violations)
        .toResponse();
  }

  /** Declared for the exact type, so that it wins over Quarkus' built-in mapper. */
  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
    return unreadableBody(e, uri.getPath());
  }

  @ServerExceptionMapper
  public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
    return unreadableBody(e, uri.getPath());
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e, UriInfo uri) {
    Response response =
        new Problem(
                Problem.UNAUTHENTICATED,
                "Unauthorized",
                401,
                "A valid bearer token is required",
                uri.getPath(),
                List.of())
            .toResponse();
    return Response.fromResponse(response).header("WWW-Authenticate", "Bearer").build();
  }

  /** With the resource's reason when it gave one ("Only an administrator of the tenant …"). */
  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return new Problem(
            Problem.FORBIDDEN,
            "Forbidden",
            403,
            e.getMessage() == null ? "The token does not allow this request" : e.getMessage(),
            uri.getPath(),
            List.of())
        .toResponse();
  }

  /**
   * A status a resource or Quarkus chose (404 for an unknown path, 405, 415, …) as a problem; a
   * body Quarkus could not read arrives here wrapped, and is told as such.
   */
  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonProcessingException unreadable) {
      return unreadableBody(unreadable, uri.getPath());
    }
    Response.StatusType status = e.getResponse().getStatusInfo();
    return new Problem(
            "about:blank",
            status.getReasonPhrase(),
            status.getStatusCode(),
            e.getMessage(),
            uri.getPath(),
            List.of())
        .toResponse();
  }

  /**
   * Anything else: a problem too, without internals (the client learns nothing of the cause, the
   * log has it). The lowest priority: every more specific mapper, Quarkus' own included, wins.
   */
  @ServerExceptionMapper(priority = Priorities.USER + 1000)
  public Response unexpected(Throwable e, UriInfo uri) {
    LOG.errorf(e, "Unexpected failure of %s", uri.getPath());
    return new Problem(
            Problem.INTERNAL,
            "Internal error",
            500,
            "Something went wrong on our side",
            uri.getPath(),
            List.of())
        .toResponse();
  }

  /** The response {@link #unreadable} describes. */
  public static Response unreadableBody(JsonProcessingException e, String instance) {
    return unreadable(e, instance).toResponse();
  }

  /**
   * A body that is not JSON, or whose field {@code e} names holds a value of the wrong type or
   * format: a 400 naming the field, never the value (it may be personal data).
   */
  static Problem unreadable(JsonProcessingException e, String instance) {
    String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : "";
    if (field.isEmpty()) {
      return new Problem(
          Problem.INVALID_REQUEST,
          "Unreadable request body",
          400,
          "The body is not valid JSON: " + e.getOriginalMessage(),
          instance,
          List.of());
    }
    boolean nul = e instanceof NulFreeText.NulCharacterException;
    return new Problem(
        Problem.INVALID_REQUEST,
        "Unreadable request body",
        400,
        "Field '"
            + field
            + "' "
            + (nul ? NulFreeText.MESSAGE : "has a value of the wrong type or format"),
        instance,
        List.of(new Problem.Violation(field, nul ? NulFreeText.MESSAGE : UNREADABLE_VALUE)));
  }

  /**
   * The field a violation names, as the client wrote it: {@code create.request.candidate.email}
   * becomes {@code candidate.email}, an element of a list {@code topics[2]}; a path or query
   * parameter is named by itself ({@code list.company} becomes {@code company}); the body itself is
   * {@code body}. A body parameter is named {@code request} in every resource, which is how it is
   * told from a path or query parameter.
   */
  static String fieldOf(Path path) {
    StringBuilder field = new StringBuilder();
    String parameter = null;
    for (Path.Node node : path) {
      if (node.getKind() == ElementKind.METHOD) {
        continue;
      }
      if (node.getKind() == ElementKind.PARAMETER) {
        parameter = node.getName();
        continue;
      }
      if (node.getIndex() != null && field.length() > 0) {
        field.append('[').append(node.getIndex()).append(']');
      }
      if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
        continue;
      }
      if (field.length() > 0) {
        field.append('.');
      }
      field.append(node.getName());
    }
    if (field.length() == 0) {
      return parameter == null || parameter.equals("request") ? "body" : parameter;
    }
    return field.toString();
  }

  /** {@code interviewers[1].topics[0]}, from the path Jackson kept while reading. */
  static String pathOf(JsonMappingException e) {
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (field.length() > 0) {
          field.append('.');
        }
        field.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.toString();
  }
}
