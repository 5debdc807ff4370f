package dev.followup.schedule.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.followup.rest.Problem;
import dev.followup.schedule.application.InvalidEventException;
import dev.followup.schedule.application.NotFoundException;
import dev.followup.schedule.application.PolicyService;
import dev.followup.schedule.application.StepActions;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error as RFC 9457 problem details. */
public class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response invalid(ConstraintViolationException e, UriInfo uri) {
    List<Problem.Violation> violations =
        e.getConstraintViolations().stream()
            .map(v -> new Problem.Violation(field(v.getPropertyPath()), v.getMessage()))
            .sorted(java.util.Comparator.comparing(Problem.Violation::field))
            .toList();
    return problem(
        400,
        "urn:followup:problem:invalid-request",
        "Invalid request",
        "Invalid field(s): "
            + String.join(", ", violations.stream().map(Problem.Violation::field).toList()),
        uri,
        violations);
  }

  /** Declared for the exact type, so that it wins over Quarkus' built-in mapper. */
  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e, UriInfo uri) {
    return unreadable(e, uri);
  }

  @ServerExceptionMapper
  public Response unreadable(JsonProcessingException e, UriInfo uri) {
    return problem(
        400,
        "urn:followup:problem:invalid-request",
        "Unreadable request body",
        e.getOriginalMessage(),
        uri,
        List.of());
  }

  @ServerExceptionMapper
  public Response invalidFacts(InvalidEventException e, UriInfo uri) {
    return problem(
        400,
        "urn:followup:problem:invalid-request",
        "Invalid request",
        e.getMessage(),
        uri,
        List.of());
  }

  @ServerExceptionMapper
  public Response invalidSettings(PolicyService.InvalidSettingsException e, UriInfo uri) {
    return problem(
        400,
        "urn:followup:problem:invalid-request",
        "Invalid policy",
        e.getMessage(),
        uri,
        List.of());
  }

  @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
  public Response unauthenticated(RuntimeException e, UriInfo uri) {
    return Response.fromResponse(
            problem(
                401,
                "urn:followup:problem:unauthenticated",
                "Unauthorized",
                "A valid bearer token is required",
                uri,
                List.of()))
        .header("WWW-Authenticate", "Bearer")
        .build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e, UriInfo uri) {
    return problem(
        403, "urn:followup:problem:forbidden", "Forbidden", e.getMessage(), uri, List.of());
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, UriInfo uri) {
    return problem(
        404, "urn:followup:problem:not-found", "Not found", e.getMessage(), uri, List.of());
  }

  @ServerExceptionMapper
  public Response conflict(StepActions.StepStateException e, UriInfo uri) {
    return problem(
        409,
        "urn:followup:problem:step-state",
        "Step cannot change so",
        e.getMessage(),
        uri,
        List.of());
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, UriInfo uri) {
    if (e.getCause() instanceof JsonProcessingException unreadable) {
      return unreadable(unreadable, uri);
    }
    Response.StatusType status = e.getResponse().getStatusInfo();
    return problem(
        status.getStatusCode(),
        "about:blank",
        status.getReasonPhrase(),
        e.getMessage(),
        uri,
        List.of());
  }

  /**
   * Anything unexpected: a problem too, without internals (the client learns nothing of the cause,
   * the log has it). The lowest priority: every more specific mapper, Quarkus' own included, wins.
   */
  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e, UriInfo uri) {
    LOG.errorf(e, "Unexpected failure of %s", uri.getPath());
    return problem(
        500,
        "urn:followup:problem:internal",
        "Internal error",
        "Something went wrong on our side",
        uri,
        List.of());
  }

  private static Response problem(
      int status,
      String type,
      String title,
      String detail,
      UriInfo uri,
      List<Problem.Violation> v) {
    return Response.status(status)
        .type(Problem.MEDIA_TYPE)
        .entity(new Problem(type, title, status, detail, uri.getPath(), v))
        .build();
  }

  /** {@code preview.interview.candidate.email} becomes {@code candidate.email}. */
  private static String field(Path path) {
    StringBuilder field = new StringBuilder();
    for (Path.Node node : path) {
      if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
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
}
