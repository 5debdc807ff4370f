package dev.followup.notification.api;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer token: the tenant (claim {@code tenant}) and the
 * candidate (claim {@code sub}). A candidate's settings are looked up by these alone.
 */
@RequestScoped
public class Caller {

  /** The claim naming the platform (tenant) that issued the token for its user. */
  public static final String TENANT_CLAIM = "tenant";

  private final JsonWebToken token;

  Caller(JsonWebToken token) {
    this.token = token;
  }

  String tenantId() {
    String tenant = token.getClaim(TENANT_CLAIM);
    if (isBlank(tenant) || isBlank(token.getSubject())) {
      throw new AuthenticationFailedException("The token names no tenant or no subject");
    }
    return tenant;
  }

  /**
   * The candidate id of the token, when the path names that candidate. Another candidate's settings
   * are answered as not found, so that nobody learns whether they exist.
   */
  String candidate(String candidateIdInPath) {
    String subject = token.getSubject();
    if (isBlank(subject) || isBlank(token.getClaim(TENANT_CLAIM))) {
      throw new AuthenticationFailedException("The token names no tenant or no subject");
    }
    if (!subject.equals(candidateIdInPath)) {
      throw new dev.followup.notification.application.NotFoundException(
          "No such candidate settings");
    }
    return subject;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
