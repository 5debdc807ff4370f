package dev.followup.notification.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An error response in the RFC 9457 problem-details format. */
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

  /** One invalid field: its path in the request body (or parameter name) and what is wrong. */
  public record Violation(String field, String message) {}

  Response toResponse() {
    return Response.status(status).type(MEDIA_TYPE).entity(this).build();
  }
}
