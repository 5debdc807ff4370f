package dev.followup.notification.api;

import dev.followup.notification.application.EmailUnsubscribe;
import dev.followup.rest.Problem;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The one-click unsubscribe link in every reminder email ({@code List-Unsubscribe}, RFC 2369 and
 * RFC 8058). No bearer token: the link's signed token names the candidate and is checked. A GET,
 * which mail scanners and link previews follow, only shows a page with a button; the POST, sent by
 * that button or by the mail client's own unsubscribe action, turns email off.
 */
@Path("/unsubscribe/{scope}")
@Tag(name = "Unsubscribe", description = "One-click unsubscribe links of reminder emails")
@PermitAll
@APIResponse(
    responseCode = "403",
    description = "The token is missing, forged, altered or expired",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
    responseCode = "404",
    description = "No link of this scope (only email)",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class UnsubscribeResource {

  /** The body RFC 8058 prescribes for the one-click POST. */
  static final String ONE_CLICK = "One-Click";

  private final EmailUnsubscribe unsubscribe;
  private final Template confirm;
  private final Template done;

  UnsubscribeResource(
      EmailUnsubscribe unsubscribe,
      @Location("pages/unsubscribe-confirm.html") Template confirm,
      @Location("pages/unsubscribe-done.html") Template done) {
    this.unsubscribe = unsubscribe;
    this.confirm = confirm;
    this.done = done;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  @Operation(
      summary = "A page asking to confirm the unsubscribe",
      description =
          "Changes nothing: mail scanners follow links. Its button sends the one-click POST.")
  @APIResponse(responseCode = "200", description = "The confirmation page")
  public Response page(
      @Parameter(description = "What to stop; only email") @PathParam("scope") String scope,
      @Parameter(description = "The signed token of the link", required = true) @QueryParam("token")
          String token) {
    Locale language = unsubscribe.check(scope, token);
    return Response.ok(page(confirm, language), MediaType.TEXT_HTML_TYPE)
        .language(language)
        .build();
  }

  /**
   * RFC 8058 has mail clients post the form as {@code multipart/form-data} (section 3.1, SHOULD)
   * and allows {@code application/x-www-form-urlencoded}, which the confirmation page's button
   * sends: both are taken, the field read alike from either.
   */
  @POST
  @Consumes({MediaType.MULTIPART_FORM_DATA, MediaType.APPLICATION_FORM_URLENCODED})
  @Produces(MediaType.TEXT_HTML)
  @Operation(
      summary = "One-click unsubscribe (RFC 8058)",
      description =
          "A form with the field List-Unsubscribe=One-Click, as multipart/form-data or"
              + " application/x-www-form-urlencoded. Stops reminder emails to the link's"
              + " candidate; later reminders go to their next channel. Repeating it changes"
              + " nothing. Email comes back when the candidate sets emailUnsubscribed to false in"
              + " their preferences.")
  @APIResponse(responseCode = "200", description = "Unsubscribed (now or before)")
  @APIResponse(
      responseCode = "400",
      description = "The form's field List-Unsubscribe is not One-Click",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public Response oneClick(
      @Parameter(description = "What to stop; only email") @PathParam("scope") String scope,
      @Parameter(description = "The signed token of the link", required = true) @QueryParam("token")
          String token,
      @Schema(description = "Must be One-Click", enumeration = ONE_CLICK)
          @FormParam("List-Unsubscribe")
          String listUnsubscribe) {
    // The token first: a forged link learns nothing about what the body should be.
    unsubscribe.check(scope, token);
    if (!ONE_CLICK.equals(listUnsubscribe)) {
      throw new InvalidOneClickBody();
    }
    Locale language = unsubscribe.unsubscribe(scope, token);
    return Response.ok(page(done, language), MediaType.TEXT_HTML_TYPE).language(language).build();
  }

  /** A page in the language of the candidate's emails; its texts are in the msg bundle. */
  private static String page(Template page, Locale language) {
    return page.instance().data("lang", language.toLanguageTag()).setLocale(language).render();
  }

  /** A POST without the body RFC 8058 prescribes. */
  static class InvalidOneClickBody extends RuntimeException {
    InvalidOneClickBody() {
      super("The body must be List-Unsubscribe=One-Click");
    }
  }
}
