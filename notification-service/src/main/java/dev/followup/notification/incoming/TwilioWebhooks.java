package dev.followup.notification.incoming;

import dev.followup.notification.application.SmsFeedback;
import dev.followup.notification.delivery.TwilioConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Twilio's webhooks: message status callbacks and messages candidates send to our number. Each
 * request must carry a valid {@code X-Twilio-Signature}, or it is refused with 403.
 */
@Path("/webhooks/twilio")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Tag(name = "Webhooks", description = "Called by the SMS provider")
@APIResponse(responseCode = "403", description = "Missing or invalid X-Twilio-Signature")
public class TwilioWebhooks {

  static final String TWIML = "application/xml";

  private final SmsFeedback feedback;
  private final TwilioConfig.Twilio config;

  TwilioWebhooks(SmsFeedback feedback, TwilioConfig config) {
    this.feedback = feedback;
    this.config = config.twilio();
  }

  @POST
  @Path("/status")
  @Operation(summary = "Message status callback (queued, sent, delivered, undelivered, failed)")
  public Response status(
      MultivaluedMap<String, String> form,
      @HeaderParam("X-Twilio-Signature") String signature,
      @Context UriInfo uri) {
    if (!isSigned(form, signature, uri)) {
      return forbidden(uri);
    }
    String messageId = form.getFirst("MessageSid");
    String status = form.getFirst("MessageStatus");
    if (messageId == null || status == null) {
      return Response.status(400)
          .type("application/problem+json")
          .entity(
              """
              {"type":"urn:followup:problem:invalid-request","title":"Invalid request",\
              "status":400,"detail":"MessageSid and MessageStatus are required"}""")
          .build();
    }
    feedback.statusReported(
        messageId,
        uri.getQueryParameters().getFirst("delivery"),
        status,
        form.getFirst("ErrorCode"));
    return Response.noContent().build();
  }

  @POST
  @Path("/inbound")
  @Operation(
      summary = "A message a candidate sent to our number",
      description =
          "STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT or OPT OUT (any case)"
              + " opts the number out of SMS; START, UNSTOP or YES opts it back in; HELP or INFO"
              + " is answered with TwiML.")
  public Response inbound(
      MultivaluedMap<String, String> form,
      @HeaderParam("X-Twilio-Signature") String signature,
      @Context UriInfo uri) {
    if (!isSigned(form, signature, uri)) {
      return forbidden(uri);
    }
    String from = form.getFirst("From");
    SmsFeedback.Keyword keyword =
        from == null ? SmsFeedback.Keyword.NONE : feedback.inbound(from, form.getFirst("Body"));
    String reply =
        switch (keyword) {
          case HELP ->
              "<Message>Interview follow-up reminders. Reply STOP to stop texts, START to resume."
                  + " Manage your reminders in the app.</Message>";
          // For STOP and START Twilio's own opt-out handling sends the confirmation.
          default -> "";
        };
    return Response.ok(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>" + reply + "</Response>", TWIML)
        .build();
  }

  private boolean isSigned(MultivaluedMap<String, String> form, String signature, UriInfo uri) {
    if (config.authToken().isEmpty()) {
      return false;
    }
    return TwilioSignature.isValid(config.authToken().get(), signedUrl(uri), form, signature);
  }

  /** The URL Twilio requested: under the public URL when one is configured. */
  private String signedUrl(UriInfo uri) {
    URI requested = uri.getRequestUri();
    if (config.publicUrl().isEmpty()) {
      return requested.toString();
    }
    String query = requested.getRawQuery();
    return config.publicUrl().get().replaceAll("/+$", "")
        + requested.getRawPath()
        + (query == null ? "" : "?" + query);
  }

  private static Response forbidden(UriInfo uri) {
    return Response.status(403)
        .type("application/problem+json")
        .entity(
            """
            {"type":"urn:followup:problem:bad-signature","title":"Forbidden","status":403,\
            "detail":"Missing or invalid X-Twilio-Signature","instance":"%s"}"""
                .formatted(uri.getPath().replace("\"", "")))
        .build();
  }
}
