package dev.followup.schedule.api;

import dev.followup.schedule.application.Owner;
import dev.followup.schedule.application.PlanningService;
import dev.followup.schedule.application.events.InterviewCompleted;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Plans as timelines, and plans previewed without being saved. A timeline is its candidate's alone:
 * anyone else's interview or opportunity is not found (404).
 */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Plans")
public class TimelineResource {

  private final PlanningService planning;
  private final Caller caller;

  TimelineResource(PlanningService planning, Caller caller) {
    this.planning = planning;
    this.caller = caller;
  }

  @GET
  @Path("interviews/{interviewId}/steps")
  @Operation(summary = "The follow-up steps planned for an interview, in due order")
  @APIResponse(responseCode = "200", description = "The steps, in due order")
  @APIResponse(responseCode = "404", description = "No plan of the caller's for this interview")
  public List<StepView> interviewTimeline(@PathParam("interviewId") UUID interviewId) {
    return planning.timeline(caller.owner(), interviewId).stream().map(StepView::of).toList();
  }

  @GET
  @Path("opportunities/{opportunityId}/steps")
  @Operation(summary = "The follow-up steps of every interview of an opportunity, in due order")
  @APIResponse(responseCode = "200", description = "The steps, in due order")
  @APIResponse(responseCode = "404", description = "No plan of the caller's for this opportunity")
  public List<StepView> opportunityTimeline(@PathParam("opportunityId") String opportunityId) {
    return planning.opportunityTimeline(caller.owner(), opportunityId).stream()
        .map(StepView::of)
        .toList();
  }

  @POST
  @Path("plans/preview")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The plan a completed interview would get, computed and not saved",
      description =
          "The body has the shape of the InterviewCompleted event's data. The plan follows the"
              + " policy of the caller's tenant and the caller's own settings; a tenant"
              + " administrator previews for the candidate the body names.")
  public List<StepView> preview(@NotNull @Valid InterviewCompleted request) {
    Owner owner = caller.owner();
    String candidateId = caller.isTenantAdmin() ? request.candidate().id() : owner.candidateId();
    return planning.preview(request, owner.tenantId(), candidateId).stream()
        .map(StepView::preview)
        .toList();
  }
}
