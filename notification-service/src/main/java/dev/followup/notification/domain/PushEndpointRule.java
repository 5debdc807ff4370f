package dev.followup.notification.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Which push service URLs reminders may be posted to: absolute https URLs with a host and no user
 * information. Web Push (RFC 8030) runs over https only, and the URL comes from the client: plain
 * http would let anyone have the service post to addresses inside its own network, and user
 * information would be sent along as credentials. Plain http is taken only where the deployment
 * allows it (the tests, whose push service is local).
 *
 * <p>The API checks a subscription with this rule when it is registered, and the sender again
 * before each push: a subscription stored before the rule, or written by other means, is never
 * posted to.
 */
public final class PushEndpointRule {

  private PushEndpointRule() {}

  /** Why {@code endpoint} is refused, or empty if it is taken. */
  public static Optional<String> refusal(String endpoint, boolean allowInsecure) {
    String notAUrl = allowInsecure ? "must be an http(s) URL" : "must be an https URL";
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      return Optional.of(notAUrl);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    if (!scheme.equalsIgnoreCase("https") && !(allowInsecure && scheme.equalsIgnoreCase("http"))) {
      return Optional.of(notAUrl);
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("must not contain user information");
    }
    if (uri.getHost() == null) {
      // Also an authority that does not parse as user@host:port, say one with two '@'.
      return Optional.of("must name a host");
    }
    return Optional.empty();
  }
}
