package dev.followup.interview.api;

import dev.followup.interview.application.InterviewService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The candidate's interviews. */
@Path("/interviews")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Interviews")
public class InterviewResource {

  private final InterviewService interviews;

  InterviewResource(InterviewService interviews) {
    this.interviews = interviews;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Record an interview and the people met there")
  @APIResponse(responseCode = "201", description = "Recorded")
  @APIResponse(responseCode = "400", description = "Invalid body; the problem names each field")
  public Response create(@NotNull @Valid CreateInterviewRequest request, UriInfo uriInfo) {
    InterviewResponse created = InterviewResponse.of(interviews.create(request.toNewInterview()));
    return Response.created(uriInfo.getAbsolutePathBuilder().path(created.id().toString()).build())
        .entity(created)
        .build();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Read one interview")
  @APIResponse(responseCode = "404", description = "No such interview")
  public InterviewResponse get(@PathParam("id") UUID id) {
    return InterviewResponse.of(interviews.get(id));
  }

  @POST
  @Path("/{id}/completion")
  @Operation(
      summary = "Mark the interview as held",
      description =
          "Emits InterviewCompleted, from which follow-ups are planned. Idempotent: completing"
              + " an interview again returns it unchanged and emits nothing.")
  @APIResponse(responseCode = "200", description = "Completed")
  @APIResponse(responseCode = "404", description = "No such interview")
  public InterviewResponse complete(@PathParam("id") UUID id) {
    return InterviewResponse.of(interviews.complete(id));
  }
}
