package dev.followup.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An error response in the RFC 9457 problem-details format, the same in every service. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    List<Violation> violations) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** The type of a request that cannot be read or does not validate. */
  public static final String INVALID_REQUEST = "urn:followup:problem:invalid-request";

  /** The type of a request body over the size limit. */
  public static final String BODY_TOO_LARGE = "urn:followup:problem:body-too-large";

  /** The type of a request without a valid bearer token. */
  public static final String UNAUTHENTICATED = "urn:followup:problem:unauthenticated";

  /** The type of a request the caller's token does not allow. */
  public static final String FORBIDDEN = "urn:followup:problem:forbidden";

  /** The type of a request for something that does not exist, or not for the caller. */
  public static final String NOT_FOUND = "urn:followup:problem:not-found";

  /** The type of a failure of the service itself; the log has its cause. */
  public static final String INTERNAL = "urn:followup:problem:internal";

  /** One invalid field: its path in the request body (or parameter name) and what is wrong. */
  public record Violation(String field, String message) {}

  /** A problem whose type is {@link #NOT_FOUND}. */
  public static Problem notFound(String detail, String instance) {
    return new Problem(NOT_FOUND, "Not found", 404, detail, instance, List.of());
  }

  /** This problem as a response with its status and media type. */
  public Response toResponse() {
    return Response.status(status).type(MEDIA_TYPE).entity(this).build();
  }
}
