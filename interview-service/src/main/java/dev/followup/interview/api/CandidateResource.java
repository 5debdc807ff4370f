package dev.followup.interview.api;

import dev.followup.interview.application.CandidateService;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The calling candidate's own profile. */
@Path("/candidate")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Candidate")
public class CandidateResource {

  private final CandidateService candidates;
  private final Caller caller;

  CandidateResource(CandidateService candidates, Caller caller) {
    this.candidates = candidates;
    this.caller = caller;
  }

  @GET
  @Operation(summary = "Read your profile")
  @APIResponse(responseCode = "200", description = "The profile; its ETag is its version")
  @APIResponse(responseCode = "404", description = "No profile yet")
  public Response get() {
    var candidate = candidates.get(caller.owner());
    return Response.ok(CandidateView.of(candidate))
        .tag(Preconditions.etag(candidate.version))
        .build();
  }

  @DELETE
  @Operation(
      summary = "Erase everything recorded about you",
      description =
          "Deletes your profile, opportunities and their job descriptions, interviews with your"
              + " notes and the interviewers' business cards, employer replies and references, and"
              + " tells the other services (event candidate.erased.v1) to erase what they hold."
              + " Idempotent: erasing again, or without a profile, answers 204 and changes"
              + " nothing.")
  @APIResponse(responseCode = "204", description = "Erased, or nothing left to erase")
  public void erase() {
    candidates.erase(caller.owner());
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create or replace your profile",
      description =
          "Creating needs no If-Match; replacing an existing profile needs the ETag read last.")
  @APIResponse(responseCode = "201", description = "Created")
  @APIResponse(responseCode = "200", description = "Replaced")
  @APIResponse(responseCode = "400", description = "Invalid body; the problem names each field")
  @APIResponse(responseCode = "412", description = "The profile changed since it was read")
  @APIResponse(responseCode = "428", description = "Replacing without If-Match")
  public Response put(
      @NotNull @Valid CandidateRequest request, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    CandidateService.Saved saved =
        candidates.save(
            caller.owner(),
            request.toProfile(),
            ifMatch != null && !ifMatch.isBlank(),
            Preconditions.ifMatchOptional(ifMatch));
    return Response.status(saved.created() ? 201 : 200)
        .entity(CandidateView.of(saved.candidate()))
        .tag(Preconditions.etag(saved.candidate().version))
        .build();
  }
}
