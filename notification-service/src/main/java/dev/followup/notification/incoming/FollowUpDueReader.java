package dev.followup.notification.incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.notification.domain.FollowUpDue;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Reads the data of a {@code FollowUpDue} v1 event, checking what its JSON Schema (owned by the
 * schedule-service) requires: the step, the candidate and, when there is a recipient, its name.
 * Fields it does not know are ignored, so that the producer may add optional ones; an enum value it
 * does not know (a kind, an action, a channel) breaks the contract and is rejected.
 */
@ApplicationScoped
public class FollowUpDueReader {

  /** The CloudEvent type this reader understands. */
  public static final String TYPE = "dev.followup.schedule.follow-up-due.v1";

  /** Required fields, as JSON pointers, in the order of the schema. */
  private static final List<String> REQUIRED =
      List.of(
          "/stepId",
          "/kind",
          "/channel",
          "/rule",
          "/dueAt",
          "/windowEnd",
          "/interviewId",
          "/company",
          "/role",
          "/candidate/id",
          "/candidate/name",
          "/candidate/email",
          "/candidate/timeZone");

  private final ObjectMapper objectMapper;

  FollowUpDueReader(ObjectMapper objectMapper) {
    this.objectMapper = objectMapper;
  }

  /**
   * Parses and checks the event data.
   *
   * @throws UnreadableEventException if the data is not JSON or breaks the contract
   */
  public FollowUpDue read(String data) {
    if (data == null || data.isBlank()) {
      throw new UnreadableEventException("FollowUpDue data is empty");
    }
    JsonNode tree;
    try {
      tree = objectMapper.readTree(data);
    } catch (JsonProcessingException e) {
      throw new UnreadableEventException(
          "FollowUpDue data is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new UnreadableEventException("FollowUpDue data is not a JSON object");
    }
    List<String> missing =
        REQUIRED.stream().filter(pointer -> isAbsent(tree.at(pointer))).map(this::field).toList();
    if (!missing.isEmpty()) {
      throw new UnreadableEventException(
          "FollowUpDue data misses required field(s): " + String.join(", ", missing));
    }
    JsonNode recipient = tree.path("recipient");
    if (!recipient.isMissingNode() && !recipient.isNull()) {
      // The recipient is optional (absent for steps that concern the candidate alone), but one that
      // is there names the person.
      if (!recipient.isObject() || isAbsent(recipient.path("name"))) {
        throw new UnreadableEventException(
            "FollowUpDue data misses required field(s): recipient.name");
      }
      JsonNode topics = recipient.path("topics");
      if (!topics.isMissingNode() && !topics.isNull() && !topics.isArray()) {
        throw new UnreadableEventException("FollowUpDue recipient.topics is not an array");
      }
    }
    try {
      return objectMapper
          .readerFor(FollowUpDue.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .treeToValue(tree, FollowUpDue.class);
    } catch (JsonProcessingException e) {
      throw new UnreadableEventException(
          "FollowUpDue data does not match the contract: " + e.getOriginalMessage(), e);
    }
  }

  private static boolean isAbsent(JsonNode node) {
    return node.isMissingNode() || node.isNull() || (node.isTextual() && node.asText().isBlank());
  }

  private String field(String pointer) {
    return pointer.substring(1).replace('/', '.');
  }
}
