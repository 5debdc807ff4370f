package dev.followup.schedule.api;

import dev.followup.schedule.application.PlanningService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The plan of an interview, as a timeline. */
@Path("/interviews/{interviewId}/steps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Plans")
public class TimelineResource {

  private final PlanningService planning;

  TimelineResource(PlanningService planning) {
    this.planning = planning;
  }

  @GET
  @Operation(summary = "The follow-up steps planned for an interview, in due order")
  public List<StepView> timeline(@PathParam("interviewId") UUID interviewId) {
    return planning.timeline(interviewId).stream().map(StepView::of).toList();
  }
}
