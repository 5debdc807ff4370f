package dev.followup.schedule.application.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Data of the {@code dev.followup.schedule.follow-up-due.v1} CloudEvent. Its JSON Schema is {@code
 * schemas/follow-up-due.v1.json}; change both together.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FollowUpDueV1(
    String stepId,
    String tenantId,
    String kind,
    String action,
    int sequence,
    String channel,
    String rule,
    Instant dueAt,
    Instant windowEnd,
    String interviewId,
    String opportunityId,
    OffsetDateTime interviewEndedAt,
    String company,
    String role,
    Candidate candidate,
    Recipient recipient) {

  public static final String TYPE = "dev.followup.schedule.follow-up-due.v1";
  public static final String TOPIC = "follow-ups-due";

  public record Candidate(String id, String name, String email, String timeZone) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Recipient(
      String id,
      String name,
      String title,
      String email,
      String phone,
      String mailingAddress,
      String timeZone,
      List<String> topics) {}
}
