package dev.followup.interview.api;

import dev.followup.interview.application.Owner;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer token: the tenant (claim {@code tenant}) and the
 * candidate (claim {@code sub}). Nothing in a request body or path can name another owner.
 */
@RequestScoped
public class Caller {

  /** The claim naming the platform (tenant) that issued the token for its user. */
  public static final String TENANT_CLAIM = "tenant";

  private final JsonWebToken token;

  Caller(JsonWebToken token) {
    this.token = token;
  }

  Owner owner() {
    String tenant = token.getClaim(TENANT_CLAIM);
    String subject = token.getSubject();
    if (isBlank(tenant) || isBlank(subject)) {
      throw new AuthenticationFailedException("The token names no tenant or no subject");
    }
    return new Owner(tenant, subject);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
