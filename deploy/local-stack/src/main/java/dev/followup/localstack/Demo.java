package dev.followup.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records and completes one interview through the public API, as a candidate would, so that a
 * newcomer sees follow-ups planned and reminders arrive.
 */
final class Demo {

  /** Zones spread around the globe: in one of them, two hours ago was office hours. */
  private static final List<String> ZONES =
      List.of(
          "Pacific/Auckland",
          "Asia/Tokyo",
          "Asia/Kolkata",
          "Europe/Paris",
          "America/New_York",
          "America/Los_Angeles",
          "Pacific/Honolulu");

  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

  private final HttpClient http = HttpClient.newHttpClient();
  private final String interviewService;
  private final String token;

  private Demo(String interviewService, String token) {
    this.interviewService = interviewService;
    this.token = token;
  }

  static void run(Path root, String interviewService, String scheduleService)
      throws IOException, InterruptedException {
    String token;
    try {
      token =
          DevToken.sign(
              root.resolve(DevToken.PRIVATE_KEY), "demo-candidate", "local", Duration.ofHours(12));
    } catch (GeneralSecurityException e) {
      System.err.println("Demo: cannot sign a token: " + e.getMessage());
      return;
    }
    new Demo(interviewService, token).recordAndComplete(scheduleService);
  }

  private void recordAndComplete(String scheduleService) throws IOException, InterruptedException {
    Instant ended = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    ZoneId zone =
        ZONES.stream()
            .map(ZoneId::of)
            .filter(z -> ended.atZone(z).getHour() >= 9 && ended.atZone(z).getHour() < 16)
            .findFirst()
            .orElse(ZoneId.of("UTC"));
    LocalDateTime endsAt = LocalDateTime.ofInstant(ended, zone);

    HttpResponse<String> profile =
        send(
            "PUT",
            "/candidate",
            """
            {"name": "Sam Rivera", "email": "sam@example.com", "timeZone": "%s", "locale": "en"}
            """
                .formatted(zone.getId()),
            "*");
    if (profile.statusCode() >= 300) {
      System.err.println("Demo: could not save the profile: " + profile.body());
      return;
    }
    HttpResponse<String> opportunity =
        send(
            "POST",
            "/opportunities",
            "{\"company\": \"Acme Corp\", \"role\": \"Backend engineer\"}",
            null);
    Matcher opportunityId = ID.matcher(opportunity.body());
    if (opportunity.statusCode() != 201 || !opportunityId.find()) {
      System.err.println("Demo: could not record the opportunity: " + opportunity.body());
      return;
    }
    String body =
        """
        {
          "round": 1, "kind": "VIDEO",
          "startsAt": "%1$s", "endsAt": "%2$s", "timeZone": "%3$s",
          "interviewers": [
            {"name": "Dana Lee", "title": "Engineering manager", "email": "dana.lee@acme.example",
             "topics": ["the billing migration"]},
            {"name": "Ari Cohen", "email": "ari.cohen@acme.example", "topics": ["on-call culture"]}
          ]
        }
        """
            .formatted(endsAt.minusHours(1), endsAt, zone.getId());
    HttpResponse<String> created =
        send("POST", "/opportunities/" + opportunityId.group(1) + "/interviews", body, null);
    Matcher id = ID.matcher(created.body());
    if (created.statusCode() != 201 || !id.find()) {
      System.err.println("Demo: could not record the interview: " + created.body());
      return;
    }
    String interviewId = id.group(1);
    send("POST", "/interviews/" + interviewId + "/completion", null, null);
    System.out.printf(
        """
        Demo: an interview at Acme Corp (%s) that ended two hours ago was recorded and completed.
          its plan:   curl %s/interviews/%s/steps
          the emails arrive within seconds at http://localhost:%d/
          a token for the demo candidate's API calls:
            %s

        """,
        zone, scheduleService, interviewId, LocalStack.MAIL_PAGE_PORT, token);
  }

  private HttpResponse<String> send(String method, String path, String json, String ifMatch)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(interviewService + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
