package dev.followup.schedule.api;

import dev.followup.schedule.application.StepActions;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The candidate settles or postpones one of their steps; anyone else's is not found (404). */
@Path("/steps/{stepId}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Steps")
@APIResponse(responseCode = "200", description = "The step as it is now")
@APIResponse(responseCode = "404", description = "No step of the caller's with this id")
@APIResponse(
    responseCode = "409",
    description =
        "The step cannot change so: it fired, was done or skipped, or the snooze is not ahead")
public class StepResource {

  private final StepActions actions;
  private final Caller caller;

  StepResource(StepActions actions, Caller caller) {
    this.actions = actions;
    this.caller = caller;
  }

  /** Body of a snooze: until when. */
  public record Snooze(@NotNull Instant until) {}

  @POST
  @Path("done")
  @Operation(summary = "Mark the step done: it will not fire (again)")
  public StepView done(@PathParam("stepId") UUID stepId) {
    return StepView.of(actions.markDone(caller.owner(), stepId));
  }

  @POST
  @Path("skip")
  @Operation(summary = "Skip the step: it will not fire (again)")
  public StepView skip(@PathParam("stepId") UUID stepId) {
    return StepView.of(actions.skip(caller.owner(), stepId));
  }

  @POST
  @Path("snooze")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Remind the candidate again later")
  public StepView snooze(@PathParam("stepId") UUID stepId, @NotNull @Valid Snooze request) {
    return StepView.of(actions.snooze(caller.owner(), stepId, request.until()));
  }
}
