package dev.followup.notification.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A browser's Web Push subscription, as {@code PushSubscription.toJSON()} gives it (other fields
 * such as {@code expirationTime} are ignored).
 */
@Schema(name = "PushSubscription")
public record PushSubscriptionRequest(
    @Schema(
            description =
                "The push service URL of this subscription: https, without user information")
        @NotNull
        @Size(max = 2000)
        @PushEndpoint
        String endpoint,
    @NotNull @Valid Keys keys) {

  /** The subscription's keys, base64url (RFC 8291). */
  @Schema(name = "PushSubscriptionKeys")
  public record Keys(
      @Schema(description = "The user agent's P-256 public key, uncompressed point")
          @NotNull
          @Base64UrlKey(bytes = 65)
          String p256dh,
      @Schema(description = "The 16-byte authentication secret") @NotNull @Base64UrlKey(bytes = 16)
          String auth) {}
}
