package dev.followup.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The problems {@link RequestBodies} finds in a body while it reads it. */
public class RequestBodyProblems {

  @ServerExceptionMapper
  public Response malformedText(RequestBodies.MalformedUtf8Exception e, UriInfo uri) {
    return new Problem(
            Problem.INVALID_REQUEST,
            "Unreadable request body",
            400,
            e.getMessage(),
            uri.getPath(),
            List.of())
        .toResponse();
  }

  /** A body sent in chunks, found too large while it was read: the rest of it is not read. */
  @ServerExceptionMapper
  public Response tooLarge(RequestBodies.BodyTooLargeException e, UriInfo uri) {
    return Response.fromResponse(BodySizeLimit.tooLarge(e.limit, uri.getPath()).toResponse())
        .header("Connection", "close")
        .build();
  }
}
