package dev.followup.notification.api;

import dev.followup.notification.application.EmailUnsubscribe;
import dev.followup.notification.application.NotFoundException;
import dev.followup.rest.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The notification-service's own problems: a missing resource and the unsubscribe links. The errors
 * every service answers alike are {@link dev.followup.rest.CommonProblems}'.
 */
public class ProblemMappers {

  static final String BAD_LINK = "urn:followup:problem:invalid-unsubscribe-link";

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, UriInfo uri) {
    return Problem.notFound(e.getMessage(), uri.getPath()).toResponse();
  }

  @ServerExceptionMapper
  public Response invalidUnsubscribeLink(EmailUnsubscribe.InvalidLinkException e, UriInfo uri) {
    return new Problem(BAD_LINK, "Forbidden", 403, e.getMessage(), uri.getPath(), List.of())
        .toResponse();
  }

  @ServerExceptionMapper
  public Response invalidOneClickBody(UnsubscribeResource.InvalidOneClickBody e, UriInfo uri) {
    return new Problem(
            Problem.INVALID_REQUEST,
            "Invalid request",
            400,
            e.getMessage(),
            uri.getPath(),
            List.of(new Problem.Violation("List-Unsubscribe", "must be One-Click")))
        .toResponse();
  }
}
