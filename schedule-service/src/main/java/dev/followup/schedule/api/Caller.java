package dev.followup.schedule.api;

import dev.followup.schedule.application.Owner;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer token: the tenant (claim {@code tenant}), the candidate
 * (claim {@code sub}) and whether they administer their tenant (group {@code tenant-admin}). The
 * access rules of the API are here; nothing in a body or a path can name another owner.
 */
@RequestScoped
public class Caller {

  /** The claim naming the platform (tenant) that issued the token for its user. */
  public static final String TENANT_CLAIM = "tenant";

  /** The group of those who administer their tenant's policy. */
  public static final String TENANT_ADMIN = "tenant-admin";

  private final JsonWebToken token;

  Caller(JsonWebToken token) {
    this.token = token;
  }

  /** The candidate and tenant the token was issued for. */
  Owner owner() {
    String tenant = token.getClaim(TENANT_CLAIM);
    String subject = token.getSubject();
    if (isBlank(tenant) || isBlank(subject)) {
      throw new AuthenticationFailedException("The token names no tenant or no subject");
    }
    return new Owner(tenant, subject);
  }

  /** The tenant, if the caller administers it. */
  String tenantAdministered(String tenantId) {
    Owner caller = owner();
    if (!isTenantAdmin() || !caller.tenantId().equals(tenantId)) {
      throw new ForbiddenException("Only an administrator of the tenant may do this");
    }
    return tenantId;
  }

  /**
   * The candidate of the caller's tenant whose own settings the caller may see and change: the
   * caller themselves, or anyone of the tenant for its administrator.
   */
  Owner candidateActedFor(String candidateId) {
    Owner caller = owner();
    if (caller.candidateId().equals(candidateId)) {
      return caller;
    }
    if (isTenantAdmin()) {
      return new Owner(caller.tenantId(), candidateId);
    }
    throw new ForbiddenException(
        "Only the candidate or an administrator of the tenant may do this");
  }

  boolean isTenantAdmin() {
    return token.getGroups() != null && token.getGroups().contains(TENANT_ADMIN);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
