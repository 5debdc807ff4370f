package dev.followup.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

  private Demo() {}

  static void run(String interviewService, String scheduleService)
      throws IOException, InterruptedException {
    Instant ended = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    ZoneId zone =
        ZONES.stream()
            .map(ZoneId::of)
            .filter(z -> ended.atZone(z).getHour() >= 9 && ended.atZone(z).getHour() < 16)
            .findFirst()
            .orElse(ZoneId.of("UTC"));
    String body =
        """
        {
          "candidate": {"id": "demo-candidate", "name": "Sam Rivera", "email": "sam@example.com",
                        "timeZone": "%2$s"},
          "company": "Acme Corp",
          "role": "Backend engineer",
          "endsAt": "%1$s",
          "timeZone": "%2$s",
          "interviewers": [
            {"name": "Dana Lee", "email": "dana.lee@acme.example", "topics": ["the billing migration"]},
            {"name": "Ari Cohen", "email": "ari.cohen@acme.example", "topics": ["on-call culture"]}
          ]
        }
        """
            .formatted(LocalDateTime.ofInstant(ended, zone), zone.getId());
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(interviewService + "/interviews"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(created.body());
    if (created.statusCode() != 201 || !id.find()) {
      System.err.println("Demo: could not record the interview: " + created.body());
      return;
    }
    String interviewId = id.group(1);
    http.send(
        HttpRequest.newBuilder(
                URI.create(interviewService + "/interviews/" + interviewId + "/completion"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    System.out.printf(
        """
        Demo: an interview at Acme Corp (%s) that ended two hours ago was recorded and completed.
          its plan:   curl %s/interviews/%s/steps
          the emails arrive within seconds at http://localhost:%d/

        """,
        zone, scheduleService, interviewId, LocalStack.MAIL_PAGE_PORT);
  }
}
