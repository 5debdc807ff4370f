package dev.followup.interview.api;

import dev.followup.interview.application.ReferenceService;
import dev.followup.interview.persistence.CandidateReference;
import dev.followup.rest.NulFreeText;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The candidate's references. */
@Path("/references")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "References")
public class ReferenceResource {

  private final ReferenceService references;
  private final Caller caller;

  ReferenceResource(ReferenceService references, Caller caller) {
    this.references = references;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Add a reference")
  @APIResponse(responseCode = "201", description = "Added")
  @APIResponse(responseCode = "400", description = "Invalid body; the problem names each field")
  @APIResponse(responseCode = "409", description = "No candidate profile yet")
  public Response add(@NotNull @Valid ReferenceRequest request, UriInfo uriInfo) {
    CandidateReference added = references.add(caller.owner(), request.toDetails());
    return Response.created(uriInfo.getAbsolutePathBuilder().path(added.id.toString()).build())
        .entity(ReferenceView.of(added))
        .tag(Preconditions.etag(added.version))
        .build();
  }

  @GET
  @Operation(summary = "List your references by name")
  public PageView<ReferenceView> list(
      @QueryParam("name")
          @Size(max = 200)
          @Pattern(regexp = "[^\\x00]*", message = NulFreeText.MESSAGE)
          @Parameter(description = "Part of the name, any case", example = "jordan")
          String name,
      @Valid @BeanParam Paging paging) {
    return PageView.of(
        references.list(caller.owner(), name, paging.page, paging.size), ReferenceView::of);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Read one reference")
  @APIResponse(responseCode = "404", description = "No such reference")
  public Response get(@PathParam("id") UUID id) {
    return withTag(references.get(caller.owner(), id));
  }

  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Replace a reference", description = "Needs the ETag read last in If-Match.")
  @APIResponse(responseCode = "200", description = "Replaced")
  @APIResponse(responseCode = "404", description = "No such reference")
  @APIResponse(responseCode = "412", description = "Changed since it was read")
  @APIResponse(responseCode = "428", description = "No If-Match")
  public Response replace(
      @PathParam("id") UUID id,
      @NotNull @Valid ReferenceRequest request,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    Long expected = Preconditions.ifMatch(ifMatch);
    return withTag(references.replace(caller.owner(), id, request.toDetails(), expected));
  }

  @DELETE
  @Path("/{id}")
  @Operation(summary = "Remove a reference")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(responseCode = "404", description = "No such reference")
  public void remove(@PathParam("id") UUID id) {
    references.remove(caller.owner(), id);
  }

  private static Response withTag(CandidateReference reference) {
    return Response.ok(ReferenceView.of(reference))
        .tag(Preconditions.etag(reference.version))
        .build();
  }
}
