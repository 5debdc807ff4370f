package dev.followup.benchmarks;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * What db-scheduler keeps as a task's data: the step and its interview, as the schedule-service
 * keeps them in its two tables, turned into the same FollowUpDue data when the task runs.
 */
record DueStep(
    String stepId,
    String tenantId,
    String interviewId,
    String opportunityId,
    String candidateId,
    String candidateName,
    String candidateEmail,
    String candidateTimeZone,
    String company,
    String role,
    Instant interviewEndedAt,
    String interviewTimeZone,
    String kind,
    String action,
    int sequence,
    String channel,
    String rule,
    Instant dueAt,
    Instant windowEnd,
    String recipientId,
    String recipientName,
    String recipientTitle,
    String recipientEmail,
    String recipientTimeZone,
    List<String> recipientTopics)
    implements Serializable {

  static final String TYPE = "dev.followup.schedule.follow-up-due.v1";

  /** Step {@code i} of a generated plan: three thank-you emails per interview. */
  static DueStep generated(String prefix, int i, Instant dueAt) {
    int interview = i / 3;
    int recipient = i % 3;
    String interviewId =
        java.util
            .UUID
            .nameUUIDFromBytes(
                (prefix + "/interview/" + interview).getBytes(StandardCharsets.UTF_8))
            .toString();
    return new DueStep(
        java.util
            .UUID
            .nameUUIDFromBytes((prefix + "/step/" + i).getBytes(StandardCharsets.UTF_8))
            .toString(),
        "benchmark",
        interviewId,
        interviewId,
        "candidate-" + interview,
        "Sam Rivera",
        "sam@example.com",
        "America/Chicago",
        "Acme Corp",
        "Backend engineer",
        dueAt.minusSeconds(86_400),
        "America/Chicago",
        "THANK_YOU_EMAIL",
        "EMAIL",
        1,
        "EMAIL",
        prefix,
        dueAt,
        dueAt.plusSeconds(2 * 86_400),
        "interviewer-" + recipient,
        List.of("Dana Lee", "Ari Cohen", "Kim Park").get(recipient),
        "Engineering manager",
        List.of("dana@acme.example", "ari@acme.example", "kim@acme.example").get(recipient),
        "America/Chicago",
        List.of("the billing migration", "on-call culture"));
  }

  /** The FollowUpDue data, with the fields and layout of the schedule-service's FollowUpDueV1. */
  String followUpDueJson() {
    StringBuilder json = new StringBuilder(1024).append('{');
    field(json, "stepId", stepId).append(',');
    field(json, "tenantId", tenantId).append(',');
    field(json, "kind", kind).append(',');
    field(json, "action", action).append(',');
    json.append("\"sequence\":").append(sequence).append(',');
    field(json, "channel", channel).append(',');
    field(json, "rule", rule).append(',');
    field(json, "dueAt", dueAt.toString()).append(',');
    field(json, "windowEnd", windowEnd.toString()).append(',');
    field(json, "interviewId", interviewId).append(',');
    field(json, "opportunityId", opportunityId).append(',');
    field(
            json,
            "interviewEndedAt",
            interviewEndedAt.atZone(ZoneId.of(interviewTimeZone)).toOffsetDateTime().toString())
        .append(',');
    field(json, "company", company).append(',');
    field(json, "role", role).append(',');
    json.append("\"candidate\":{");
    field(json, "id", candidateId).append(',');
    field(json, "name", candidateName).append(',');
    field(json, "email", candidateEmail).append(',');
    field(json, "timeZone", candidateTimeZone).append("},");
    json.append("\"recipient\":{");
    field(json, "id", recipientId).append(',');
    field(json, "name", recipientName).append(',');
    field(json, "title", recipientTitle).append(',');
    field(json, "email", recipientEmail).append(',');
    field(json, "timeZone", recipientTimeZone).append(',');
    json.append("\"topics\":[");
    for (int i = 0; i < recipientTopics.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      string(json, recipientTopics.get(i));
    }
    return json.append("]}}").toString();
  }

  private static StringBuilder field(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":");
    return string(json, value);
  }

  /** A JSON string: quotes, backslashes and control characters escaped. */
  static StringBuilder string(StringBuilder json, String value) {
    if (value == null) {
      return json.append("null");
    }
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    return json.append('"');
  }
}
