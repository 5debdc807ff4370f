package dev.followup.interview.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.followup.interview.application.ConflictException;
import dev.followup.interview.application.PreconditionRequiredException;
import dev.followup.interview.application.ResourceNotFoundException;
import dev.followup.interview.application.VersionMismatchException;
import dev.followup.rest.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error into RFC 9457 problem details, naming the offending fields. */
public class ProblemMappers {

  private static final String VALIDATION = "urn:followup:problem:invalid-request";
  private static final String NOT_FOUND = "urn:followup:problem:not-found";
  private static final String CONFLICT = "urn:followup:problem:conflict";
  private static final String STALE = "urn:followup:problem:version-mismatch";
  private static final String PRECONDITION_REQUIRED = "urn:followup:problem:if-match-required";
  private static final String UNAUTHENTICATED = "urn:followup:problem:unauthenticated";
  private static final String INTERNAL = "urn:followup:problem:internal";

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response invalidBody(ConstraintViolationException e, UriInfo uri) {
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
    boolean nul = e instanceof NulFreeText.NulCharacterException;
    String detail =
        field.isEmpty()
            ? "The body is not valid JSON: " + e.getOriginalMessage()
            : nul
                ? "Field '" + field + "' " + NulFreeText.MESSAGE
                : "Field '" + field + "' has a value of the wrong type or format";
    List<Problem.Violation> violations =
        field.isEmpty()
            ? List.of()
            : List.of(new Problem.Violation(field, nul ? NulFreeText.MESSAGE : "unreadable value"));
    return new Problem(
            VALIDATION, "Unreadable request body", 400, detail, uri.getPath(), violations)
        .toResponse();
  }

  @ServerExceptionMapper
  public Response unreadableOptionalBody(OptionalBodies.UnreadableBodyException e, UriInfo uri) {
    return unreadableBody((JsonProcessingException) e.getCause(), uri);
  }

  @ServerExceptionMapper
  public Response notFound(ResourceNotFoundException e, UriInfo uri) {
    return new Problem(NOT_FOUND, "Not found", 404, e.getMessage(), uri.getPath(), List.of())
        .toResponse();
  }

  @ServerExceptionMapper
  public Response conflict(ConflictException e, UriInfo uri) {
    return new Problem(CONFLICT, "Conflict", 409, e.getMessage(), uri.getPath(), List.of())
        .toResponse();
  }

  @ServerExceptionMapper
  public Response versionMismatch(VersionMismatchException e, UriInfo uri) {
    return stale(e.getMessage(), uri);
  }

  /** Two changes raced past the If-Match check: the database's version check caught the second. */
  @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
  public Response concurrentChange(RuntimeException e, UriInfo uri) {
    return stale("The resource was changed at the same time; read it again", uri);
  }

  @ServerExceptionMapper
  public Response preconditionRequired(PreconditionRequiredException e, UriInfo uri) {
    return new Problem(
            PRECONDITION_REQUIRED,
            "Precondition required",
            428,
            e.getMessage(),
            uri.getPath(),
            List.of())
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

  /** Anything unexpected: the client learns nothing of the internals, the log has the cause. */
  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e, UriInfo uri) {
    LOG.errorf(e, "Unexpected failure of %s", uri.getPath());
    return new Problem(
            INTERNAL,
            "Internal error",
            500,
            "Something went wrong on our side",
            uri.getPath(),
            List.of())
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

  private static Response stale(String detail, UriInfo uri) {
    return new Problem(STALE, "Precondition failed", 412, detail, uri.getPath(), List.of())
        .toResponse();
  }

  /**
   * {@code create.request.candidate.email} becomes {@code candidate.email}; a query parameter is
   * named by itself ({@code list.company} becomes {@code company}).
   */
  private static String fieldOf(ConstraintViolation<?> violation) {
    StringBuilder field = new StringBuilder();
    String parameter = null;
    for (Path.Node node : violation.getPropertyPath()) {
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
      // The body itself (its parameter is named "request" throughout) or a query parameter.
      return parameter == null || parameter.equals("request") ? "body" : parameter;
    }
    return field.toString();
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
