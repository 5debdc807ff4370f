package dev.followup.notification.api;

import dev.followup.notification.application.CandidateSettings;
import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.ContactPreferences;
import dev.followup.notification.domain.MessageLanguages;
import dev.followup.notification.domain.QuietHours;
import dev.followup.notification.domain.ReminderCategory;
import dev.followup.rest.Problem;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A candidate's reminder preferences and push subscriptions. Only the candidate the bearer token
 * names ({@code sub}), within its tenant ({@code tenant}), reads and changes them: the path must
 * name that candidate, anything else is answered 404 as if nothing were stored.
 */
@Path("/candidates/{candidateId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Candidates", description = "How each candidate wants to be reminded")
@Authenticated
@APIResponse(
    responseCode = "401",
    description = "No valid bearer token",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
    responseCode = "400",
    description = "Invalid request, each offending field named",
    content =
        @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class CandidateResource {

  private final CandidateSettings settings;
  private final Caller caller;

  CandidateResource(CandidateSettings settings, Caller caller) {
    this.settings = settings;
    this.caller = caller;
  }

  /** The stored preferences, with every default filled in. */
  public record PreferencesView(
      String candidateId,
      String tenantId,
      String email,
      String phone,
      String timeZone,
      String locale,
      @Schema(
              description =
                  "The language the reminders are written in, of the supported ones (en, es):"
                      + " the locale's own, else English",
              examples = "es")
          String messageLanguage,
      PreferencesRequest.QuietHours quietHours,
      PreferencesRequest.Channels channels,
      boolean emailUnsubscribed) {}

  /** A registered push subscription. */
  public record SubscriptionView(UUID id, String endpoint, java.time.Instant createdAt) {}

  @PUT
  @Path("/preferences")
  @Operation(summary = "Create or replace the candidate's reminder preferences")
  @APIResponse(responseCode = "200", description = "Replaced")
  @APIResponse(responseCode = "201", description = "Created")
  public Response save(
      @PathParam("candidateId") @NotBlank @Size(max = 200) String candidateId,
      @NotNull @Valid PreferencesRequest request) {
    String tenantId = caller.tenantId();
    caller.candidate(candidateId);
    ContactPreferences preferences = toDomain(request);
    boolean created =
        settings.save(
            tenantId,
            candidateId,
            preferences,
            java.util.Optional.ofNullable(request.emailUnsubscribed()));
    return Response.status(created ? 201 : 200)
        .entity(
            view(
                candidateId,
                tenantId,
                preferences,
                settings.emailUnsubscribed(tenantId, candidateId)))
        .build();
  }

  @GET
  @Path("/preferences")
  @Operation(summary = "The candidate's reminder preferences")
  @APIResponse(responseCode = "200", description = "Stored preferences")
  @APIResponse(
      responseCode = "404",
      description = "None stored: the candidate is reminded by email only",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public PreferencesView get(
      @PathParam("candidateId") @NotBlank @Size(max = 200) String candidateId) {
    String tenantId = caller.tenantId();
    caller.candidate(candidateId);
    return view(
        candidateId,
        tenantId,
        settings.preferences(tenantId, candidateId),
        settings.emailUnsubscribed(tenantId, candidateId));
  }

  @POST
  @Path("/push-subscriptions")
  @Operation(
      summary = "Register a browser's Web Push subscription",
      description =
          "The body is PushSubscription.toJSON() of a subscription made with the key from GET"
              + " /push/vapid-public-key. Registering a known endpoint again replaces its keys.")
  @APIResponse(responseCode = "201", description = "Registered")
  public Response subscribe(
      @PathParam("candidateId") @NotBlank @Size(max = 200) String candidateId,
      @NotNull @Valid PushSubscriptionRequest request,
      @jakarta.ws.rs.core.Context UriInfo uri) {
    caller.candidate(candidateId);
    CandidateSettings.Subscription subscription =
        settings.subscribe(
            caller.tenantId(),
            candidateId,
            request.endpoint().strip(),
            request.keys().p256dh().strip(),
            request.keys().auth().strip());
    return Response.created(uri.getAbsolutePathBuilder().path(subscription.id().toString()).build())
        .entity(view(subscription))
        .build();
  }

  @GET
  @Path("/push-subscriptions")
  @Operation(summary = "The candidate's push subscriptions")
  public List<SubscriptionView> subscriptions(
      @PathParam("candidateId") @NotBlank @Size(max = 200) String candidateId) {
    caller.candidate(candidateId);
    return settings.subscriptions(caller.tenantId(), candidateId).stream()
        .map(CandidateResource::view)
        .toList();
  }

  @DELETE
  @Path("/push-subscriptions/{id}")
  @Operation(summary = "Remove a push subscription")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(
      responseCode = "404",
      description = "No such subscription for this candidate",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public void unsubscribe(
      @PathParam("candidateId") @NotBlank @Size(max = 200) String candidateId,
      @PathParam("id") UUID id) {
    caller.candidate(candidateId);
    settings.unsubscribe(caller.tenantId(), candidateId, id);
  }

  static ContactPreferences toDomain(PreferencesRequest request) {
    Map<ReminderCategory, List<Channel>> channels =
        new EnumMap<>(ContactPreferences.DEFAULT_CHANNELS);
    PreferencesRequest.Channels chosen = request.channels();
    if (chosen != null) {
      Optional.ofNullable(chosen.drafts()).ifPresent(c -> channels.put(ReminderCategory.DRAFT, c));
      Optional.ofNullable(chosen.calls()).ifPresent(c -> channels.put(ReminderCategory.CALL, c));
      Optional.ofNullable(chosen.nudges()).ifPresent(c -> channels.put(ReminderCategory.NUDGE, c));
    }
    return new ContactPreferences(
        request.email() == null ? null : request.email().strip(),
        PhoneNumbers.toE164(request.phone()),
        request.timeZone() == null ? null : ZoneId.of(request.timeZone()),
        request.locale() == null
            ? ContactPreferences.DEFAULT_LOCALE
            : Locale.forLanguageTag(request.locale()),
        Optional.ofNullable(request.quietHours())
            .map(q -> new QuietHours(q.start(), q.end()))
            .filter(q -> !q.start().equals(q.end())),
        channels);
  }

  static PreferencesView view(
      String candidateId, String tenantId, ContactPreferences p, boolean emailUnsubscribed) {
    return new PreferencesView(
        candidateId,
        tenantId,
        p.email(),
        p.phone(),
        p.timeZone() == null ? null : p.timeZone().getId(),
        p.locale().toLanguageTag(),
        MessageLanguages.resolve(p.locale()).toLanguageTag(),
        p.quietHours()
            .map(q -> new PreferencesRequest.QuietHours(trim(q.start()), trim(q.end())))
            .orElse(null),
        new PreferencesRequest.Channels(
            p.channelsFor(ReminderCategory.DRAFT),
            p.channelsFor(ReminderCategory.CALL),
            p.channelsFor(ReminderCategory.NUDGE)),
        emailUnsubscribed);
  }

  private static LocalTime trim(LocalTime time) {
    return time.withNano(0);
  }

  private static SubscriptionView view(CandidateSettings.Subscription s) {
    return new SubscriptionView(s.id(), s.endpoint(), s.createdAt());
  }
}
