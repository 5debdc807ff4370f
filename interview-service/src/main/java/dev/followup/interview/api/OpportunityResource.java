package dev.followup.interview.api;

import dev.followup.interview.application.InterviewService;
import dev.followup.interview.application.OpportunityService;
import dev.followup.interview.domain.InterviewKind;
import dev.followup.interview.domain.InterviewStatus;
import dev.followup.interview.domain.OpportunityStatus;
import dev.followup.interview.domain.Outcome;
import dev.followup.interview.persistence.Interview;
import dev.followup.interview.persistence.Opportunity;
import dev.followup.rest.NulFreeText;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
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
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The candidate's opportunities, with their interviews, employer replies and outcome. */
@Path("/opportunities")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Opportunities")
public class OpportunityResource {

  private final OpportunityService opportunities;
  private final InterviewService interviews;
  private final Caller caller;

  OpportunityResource(
      OpportunityService opportunities, InterviewService interviews, Caller caller) {
    this.opportunities = opportunities;
    this.interviews = interviews;
    this.caller = caller;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Record an opportunity (a position at a company)")
  @APIResponse(responseCode = "201", description = "Recorded")
  @APIResponse(responseCode = "400", description = "Invalid body; the problem names each field")
  @APIResponse(responseCode = "409", description = "No candidate profile yet")
  public Response create(@NotNull @Valid OpportunityRequest request, UriInfo uriInfo) {
    Opportunity created = opportunities.create(caller.owner(), request.toDetails());
    return Response.created(uriInfo.getAbsolutePathBuilder().path(created.id.toString()).build())
        .entity(OpportunityView.of(created))
        .tag(Preconditions.etag(created.version))
        .build();
  }

  @GET
  @Operation(summary = "List your opportunities, newest first")
  public PageView<OpportunityView> list(
      @QueryParam("status") @Parameter(example = "OPEN") OpportunityStatus status,
      @QueryParam("outcome") @Parameter(example = "OFFER") Outcome outcome,
      @QueryParam("company")
          @Size(max = 200)
          @Pattern(regexp = "[^\\x00]*", message = NulFreeText.MESSAGE)
          @Parameter(description = "Part of the company name, any case", example = "acme")
          String company,
      @Valid @BeanParam Paging paging) {
    return PageView.of(
        opportunities.list(caller.owner(), status, outcome, company, paging.page, paging.size),
        OpportunityView::of);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Read one opportunity")
  @APIResponse(responseCode = "200", description = "The opportunity; its ETag is its version")
  @APIResponse(responseCode = "404", description = "No such opportunity")
  public Response get(@PathParam("id") UUID id) {
    return withTag(opportunities.get(caller.owner(), id));
  }

  @PATCH
  @Path("/{id}")
  @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
  @Operation(
      summary = "Change an opportunity",
      description = "Fields left out stay as they are. Needs the ETag read last in If-Match.")
  @APIResponse(responseCode = "200", description = "Changed")
  @APIResponse(responseCode = "404", description = "No such opportunity")
  @APIResponse(responseCode = "409", description = "Closing or reopening outside of an outcome")
  @APIResponse(responseCode = "412", description = "Changed since it was read")
  @APIResponse(responseCode = "428", description = "No If-Match")
  public Response patch(
      @PathParam("id") UUID id,
      @NotNull @Valid OpportunityPatchRequest request,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    Long expected = Preconditions.ifMatch(ifMatch);
    return withTag(opportunities.change(caller.owner(), id, request.toChanges(), expected));
  }

  @PUT
  @Path("/{id}/outcome")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Record how the opportunity ended, or an offer",
      description =
          "Any outcome but OFFER closes the opportunity and stops its follow-ups. Needs the"
              + " opportunity's ETag in If-Match. Recording the same outcome again changes"
              + " nothing.")
  @APIResponse(responseCode = "200", description = "Recorded; the opportunity is returned")
  @APIResponse(responseCode = "404", description = "No such opportunity")
  @APIResponse(responseCode = "409", description = "A final outcome is already recorded")
  @APIResponse(responseCode = "412", description = "Changed since it was read")
  @APIResponse(responseCode = "428", description = "No If-Match")
  public Response recordOutcome(
      @PathParam("id") UUID id,
      @NotNull @Valid OutcomeRequest request,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    Long expected = Preconditions.ifMatch(ifMatch);
    return withTag(opportunities.recordOutcome(caller.owner(), id, request.toRecord(), expected));
  }

  @POST
  @Path("/{id}/interviews")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Record an interview of the opportunity, and the people met there")
  @APIResponse(responseCode = "201", description = "Recorded")
  @APIResponse(responseCode = "400", description = "Invalid body; the problem names each field")
  @APIResponse(responseCode = "404", description = "No such opportunity")
  @APIResponse(responseCode = "409", description = "The opportunity is closed")
  public Response scheduleInterview(
      @PathParam("id") UUID id, @NotNull @Valid InterviewRequest request, UriInfo uriInfo) {
    Interview created = interviews.schedule(caller.owner(), id, request.toDetails());
    URI location =
        uriInfo.getBaseUriBuilder().path("interviews").path(created.id.toString()).build();
    return Response.created(location)
        .entity(InterviewView.of(created))
        .tag(Preconditions.etag(created.version))
        .build();
  }

  @GET
  @Path("/{id}/interviews")
  @Operation(summary = "List the interviews of the opportunity, earliest first")
  @APIResponse(responseCode = "404", description = "No such opportunity")
  public PageView<InterviewView> listInterviews(
      @PathParam("id") UUID id,
      @QueryParam("status") @Parameter(example = "SCHEDULED") InterviewStatus status,
      @QueryParam("kind") @Parameter(example = "VIDEO") InterviewKind kind,
      @Valid @BeanParam Paging paging) {
    return PageView.of(
        interviews.list(caller.owner(), id, status, kind, paging.page, paging.size),
        InterviewView::of);
  }

  @POST
  @Path("/{id}/replies")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Record an answer from the employer",
      description = "Pending check-ins are planned again from this answer.")
  @APIResponse(responseCode = "201", description = "Recorded")
  @APIResponse(responseCode = "404", description = "No such opportunity")
  public Response addReply(
      @PathParam("id") UUID id, @NotNull @Valid ReplyRequest request, UriInfo uriInfo) {
    ReplyView reply = ReplyView.of(opportunities.addReply(caller.owner(), id, request.toReply()));
    return Response.status(201).entity(reply).build();
  }

  @GET
  @Path("/{id}/replies")
  @Operation(summary = "List the employer's answers, latest first")
  @APIResponse(responseCode = "404", description = "No such opportunity")
  public PageView<ReplyView> listReplies(
      @PathParam("id") UUID id, @Valid @BeanParam Paging paging) {
    return PageView.of(
        opportunities.replies(caller.owner(), id, paging.page, paging.size), ReplyView::of);
  }

  private static Response withTag(Opportunity opportunity) {
    return Response.ok(OpportunityView.of(opportunity))
        .tag(Preconditions.etag(opportunity.version))
        .build();
  }
}
