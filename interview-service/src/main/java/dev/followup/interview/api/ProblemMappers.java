package dev.followup.interview.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.followup.interview.application.ConflictException;
import dev.followup.interview.application.PreconditionRequiredException;
import dev.followup.interview.application.ResourceNotFoundException;
import dev.followup.interview.application.VersionMismatchException;
import dev.followup.rest.CommonProblems;
import dev.followup.rest.Problem;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.hibernate.StaleStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The interview-service's own problems: a missing resource, a conflict, and the optimistic
 * concurrency of {@code If-Match}. The errors every service answers alike are {@link
 * dev.followup.rest.CommonProblems}'.
 */
public class ProblemMappers {

  private static final String CONFLICT = "urn:followup:problem:conflict";
  private static final String STALE = "urn:followup:problem:version-mismatch";
  private static final String PRECONDITION_REQUIRED = "urn:followup:problem:if-match-required";

  @ServerExceptionMapper
  public Response unreadableOptionalBody(OptionalBodies.UnreadableBodyException e, UriInfo uri) {
    return CommonProblems.unreadableBody((JsonProcessingException) e.getCause(), uri.getPath());
  }

  @ServerExceptionMapper
  public Response notFound(ResourceNotFoundException e, UriInfo uri) {
    return Problem.notFound(e.getMessage(), uri.getPath()).toResponse();
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

  private static Response stale(String detail, UriInfo uri) {
    return new Problem(STALE, "Precondition failed", 412, detail, uri.getPath(), List.of())
        .toResponse();
  }
}
