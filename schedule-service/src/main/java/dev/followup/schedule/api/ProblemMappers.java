package dev.followup.schedule.api;

import dev.followup.rest.Problem;
import dev.followup.schedule.application.InvalidEventException;
import dev.followup.schedule.application.NotFoundException;
import dev.followup.schedule.application.PolicyService;
import dev.followup.schedule.application.StepActions;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The schedule-service's own problems: facts a preview cannot plan from, a policy that does not
 * hold together, a missing resource, a step that cannot change so. The errors every service answers
 * alike are {@link dev.followup.rest.CommonProblems}'.
 */
public class ProblemMappers {

  @ServerExceptionMapper
  public Response invalidFacts(InvalidEventException e, UriInfo uri) {
    return invalid("Invalid request", e.getMessage(), uri);
  }

  @ServerExceptionMapper
  public Response invalidSettings(PolicyService.InvalidSettingsException e, UriInfo uri) {
    return invalid("Invalid policy", e.getMessage(), uri);
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, UriInfo uri) {
    return Problem.notFound(e.getMessage(), uri.getPath()).toResponse();
  }

  @ServerExceptionMapper
  public Response conflict(StepActions.StepStateException e, UriInfo uri) {
    return new Problem(
            "urn:followup:problem:step-state",
            "Step cannot change so",
            409,
            e.getMessage(),
            uri.getPath(),
            List.of())
        .toResponse();
  }

  private static Response invalid(String title, String detail, UriInfo uri) {
    return new Problem(Problem.INVALID_REQUEST, title, 400, detail, uri.getPath(), List.of())
        .toResponse();
  }
}
