package dev.followup.interview.api;

import dev.followup.interview.application.InterviewService;
import dev.followup.interview.application.ThankYouReviewService;
import dev.followup.interview.domain.InterviewKind;
import dev.followup.interview.domain.InterviewStatus;
import dev.followup.interview.persistence.Interview;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The candidate's interviews, across opportunities. */
@Path("/interviews")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Interviews")
public class InterviewResource {

  private final InterviewService interviews;
  private final ThankYouReviewService thankYouReview;
  private final Caller caller;
  private final OptionalBodies optionalBodies;

  InterviewResource(
      InterviewService interviews,
      ThankYouReviewService thankYouReview,
      Caller caller,
      OptionalBodies optionalBodies) {
    this.interviews = interviews;
    this.thankYouReview = thankYouReview;
    this.caller = caller;
    this.optionalBodies = optionalBodies;
  }

  @GET
  @Operation(summary = "List your interviews, earliest first")
  public PageView<InterviewView> list(
      @QueryParam("status") @Parameter(example = "COMPLETED") InterviewStatus status,
      @QueryParam("kind") @Parameter(example = "ON_SITE") InterviewKind kind,
      @Valid @BeanParam Paging paging) {
    return PageView.of(
        interviews.list(caller.owner(), null, status, kind, paging.page, paging.size),
        InterviewView::of);
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "Read one interview")
  @APIResponse(responseCode = "200", description = "The interview; its ETag is its version")
  @APIResponse(responseCode = "404", description = "No such interview")
  public Response get(@PathParam("id") UUID id) {
    return withTag(interviews.get(caller.owner(), id));
  }

  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Replace what is recorded about the interview",
      description =
          "Interviewers sent with their id keep it; those left out are removed. Needs the ETag"
              + " read last in If-Match.")
  @APIResponse(responseCode = "200", description = "Replaced")
  @APIResponse(responseCode = "400", description = "Invalid body; the problem names each field")
  @APIResponse(responseCode = "404", description = "No such interview")
  @APIResponse(responseCode = "409", description = "Cancelled, or a held interview's time moved")
  @APIResponse(responseCode = "412", description = "Changed since it was read")
  @APIResponse(responseCode = "428", description = "No If-Match")
  public Response replace(
      @PathParam("id") UUID id,
      @NotNull @Valid InterviewRequest request,
      @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
    Long expected = Preconditions.ifMatch(ifMatch);
    return withTag(interviews.update(caller.owner(), id, request.toDetails(), expected));
  }

  @POST
  @Path("/{id}/completion")
  @Operation(
      summary = "Mark the interview as held",
      description =
          "Emits InterviewCompleted, from which follow-ups are planned. The body is optional and"
              + " may carry the next steps the interviewers stated. Idempotent: completing an"
              + " interview again returns it unchanged and emits nothing.")
  @APIResponse(responseCode = "200", description = "Completed")
  @APIResponse(responseCode = "404", description = "No such interview")
  @APIResponse(responseCode = "409", description = "The interview was cancelled")
  @RequestBody(
      required = false,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CompletionRequest.class)))
  public Response complete(@PathParam("id") UUID id, byte[] body) {
    CompletionRequest request = optionalBodies.read(body, CompletionRequest.class);
    var nextSteps =
        request == null || request.nextSteps() == null ? null : request.nextSteps().toNextSteps();
    return withTag(interviews.complete(caller.owner(), id, nextSteps));
  }

  @POST
  @Path("/{id}/cancellation")
  @Operation(
      summary = "Call the interview off",
      description = "Idempotent: cancelling again returns it unchanged.")
  @APIResponse(responseCode = "200", description = "Cancelled")
  @APIResponse(responseCode = "404", description = "No such interview")
  @APIResponse(responseCode = "409", description = "The interview was already held")
  public Response cancel(@PathParam("id") UUID id) {
    return withTag(interviews.cancel(caller.owner(), id));
  }

  @POST
  @Path("/{id}/thank-you-review")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Check your thank-you drafts before sending them",
      description =
          "Reports, with where each is: two drafts that are the same or nearly (names set aside;"
              + " threshold thank-you-review.similarity-threshold), a draft that names none of the"
              + " topics discussed with its interviewer, and words the English dictionary does not"
              + " know, with their offset and suggestions. Names of the interviewers, the"
              + " candidate, the company and the topics are never flagged. Nothing is saved.")
  @APIResponse(
      responseCode = "200",
      description = "The findings; none means nothing to fix",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ThankYouReviewView.class),
              examples =
                  @ExampleObject(
                      name = "a typo and a note without its topic",
                      value =
                          """
                          {"findings": [
                            {"kind": "NO_TOPIC", "draft": 1,
                             "interviewerId": "0b7e6a39-5d7f-4a8e-9c61-2f4d8e1b3a90",
                             "message": "Name something you discussed with this interviewer",
                             "topics": ["on-call culture"]},
                            {"kind": "SPELLING", "draft": 0,
                             "interviewerId": "6f1c2d4e-8a9b-4c3d-9e8f-1a2b3c4d5e6f",
                             "message": "'intresting' may be misspelled", "word": "intresting",
                             "offset": 29, "suggestions": ["interesting"]}]}
                          """)))
  @APIResponse(responseCode = "400", description = "Invalid body; the problem names each field")
  @APIResponse(responseCode = "404", description = "No such interview")
  @APIResponse(responseCode = "409", description = "A draft is for someone not on the interview")
  @RequestBody(
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ThankYouReviewRequest.class),
              examples =
                  @ExampleObject(
                      name = "two drafts",
                      value =
                          """
                          {"drafts": [
                            {"interviewerId": "6f1c2d4e-8a9b-4c3d-9e8f-1a2b3c4d5e6f",
                             "text": "Dear Dana, thank you for the intresting talk about the billing migration."},
                            {"interviewerId": "0b7e6a39-5d7f-4a8e-9c61-2f4d8e1b3a90",
                             "text": "Dear Ari, thank you for meeting me today."}]}
                          """)))
  public ThankYouReviewView reviewThankYous(
      @PathParam("id") UUID id, @NotNull @Valid ThankYouReviewRequest request) {
    return ThankYouReviewView.of(thankYouReview.review(caller.owner(), id, request.toDrafts()));
  }

  private static Response withTag(Interview interview) {
    return Response.ok(InterviewView.of(interview))
        .tag(Preconditions.etag(interview.version))
        .build();
  }
}
