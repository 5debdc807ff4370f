package dev.followup.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A candidate with something in every service, recorded through the REST APIs as a client would: a
 * profile, an opportunity with a scheduled and a completed interview (so the schedule-service holds
 * a plan), a reference, reminder preferences and a push subscription. Every personal datum is
 * unique to the candidate, so that the tests can look for it in logs and other people's answers.
 */
final class RecordedCandidate {

  /**
   * Where the candidate, the interview and the interviewers are: a zone where it is now between
   * 10:00 and 16:00, so that an interview that ended an hour ago gets its thank-yous the same day,
   * outside the candidate's quiet hours, whatever the time of the run.
   */
  static final String ZONE = officeHoursZone();

  private static String officeHoursZone() {
    // Between them, for every hour of the day (UTC), one of these is in office hours.
    List<String> zones =
        List.of(
            "Pacific/Auckland",
            "Asia/Tokyo",
            "Asia/Kolkata",
            "Europe/Paris",
            "America/New_York",
            "America/Los_Angeles",
            "Pacific/Honolulu");
    for (String zone : zones) {
      int hour = LocalDateTime.now(ZoneId.of(zone)).getHour();
      if (hour >= 10 && hour < 16) {
        return zone;
      }
    }
    throw new IllegalStateException("No zone of " + zones + " is in office hours now");
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  final String tenant;
  final String id;
  final String token;
  final String adminToken;
  final String name;
  final String email;
  final String phone;
  final List<String> interviewerNames = new ArrayList<>();
  final List<String> interviewerEmails = new ArrayList<>();
  final List<String> topics = new ArrayList<>();
  final String notes;
  final String referenceName;
  String opportunityId;
  String scheduledInterviewId;
  String completedInterviewId;
  List<String> interviewerIds = List.of();
  String referenceId;
  String stepId;
  String subscriptionId;

  private final RunningSystem system;

  private RecordedCandidate(RunningSystem system, JwtForge jwt, String tenant, String label) {
    this.system = system;
    this.tenant = tenant;
    this.id = "cand-" + UUID.randomUUID();
    this.token = jwt.candidate(tenant, id);
    this.adminToken = jwt.tenantAdmin(tenant, id);
    String unique = UUID.randomUUID().toString().substring(0, 8);
    this.name = label + " Quillfeather" + unique;
    this.email = "pd-" + unique + "@candidate.example";
    // A fictional number (555 01xx range) unique enough to find.
    this.phone = "+1 312 555 01" + String.format("%02d", Math.floorMod(unique.hashCode(), 100));
    this.notes = "Private note " + unique + ": they pay well";
    this.referenceName = "Referee Marlowe" + unique;
    for (String who : List.of("Interviewer Okonkwo", "Interviewer Lindqvist")) {
      interviewerNames.add(who + unique);
      interviewerEmails.add("pd-" + who.substring(12).toLowerCase() + unique + "@employer.example");
      topics.add("the secret project " + who.substring(12) + unique);
    }
  }

  /** Records everything for a new candidate of {@code tenant}. */
  static RecordedCandidate record(RunningSystem system, JwtForge jwt, String tenant, String label) {
    RecordedCandidate candidate = new RecordedCandidate(system, jwt, tenant, label);
    candidate.recordInInterviewService();
    candidate.awaitPlan();
    // A policy of the candidate's own, so that reading it is reading something of theirs.
    expect(
        Http.json(
            "PUT",
            candidate.schedules() + "/policy/candidates/" + candidate.id,
            candidate.token,
            policyBody()),
        200);
    candidate.recordInNotificationService();
    return candidate;
  }

  String interviews() {
    return system.interviews.baseUrl();
  }

  String schedules() {
    return system.schedules.baseUrl();
  }

  String notifications() {
    return system.notifications.baseUrl();
  }

  /** Every personal datum this candidate's records hold. */
  List<String> personalData() {
    List<String> data = new ArrayList<>(List.of(name, email, phone, notes, referenceName));
    data.addAll(interviewerNames);
    data.addAll(interviewerEmails);
    data.addAll(topics);
    return data;
  }

  String profileBody() {
    return """
        {"name":"%s","email":"%s","phone":"%s","timeZone":"%s","locale":"en"}"""
        .formatted(name, email, phone, ZONE);
  }

  String opportunityBody() {
    return """
        {"company":"Acme Corp","role":"Backend engineer",\
        "jobDescription":{"content":"# Backend engineer","contentType":"text/markdown"}}""";
  }

  /** An interview that ended an hour ago, in {@link #ZONE}, with both interviewers. */
  String interviewBody(List<String> ids) {
    LocalDateTime end = LocalDateTime.now(ZoneId.of(ZONE)).minusHours(1).withNano(0).withSecond(0);
    StringBuilder people = new StringBuilder();
    for (int i = 0; i < interviewerNames.size(); i++) {
      if (i > 0) {
        people.append(',');
      }
      people.append(
          """
          {%s"name":"%s","title":"Engineering manager","email":"%s","phone":"+1 212 555 0199",\
          "mailingAddress":"1 Main St","timeZone":"%s","preferredChannel":"EMAIL",\
          "topics":["%s"]}"""
              .formatted(
                  ids.isEmpty() ? "" : "\"id\":\"" + ids.get(i) + "\",",
                  interviewerNames.get(i),
                  interviewerEmails.get(i),
                  ZONE,
                  topics.get(i)));
    }
    return """
        {"round":1,"kind":"VIDEO","startsAt":"%s","endsAt":"%s","timeZone":"%s",\
        "finalRound":false,"notes":"%s","referencesRequested":false,\
        "nextSteps":{"expectedDecisionDate":"2030-12-04","mayCallOn":"2030-12-07",\
        "weWillContactYou":false,"noFollowUpPolicy":false},"interviewers":[%s]}"""
        .formatted(end.minusHours(1), end, ZONE, notes, people);
  }

  String referenceBody() {
    return """
        {"name":"%s","email":"ref-%s","phone":"+44 20 7946 0958","relation":"Former manager"}"""
        .formatted(referenceName, email);
  }

  String preferencesBody() {
    return """
        {"email":"%s","phone":"+14155550123","timeZone":"%s","locale":"en",\
        "quietHours":{"start":"22:00","end":"07:30"},\
        "channels":{"drafts":["EMAIL"],"calls":["SMS","EMAIL"],"nudges":["EMAIL"]}}"""
        .formatted(email, ZONE);
  }

  static String subscriptionBody() {
    // A P-256 point's 65 bytes and a 16-byte secret, base64url: the shapes, not a real browser's.
    String p256dh = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(point());
    String auth = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]);
    return """
        {"endpoint":"https://push.example/send/%s","keys":{"p256dh":"%s","auth":"%s"}}"""
        .formatted(UUID.randomUUID(), p256dh, auth);
  }

  private static byte[] point() {
    byte[] point = new byte[65];
    point[0] = 4;
    for (int i = 1; i < point.length; i++) {
      point[i] = (byte) i;
    }
    return point;
  }

  /** The InterviewCompleted data the schedule-service previews. */
  String previewBody() {
    return """
        {"tenantId":"%s","interviewId":"%s","opportunityId":"%s",\
        "candidate":{"id":"%s","name":"%s","email":"%s","timeZone":"Europe/Paris"},\
        "company":"Acme Corp","role":"Backend engineer","endedAt":"2030-11-24T15:30:00Z",\
        "timeZone":"Europe/London","interviewers":[{"id":"%s","name":"%s","email":"%s",\
        "title":"Engineering manager","phone":"+1 212 555 0199","timeZone":"Europe/London",\
        "mailingAddress":"1 Main St","topics":["%s"]}],"finalRound":true,\
        "referencesRequested":false,"nextSteps":{"expectedDecisionDate":"2030-12-04",\
        "mayCallOn":"2030-12-07","weWillContactYou":false,"noFollowUpPolicy":false},\
        "references":[{"name":"%s","email":"ref-%s","phone":"+44 20 7946 0958",\
        "relation":"Former manager"}]}"""
        .formatted(
            tenant,
            UUID.randomUUID(),
            UUID.randomUUID(),
            id,
            name,
            email,
            UUID.randomUUID(),
            interviewerNames.get(0),
            interviewerEmails.get(0),
            topics.get(0),
            referenceName,
            email);
  }

  static String policyBody() {
    return """
        {"checkIns":"measured","quietFrom":"22:00","quietUntil":"07:30",\
        "sendsThankYouEmails":true,"wantsMailedNotes":false,"thankYouDelayMinutes":45,\
        "businessStart":"09:00","businessEnd":"17:30","callAt":"10:00",\
        "keepSearchingAfterDays":3}""";
  }

  private void recordInInterviewService() {
    expect(Http.json("PUT", interviews() + "/candidate", token, profileBody()), 201);
    opportunityId =
        field(
            expect(
                Http.json("POST", interviews() + "/opportunities", token, opportunityBody()), 201),
            "id");
    String interviewsOf = interviews() + "/opportunities/" + opportunityId + "/interviews";
    JsonNode scheduled =
        tree(expect(Http.json("POST", interviewsOf, token, interviewBody(List.of())), 201));
    scheduledInterviewId = scheduled.path("id").asText();
    List<String> ids = new ArrayList<>();
    scheduled.path("interviewers").forEach(i -> ids.add(i.path("id").asText()));
    interviewerIds = List.copyOf(ids);
    completedInterviewId =
        field(expect(Http.json("POST", interviewsOf, token, interviewBody(List.of())), 201), "id");
    expect(
        Http.send(
            "POST",
            interviews() + "/interviews/" + completedInterviewId + "/completion",
            token,
            null,
            null,
            Map.of()),
        200);
    referenceId =
        field(
            expect(Http.json("POST", interviews() + "/references", token, referenceBody()), 201),
            "id");
  }

  private void awaitPlan() {
    String steps = schedules() + "/interviews/" + completedInterviewId + "/steps";
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              Http.Answer answer = Http.get(steps, adminToken);
              return answer.status() == 200 && tree(answer).size() > 0;
            });
    JsonNode plan = tree(expect(Http.get(steps, adminToken), 200));
    for (JsonNode step : plan) {
      if ("PENDING".equals(step.path("status").asText())) {
        stepId = step.path("id").asText();
        return;
      }
    }
    stepId = plan.get(0).path("id").asText();
  }

  private void recordInNotificationService() {
    expect(
        Http.json(
            "PUT",
            notifications() + "/candidates/" + id + "/preferences?tenantId=" + tenant,
            token,
            preferencesBody()),
        201);
    subscriptionId =
        field(
            expect(
                Http.json(
                    "POST",
                    notifications()
                        + "/candidates/"
                        + id
                        + "/push-subscriptions?tenantId="
                        + tenant,
                    token,
                    subscriptionBody()),
                201),
            "id");
  }

  /**
   * Values for the path parameters of every service's operations, pointing at this candidate's
   * resources.
   */
  Map<String, String> pathValues(OpenApiDocument.Operation operation) {
    Map<String, String> values = new LinkedHashMap<>();
    String path = operation.path();
    values.put("interviewId", completedInterviewId);
    values.put("opportunityId", opportunityId);
    values.put("stepId", stepId);
    values.put("tenantId", tenant);
    values.put("candidateId", id);
    if (path.startsWith("/opportunities/")) {
      values.put("id", opportunityId);
    } else if (path.startsWith("/interviews/")) {
      values.put("id", scheduledInterviewId);
    } else if (path.startsWith("/references/")) {
      values.put("id", referenceId);
    } else if (path.contains("/push-subscriptions/")) {
      values.put("id", subscriptionId);
    }
    for (String parameter : operation.pathParameters()) {
      values.putIfAbsent(parameter, UUID.randomUUID().toString());
    }
    return values;
  }

  /** The full URL of an operation on this candidate's resources. */
  String url(String baseUrl, OpenApiDocument.Operation operation) {
    String path = operation.pathWith(pathValues(operation));
    return baseUrl + path + (path.startsWith("/candidates/") ? "?tenantId=" + tenant : "");
  }

  /**
   * Everything the candidate can read back, with versions (ETags): equal snapshots mean nothing was
   * stored, changed or removed in between.
   */
  Map<String, String> snapshot() {
    List<String> urls =
        List.of(
            interviews() + "/candidate",
            interviews() + "/opportunities",
            interviews() + "/opportunities/" + opportunityId,
            interviews() + "/opportunities/" + opportunityId + "/interviews",
            interviews() + "/opportunities/" + opportunityId + "/replies",
            interviews() + "/interviews",
            interviews() + "/interviews/" + scheduledInterviewId,
            interviews() + "/interviews/" + completedInterviewId,
            interviews() + "/references",
            interviews() + "/references/" + referenceId,
            schedules() + "/interviews/" + completedInterviewId + "/steps",
            schedules() + "/opportunities/" + opportunityId + "/steps",
            schedules() + "/policy/candidates/" + id,
            schedules() + "/policy/tenants/" + tenant,
            notifications() + "/candidates/" + id + "/preferences?tenantId=" + tenant,
            notifications() + "/candidates/" + id + "/push-subscriptions?tenantId=" + tenant);
    Map<String, String> snapshot = new LinkedHashMap<>();
    for (String url : urls) {
      Http.Answer answer = Http.get(url, adminToken);
      snapshot.put(url, answer.status() + " " + answer.etag() + " " + answer.body());
    }
    return snapshot;
  }

  static Http.Answer expect(Http.Answer answer, int status) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    return answer;
  }

  static JsonNode tree(Http.Answer answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new IllegalStateException("Not JSON: " + answer, e);
    }
  }

  private static String field(Http.Answer answer, String name) {
    return tree(answer).path(name).asText();
  }
}
