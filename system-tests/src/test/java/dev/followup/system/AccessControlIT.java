package dev.followup.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.followup.system.OpenApiDocument.Operation;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may call what, on the packaged services, operation by operation as each documents them at
 * {@code /q/openapi}: no token, or a bad one (expired, signed by a stranger, unsigned, another
 * issuer), gets 401; another candidate of the tenant, or a candidate of another tenant with the
 * very same subject id, reaches none of a candidate's resources (403 or 404, nothing read, nothing
 * changed); the public entry points refuse what is not theirs (Twilio's webhooks an unsigned or
 * wrongly signed request). At the end, the service logs of the whole run hold none of the personal
 * data the run used, message bodies included.
 *
 * <p>A service that documents no bearer authentication yet is skipped, with a message naming it.
 */
class AccessControlIT {

  private static final String TWILIO_AUTH_TOKEN = "twilio-test-auth-token";

  private static RunningSystem system;
  private static JwtForge jwt;
  private static RecordedCandidate owner;
  private static RecordedCandidate sameTenantOther;

  private static String otherTenant;
  private static final List<String> personalData = new ArrayList<>();

  @BeforeAll
  static void startSystem() {
    system =
        RunningSystem.start(
            // Thank-yous due 20 s after an interview: this run sends real messages, whose
            // bodies the log check then looks for.
            Map.of("policy.thank-you-delay", "20s"),
            // Twilio's webhooks check signatures only once an auth token is configured.
            Map.of("sms.twilio.auth-token", TWILIO_AUTH_TOKEN));
    jwt = JwtForge.fromRepository(root());
    String tenant = "tenant-" + UUID.randomUUID();
    otherTenant = "tenant-" + UUID.randomUUID();
    owner = RecordedCandidate.record(system, jwt, tenant, "Owner");
    sameTenantOther = RecordedCandidate.record(system, jwt, tenant, "Neighbour");
    personalData.addAll(owner.personalData());
    personalData.addAll(sameTenantOther.personalData());
    // The owner's completed interview ended an hour ago: a thank-you per interviewer falls due
    // 20 s after and is sent. Once both are, the owner's plan holds still for the checks below.
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Mail.to(system.smtp.receivedMessages(), owner.email).size() >= 2);
  }

  @AfterAll
  static void stopSystem() {
    if (system != null) {
      system.close();
    }
    if (!personalData.isEmpty()) {
      ServiceLogs.assertFree(root(), personalData, "AccessControlIT");
    }
  }

  @Test
  void interviewServiceAnswersEveryOperation401WithoutAValidToken() {
    everyOperationNeedsAValidToken("interview-service", system.interviews.baseUrl());
  }

  @Test
  void scheduleServiceAnswersEveryOperation401WithoutAValidToken() {
    everyOperationNeedsAValidToken("schedule-service", system.schedules.baseUrl());
  }

  @Test
  void notificationServiceAnswersEveryOperation401WithoutAValidToken() {
    everyOperationNeedsAValidToken("notification-service", system.notifications.baseUrl());
  }

  @Test
  void interviewServiceKeepsEachCandidatesResourcesToThem() {
    nobodyElseReachesTheOwnersResources("interview-service", system.interviews.baseUrl());
  }

  @Test
  void scheduleServiceKeepsEachCandidatesResourcesToThem() {
    nobodyElseReachesTheOwnersResources("schedule-service", system.schedules.baseUrl());
  }

  @Test
  void notificationServiceKeepsEachCandidatesResourcesToThem() {
    nobodyElseReachesTheOwnersResources("notification-service", system.notifications.baseUrl());
  }

  @Test
  void twilioWebhooksRefuseUnsignedAndWronglySignedRequests() {
    String form = "From=%2B15005550006&Body=HELP&MessageSid=SM123&MessageStatus=delivered";
    Map<String, List<String>> params =
        Map.of(
            "From", List.of("+15005550006"),
            "Body", List.of("HELP"),
            "MessageSid", List.of("SM123"),
            "MessageStatus", List.of("delivered"));
    for (String path : List.of("/webhooks/twilio/inbound", "/webhooks/twilio/status")) {
      String url = system.notifications.baseUrl() + path;
      Http.Answer unsigned = postForm(url, form, Map.of());
      assertThat(unsigned.status()).as("unsigned " + path + ": " + unsigned).isEqualTo(403);
      assertThat(unsigned.isProblem()).as(unsigned.toString()).isTrue();
      String forged = twilioSignature("not-the-auth-token", url, params);
      Http.Answer wrong = postForm(url, form, Map.of("X-Twilio-Signature", forged));
      assertThat(wrong.status()).as("wrongly signed " + path + ": " + wrong).isEqualTo(403);
      // The control: signed with the configured token, the same request is taken.
      String signed = twilioSignature(TWILIO_AUTH_TOKEN, url, params);
      Http.Answer good = postForm(url, form, Map.of("X-Twilio-Signature", signed));
      assertThat(good.status()).as("signed " + path + ": " + good).isBetween(200, 299);
    }
  }

  @Test
  void unsubscribeLinksRefuseABadToken() {
    List<Operation> unsubscribe =
        OpenApiDocument.of("notification-service", system.notifications.baseUrl())
            .operations()
            .stream()
            .filter(o -> o.path().toLowerCase().contains("unsubscribe"))
            .toList();
    assumeTrue(
        !unsubscribe.isEmpty(),
        "notification-service documents no one-click unsubscribe link yet: nothing to check");
    for (Operation operation : unsubscribe) {
      Map<String, String> values = new LinkedHashMap<>();
      operation.pathParameters().forEach(p -> values.put(p, "forged-" + UUID.randomUUID()));
      String url =
          system.notifications.baseUrl() + operation.pathWith(values) + "?token=forged.token";
      Http.Answer answer =
          Http.send(
              operation.method(),
              url,
              null,
              "application/x-www-form-urlencoded",
              operation.hasBody()
                  ? "List-Unsubscribe=One-Click".getBytes(StandardCharsets.UTF_8)
                  : null,
              Map.of());
      assertThat(answer.status())
          .as(operation + " with a forged token: " + answer)
          .isBetween(400, 499);
    }
  }

  @Test
  void messagesSentDuringTheRunLeaveNoPersonalDataInTheLogs() {
    // The thank-yous sent to the owner, rendered with each interviewer's name and topic.
    for (MimeMessage message : Mail.to(system.smtp.receivedMessages(), owner.email)) {
      personalData.add(Mail.subject(message));
      String body = Mail.plainText(message);
      assertThat(body)
          .as("the message names an interviewer")
          .containsAnyOf(owner.interviewerNames.toArray(String[]::new));
      for (String line : body.split("\\R")) {
        if (owner.personalData().stream().anyMatch(line::contains)) {
          personalData.add(line.strip());
        }
      }
    }
    // Logs written so far; @AfterAll looks again once the services have stopped.
    assertThat(ServiceLogs.linesContaining(root(), personalData)).isEmpty();
  }

  @Test
  void lineBreaksInANameInjectNoMailHeader() throws Exception {
    String candidateId = "cand-" + UUID.randomUUID();
    String token = jwt.candidate(owner.tenant, candidateId);
    String email =
        "pd-inject-" + UUID.randomUUID().toString().substring(0, 8) + "@candidate.example";
    String attacker = "attacker-" + UUID.randomUUID().toString().substring(0, 8) + "@evil.example";
    personalData.add(email);
    String interviews = system.interviews.baseUrl();
    RecordedCandidate.expect(
        Http.json(
            "PUT",
            interviews + "/candidate",
            token,
            "{\"name\":\"Ina Jection\",\"email\":\"%s\",\"timeZone\":\"%s\"}"
                .formatted(email, RecordedCandidate.ZONE)),
        201);
    String opportunity =
        RecordedCandidate.tree(
                RecordedCandidate.expect(
                    Http.json(
                        "POST",
                        interviews + "/opportunities",
                        token,
                        "{\"company\":\"Acme\\r\\nX-Injected: yes\",\"role\":\"Engineer\"}"),
                    201))
            .path("id")
            .asText();
    // Ended an hour ago where it is office hours now: the thank-you goes out at once.
    java.time.LocalDateTime end =
        java.time.LocalDateTime.now(java.time.ZoneId.of(RecordedCandidate.ZONE))
            .minusHours(1)
            .withNano(0);
    String interview =
        RecordedCandidate.tree(
                RecordedCandidate.expect(
                    Http.json(
                        "POST",
                        interviews + "/opportunities/" + opportunity + "/interviews",
                        token,
                        """
                        {"round":1,"kind":"VIDEO","startsAt":"%s","endsAt":"%s","timeZone":"%s",\
                        "interviewers":[{"name":"Mallory\\r\\nBcc: %s","email":"m@acme.example",\
                        "topics":["a\\r\\n\\r\\n<script>alert(1)</script>"]}]}"""
                            .formatted(end.minusHours(1), end, RecordedCandidate.ZONE, attacker)),
                    201))
            .path("id")
            .asText();
    RecordedCandidate.expect(
        Http.send(
            "POST",
            interviews + "/interviews/" + interview + "/completion",
            token,
            null,
            null,
            Map.of()),
        200);

    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !Mail.to(system.smtp.receivedMessages(), email).isEmpty());
    MimeMessage message = Mail.to(system.smtp.receivedMessages(), email).get(0);
    assertThat(message.getHeader("X-Injected")).as("a header from the company name").isNull();
    assertThat(message.getHeader("Bcc")).as("a Bcc from the interviewer's name").isNull();
    assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly(email);
    // The SMTP server keeps one copy per envelope recipient: a Bcc smuggled in through the name
    // would be a second copy of the message.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(Mail.to(system.smtp.receivedMessages(), email))
                    .as("copies of the thank-you reminder (one interviewer)")
                    .hasSize(1));
  }

  // ----------------------------------------------------------------------------------------

  private static void everyOperationNeedsAValidToken(String service, String baseUrl) {
    OpenApiDocument document = OpenApiDocument.of(service, baseUrl);
    assumeAuthenticated(service, document);
    Map<String, String> badTokens = new LinkedHashMap<>();
    badTokens.put("no token", null);
    badTokens.put("an expired token", jwt.expired(owner.tenant, owner.id));
    badTokens.put("a token signed by another key", jwt.signedByStranger(owner.tenant, owner.id));
    badTokens.put("an unsigned token (alg none)", jwt.unsigned(owner.tenant, owner.id));
    badTokens.put("a token of another issuer", jwt.otherIssuer(owner.tenant, owner.id));
    badTokens.put("a token that is no JWT", "not-a-jwt");
    Map<String, String> before = owner.snapshot();
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Operation operation : document.operations()) {
      if (isPublic(operation)) {
        continue;
      }
      if (!operation.problemStatuses().contains("401")) {
        wrong.add(operation + " does not document its 401 problem");
      }
      String url = owner.url(baseUrl, operation);
      for (Map.Entry<String, String> token : badTokens.entrySet()) {
        Http.Answer answer = call(operation, url, token.getValue());
        checked++;
        if (answer.status() != 401 || !answer.isProblem()) {
          wrong.add(operation + " with " + token.getKey() + " → " + answer);
        }
      }
    }
    System.out.println("[AccessControlIT] " + service + ": " + checked + " calls with bad tokens");
    assertThat(checked).as(service + " has protected operations").isPositive();
    assertThat(wrong).as(service + ": operations not answering 401 problems").isEmpty();
    assertThat(owner.snapshot())
        .as("the owner's data after calls with bad tokens")
        .isEqualTo(before);
  }

  private static void nobodyElseReachesTheOwnersResources(String service, String baseUrl) {
    OpenApiDocument document = OpenApiDocument.of(service, baseUrl);
    assumeAuthenticated(service, document);
    Map<String, String> owners = owner.snapshot();
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Operation operation : document.operations()) {
      if (isPublic(operation)) {
        continue;
      }
      if (operation.pathParameters().isEmpty() && !operation.method().equals("GET")) {
        continue; // Writes to the caller's own records: never the owner's.
      }
      String url = owner.url(baseUrl, operation);
      for (Caller other : List.of(Caller.NEIGHBOUR, Caller.SAME_SUBJECT_OTHER_TENANT)) {
        Http.Answer answer = call(operation, url, other.token());
        checked++;
        String problem = verdict(operation, other, answer, owners.get(url));
        if (problem != null) {
          wrong.add(operation + " by " + other.description + " → " + problem + ": " + answer);
        }
      }
    }
    System.out.println("[AccessControlIT] " + service + ": " + checked + " calls by others");
    assertThat(wrong).as(service + ": the owner's resources reached by others").isEmpty();
    assertThat(owner.snapshot()).as("the owner's data after others' calls").isEqualTo(owners);
    // The control: the owner still reaches every resource.
    owners.forEach((url, answer) -> assertThat(answer).as(url).startsWith("200"));
  }

  /**
   * The others who try the owner's resources: another candidate of the same tenant (no admin: a
   * tenant's admin may see its candidates' policy), and a candidate of another tenant who has the
   * very same subject id and administers that other tenant.
   */
  private enum Caller {
    NEIGHBOUR("another candidate of the tenant"),
    SAME_SUBJECT_OTHER_TENANT("the owner's subject id in another tenant (its admin)");

    final String description;

    Caller(String description) {
      this.description = description;
    }

    String token() {
      return this == NEIGHBOUR ? sameTenantOther.token : jwt.tenantAdmin(otherTenant, owner.id);
    }
  }

  /**
   * What is wrong with another caller's answer, or null. A path naming one of the owner's resources
   * (an id, the owner's tenant, or for another subject the owner's candidate id) must be refused. A
   * path naming the caller's own subject in its own tenant is the caller's own record, which may
   * exist; its answer must hold nothing of the owner's.
   */
  private static String verdict(
      Operation operation, Caller other, Http.Answer answer, String ownersAnswer) {
    if (answer.status() >= 500) {
      return "a server error";
    }
    List<String> parameters = operation.pathParameters();
    boolean namesOwnersResource =
        parameters.stream().anyMatch(p -> !p.equals("candidateId") || other == Caller.NEIGHBOUR);
    if (namesOwnersResource) {
      if (answer.status() != 403 && answer.status() != 404) {
        return "not 403 or 404";
      }
      if (!answer.isProblem()) {
        return "not a problem body";
      }
    }
    List<String> leaked = owner.personalData().stream().filter(answer.body()::contains).toList();
    List<String> ids =
        List.of(
            owner.opportunityId,
            owner.completedInterviewId,
            owner.scheduledInterviewId,
            owner.referenceId,
            owner.stepId,
            owner.subscriptionId);
    boolean namesAnId = ids.stream().anyMatch(id -> answer.body().contains("\"" + id + "\""));
    if (!leaked.isEmpty() || (answer.status() < 300 && namesAnId)) {
      return "the owner's data in the answer " + leaked;
    }
    if (answer.status() < 300
        && ownersAnswer != null
        && ownersAnswer.startsWith("200")
        && ownersAnswer.endsWith(" " + answer.body())
        && answer.body().length() > 2) {
      return "the same answer the owner gets";
    }
    return null;
  }

  private static Http.Answer call(Operation operation, String url, String token) {
    byte[] body = null;
    String contentType = null;
    if (operation.hasBody()) {
      contentType =
          operation.bodyMediaType() == null ? "application/json" : operation.bodyMediaType();
      body = validBody(operation).getBytes(StandardCharsets.UTF_8);
    }
    return Http.send(operation.method(), url, token, contentType, body, Map.of("If-Match", "*"));
  }

  /**
   * A body the owner could send, so that only the caller's identity can be what refuses it: had the
   * service let another caller through, the owner's records would change.
   */
  private static String validBody(Operation operation) {
    return switch (operation.method() + " " + operation.path()) {
      case "PATCH /opportunities/{id}" -> "{\"company\":\"Taken Over Inc\"}";
      case "PUT /opportunities/{id}/outcome" -> "{\"outcome\":\"WITHDRAWN\"}";
      case "POST /opportunities/{id}/interviews" -> owner.interviewBody(List.of());
      case "POST /opportunities/{id}/replies" ->
          "{\"receivedAt\":\"2026-01-02T09:12:00Z\",\"summary\":\"x\"}";
      case "PUT /interviews/{id}" -> owner.interviewBody(owner.interviewerIds);
      case "POST /interviews/{id}/thank-you-review" ->
          "{\"drafts\":[{\"interviewerId\":\"%s\",\"text\":\"Thank you.\"}]}"
              .formatted(owner.interviewerIds.get(0));
      case "PUT /references/{id}" -> owner.referenceBody().replace("Former manager", "Taken over");
      case "POST /steps/{stepId}/snooze" -> "{\"until\":\"2031-01-01T10:00:00Z\"}";
      // Not the owner's own settings: a caller allowed to store its own (the same subject id in
      // another tenant) must get back what it stored, not what the owner did.
      case "PUT /policy/tenants/{tenantId}", "PUT /policy/candidates/{candidateId}" ->
          RecordedCandidate.policyBody()
              .replace("\"thankYouDelayMinutes\":45", "\"thankYouDelayMinutes\":46");
      case "PUT /candidates/{candidateId}/preferences" -> "{\"email\":\"attacker@evil.example\"}";
      case "POST /candidates/{candidateId}/push-subscriptions" ->
          RecordedCandidate.subscriptionBody();
      default -> "{}";
    };
  }

  private static boolean isPublic(Operation operation) {
    String path = operation.path();
    return path.startsWith("/q/")
        || path.equals("/push/vapid-public-key")
        || path.startsWith("/webhooks/twilio/")
        || path.toLowerCase().contains("unsubscribe");
  }

  private static void assumeAuthenticated(String service, OpenApiDocument document) {
    assumeTrue(
        document.declaresBearerAuthentication(),
        service
            + " declares no bearer authentication in its OpenAPI document: its JWT support is"
            + " not in this build yet, so its access rules cannot be checked");
  }

  private static Http.Answer postForm(String url, String form, Map<String, String> headers) {
    return Http.send(
        "POST",
        url,
        null,
        "application/x-www-form-urlencoded",
        form.getBytes(StandardCharsets.UTF_8),
        headers);
  }

  /** Twilio's request signature: HMAC-SHA1 over the URL and the sorted parameters, base64. */
  private static String twilioSignature(
      String authToken, String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    new java.util.TreeMap<>(params)
        .forEach((name, values) -> values.forEach(value -> data.append(name).append(value)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path root() {
    return Path.of(System.getProperty("followup.root", "..")).toAbsolutePath().normalize();
  }
}
