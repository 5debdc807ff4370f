package dev.followup.notification.api;

import dev.followup.notification.delivery.PushConfig;
import dev.followup.rest.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a browser needs to subscribe to this service's Web Push messages. */
@Path("/push")
@Tag(name = "Push", description = "Web Push (RFC 8030, 8291, 8292)")
public class PushKeyResource {

  private final PushConfig config;

  PushKeyResource(PushConfig config) {
    this.config = config;
  }

  /** The key to pass as {@code applicationServerKey} to {@code pushManager.subscribe}. */
  public record VapidKey(String publicKey) {}

  @GET
  @Path("/vapid-public-key")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The VAPID public key",
      description =
          "P-256 public key, uncompressed point, base64url: the applicationServerKey for"
              + " PushManager.subscribe.")
  @APIResponse(responseCode = "200", description = "The key")
  @APIResponse(
      responseCode = "404",
      description = "Push is not configured on this deployment",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public VapidKey vapidPublicKey() {
    return config
        .vapid()
        .publicKey()
        .map(VapidKey::new)
        .orElseThrow(() -> new NotFoundException("Web Push is not configured here"));
  }
}
