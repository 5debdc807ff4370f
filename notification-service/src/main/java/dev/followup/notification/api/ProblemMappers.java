package dev.followup.notification.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.followup.notification.application.EmailUnsubscribe;
import dev.followup.notification.application.NotFoundException;
import dev.followup.rest.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error into RFC 9457 problem details, naming the offending fields. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  static final String VALIDATION = "urn:followup:problem:invalid-request";
  static final String NOT_FOUND = "urn:followup:problem:not-found";
  static final String UNAUTHENTICATED = "urn:followup:problem:unauthenticated";
  static final String INTERNAL = "urn:followup:problem:internal";
  static final String BAD_LINK = "urn:followup:problem:invalid-unsubscribe-link";

  @ServerExceptionMapper
  public Response invalidRequest(ConstraintViolationException e, UriInfo uri) {
    List<Problem.Violation> violations =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.Violation(fieldOf(v), v.getMessage()))
            .sorted(Comparator.comparing(Problem.Violation::field))
            .toList();
    String fields =
        String.join(", ", violations.stream().map(Problem.Violation::field).distinct().toList());
    return new Problem(
            VALIDATION,
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
    return unreadableBody(e, uri);
  }

  @ServerExceptionMapper
  public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
    String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : "";
    String detail =
        field.isEmpty()
            ? "The body is not valid JSON: " + e.getOriginalMessage()
            : "Field '" + field + "' has a value of the wrong type or format";
    List<Problem.Violation> violations =
        field.isEmpty() ? List.of() : List.of(new Problem.Violation(field, "unreadable value"));
    return new Problem(
            VALIDATION, "Unreadable request body", 400, detail, uri.getPath(), violations)
        .toResponse();
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, UriInfo uri) {
    return new Problem(NOT_FOUND, "Not found", 404, e.getMessage(), uri.getPath(), List.of())
        .toResponse();
  }

  @ServerExceptionMapper
  public Response invalidUnsubscribeLink(EmailUnsubscribe.InvalidLinkException e, UriInfo uri) {
    return new Problem(BAD_LINK, "Forbidden", 403, e.getMessage(), uri.getPath(), List.of())
        .toResponse();
  }

  @ServerExceptionMapper
  public Response invalidOneClickBody(UnsubscribeResource.InvalidOneClickBody e, UriInfo uri) {
    return new Problem(
            VALIDATION,
            "Invalid request",
            400,
            e.getMessage(),
            uri.getPath(),
            List.of(new Problem.Violation("List-Unsubscribe", "must be One-Click")))
        .toResponse();
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e, UriInfo uri) {
    Response response =
        new Problem(
                UNAUTHENTICATED,
                "Unauthorized",
                401,
                "A valid bearer token is required",
                uri.getPath(),
                List.of())
            .toResponse();
    return Response.fromResponse(response).header("WWW-Authenticate", "Bearer").build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return new Problem("about:blank", "Forbidden", 403, null, uri.getPath(), List.of())
        .toResponse();
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonProcessingException unreadable) {
      return unreadableBody(unreadable, uri);
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
   * Anything else: a problem too, without internals (the log has the cause). The lowest priority:
   * every more specific mapper, Quarkus' own included, wins.
   */
  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e, UriInfo uri) {
    LOG.errorf(e, "Unexpected error on %s", uri.getPath());
    return new Problem(
            INTERNAL,
            "Internal error",
            500,
            "The request could not be completed",
            uri.getPath(),
            List.of())
        .toResponse();
  }

  /** {@code save.request.quietHours.start} becomes {@code quietHours.start}. */
  private static String fieldOf(ConstraintViolation<?> violation) {
    StringBuilder field = new StringBuilder();
    for (Path.Node node : violation.getPropertyPath()) {
      if (node.getKind() == ElementKind.METHOD) {
        continue;
      }
      if (node.getKind() == ElementKind.PARAMETER) {
        // A path or query parameter is named by itself; a body is named by its fields.
        if (!node.getName().equals("request")) {
          field.append(node.getName());
        }
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
    return field.length() == 0 ? "body" : field.toString();
  }

  private static String pathOf(JsonMappingException e) {
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
