package dev.followup.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.infra.LocalPushService;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The push notifications the stand-in push service accepted, as the browser would show them once
 * decrypted: title, text and link of the JSON payload, with the TTL, urgency and topic the
 * notification-service asked for.
 */
final class CapturedPush implements CapturedMessage.Source {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalPushService service;

  CapturedPush(LocalPushService service) {
    this.service = service;
  }

  @Override
  public List<CapturedMessage> get() {
    List<CapturedMessage> messages = new ArrayList<>();
    for (LocalPushService.Received received : service.received()) {
      messages.add(captured(received, received.receivedAt()));
    }
    return messages;
  }

  private static CapturedMessage captured(LocalPushService.Received push, Instant at) {
    String details =
        "TTL %d s, urgency %s%s"
            .formatted(
                push.ttl(), push.urgency(), push.topic() == null ? "" : ", topic " + push.topic());
    String to = "subscription " + push.subscriptionId();
    try {
      JsonNode payload = JSON.readTree(push.payload());
      String body = payload.path("body").asText("");
      String link = payload.path("url").asText("");
      return new CapturedMessage(
          "push",
          at,
          to,
          payload.path("title").asText(""),
          link.isEmpty() || body.contains(link) ? body : body + "\n" + link,
          details);
    } catch (IOException e) {
      return new CapturedMessage("push", at, to, "", push.payload(), details);
    }
  }
}
