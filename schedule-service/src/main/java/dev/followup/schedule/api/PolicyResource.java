package dev.followup.schedule.api;

import dev.followup.schedule.application.PolicyService;
import dev.followup.schedule.application.PolicySettings;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The follow-up policy as a tenant or a candidate set it. Settings left out keep the configured
 * default (or, for a candidate, the tenant's). Plans made from then on follow them.
 *
 * <p>A tenant's settings are its administrators' (group {@code tenant-admin}); a candidate's are
 * the candidate's own, and their tenant administrators'. Anyone else gets 403.
 */
@Path("/policy")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Policy")
@APIResponse(responseCode = "200", description = "The settings")
@APIResponse(
    responseCode = "403",
    description = "Neither the candidate nor an administrator of the tenant")
public class PolicyResource {

  private final PolicyService policies;
  private final Caller caller;

  PolicyResource(PolicyService policies, Caller caller) {
    this.policies = policies;
    this.caller = caller;
  }

  @GET
  @Path("tenants/{tenantId}")
  @Operation(summary = "A tenant's policy settings")
  public PolicySettings tenant(@PathParam("tenantId") @Size(max = 100) String tenantId) {
    return policies.tenantSettings(caller.tenantAdministered(tenantId));
  }

  @PUT
  @Path("tenants/{tenantId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Replace a tenant's policy settings")
  public PolicySettings replaceTenant(
      @PathParam("tenantId") @Size(max = 100) String tenantId,
      @NotNull @Valid PolicySettings request) {
    return policies.replaceTenantSettings(caller.tenantAdministered(tenantId), request);
  }

  @GET
  @Path("candidates/{candidateId}")
  @Operation(summary = "A candidate's own policy settings")
  public PolicySettings candidate(@PathParam("candidateId") @Size(max = 100) String candidateId) {
    return policies.candidateSettings(caller.candidateActedFor(candidateId));
  }

  @PUT
  @Path("candidates/{candidateId}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Replace a candidate's own policy settings")
  public PolicySettings replaceCandidate(
      @PathParam("candidateId") @Size(max = 100) String candidateId,
      @NotNull @Valid PolicySettings request) {
    return policies.replaceCandidateSettings(caller.candidateActedFor(candidateId), request);
  }
}
