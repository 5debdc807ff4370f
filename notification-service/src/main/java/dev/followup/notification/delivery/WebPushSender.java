package dev.followup.notification.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.PushEndpointRule;
import dev.followup.notification.domain.ReminderCategory;
import dev.followup.notification.persistence.Candidates;
import dev.followup.notification.persistence.Delivery;
import dev.followup.notification.persistence.PushSubscription;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.martijndwars.webpush.Notification;
import nl.martijndwars.webpush.Urgency;
import org.jboss.logging.Logger;
import org.jose4j.lang.JoseException;

/**
 * Sends a reminder as a Web Push message to every browser or device the candidate subscribed:
 * payload encrypted per RFC 8291 ({@code aes128gcm}), the request signed with VAPID (RFC 8292), by
 * the web-push library; the request goes out through the JDK's HTTP client.
 *
 * <p>Headers: {@code TTL} and {@code Urgency} by the sort of reminder (calls high and short-lived,
 * nudges low and long-lived; never beyond the step's window), and {@code Topic} derived from the
 * step id, so that a push service still holding an undelivered reminder for the step replaces it
 * with the newer one rather than showing both. The payload's {@code tag} is the step id too, for
 * the service worker to replace a notification already shown: that also folds away a reminder sent
 * twice because the process died between sending and recording.
 *
 * <p>A subscription the push service reports gone (404, 410) is removed, and so is one whose URL
 * the {@link PushEndpointRule} no longer takes (stored before the rule, say) without posting to it.
 * The reminder counts as delivered if one subscription took it; it fails for good (and falls back
 * to the next channel) if there is none or none can take it, and is retried if a push service
 * answered 429 or 5xx.
 */
@ApplicationScoped
public class WebPushSender implements ChannelSender {

  private static final Logger LOG = Logger.getLogger(WebPushSender.class);

  /** Headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> RESTRICTED =
      Set.of("content-length", "host", "connection", "expect", "upgrade");

  private final PushConfig config;
  private final Candidates candidates;
  private final ObjectMapper objectMapper;
  private final Clock clock;
  private final HttpClient http;
  private final PushRequests requests;

  WebPushSender(PushConfig config, Candidates candidates, ObjectMapper objectMapper, Clock clock) {
    this.config = config;
    this.candidates = candidates;
    this.objectMapper = objectMapper;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    this.requests = PushRequests.of(config.vapid(), clock).orElse(null);
  }

  @Override
  public Channel channel() {
    return Channel.PUSH;
  }

  @Override
  public void send(Delivery delivery, RenderedMessage message) {
    if (requests == null) {
      throw DeliveryFailure.permanent("Web Push is not configured (no VAPID key pair)");
    }
    List<PushSubscription> subscriptions =
        QuarkusTransaction.requiringNew()
            .call(() -> candidates.pushSubscriptions(delivery.tenantId, delivery.candidateId));
    if (subscriptions.isEmpty()) {
      throw DeliveryFailure.permanent("The candidate has no push subscription");
    }
    byte[] payload = payload(message);
    int delivered = 0;
    List<String> errors = new ArrayList<>();
    DeliveryFailure transientFailure = null;
    for (PushSubscription subscription : subscriptions) {
      Optional<String> refusal =
          PushEndpointRule.refusal(subscription.endpoint, config.allowInsecureEndpoints());
      if (refusal.isPresent()) {
        // Stored before the rule, or by other means: never posted to, and never taken again.
        LOG.warnf(
            "Push subscription %s names a push service URL that %s; removing it",
            subscription.id, refusal.get());
        QuarkusTransaction.requiringNew().run(() -> candidates.removeSubscription(subscription.id));
        errors.add("refused: the push service URL " + refusal.get());
        continue;
      }
      try {
        int status = push(subscription, message, payload);
        if (status >= 200 && status < 300) {
          delivered++;
        } else if (status == 404 || status == 410) {
          LOG.infof("Push subscription %s is gone (%d); removing it", subscription.id, status);
          QuarkusTransaction.requiringNew()
              .run(() -> candidates.removeSubscription(subscription.id));
          errors.add("gone (" + status + ")");
        } else {
          errors.add("push service answered " + status);
        }
      } catch (DeliveryFailure e) {
        transientFailure = e;
        errors.add(e.getMessage());
      }
    }
    if (delivered > 0) {
      return;
    }
    if (transientFailure != null) {
      throw transientFailure;
    }
    throw DeliveryFailure.permanent("No push subscription took the message: " + errors);
  }

  /** Sends to one subscription; returns the push service's status, or throws if worth a retry. */
  private int push(PushSubscription subscription, RenderedMessage message, byte[] payload) {
    PushRequests.Prepared prepared;
    try {
      Notification built =
          Notification.builder()
              .endpoint(subscription.endpoint)
              .userPublicKey(Base64.getUrlDecoder().decode(subscription.p256dh))
              .userAuth(Base64.getUrlDecoder().decode(subscription.auth))
              .payload(payload)
              .ttl((int) ttl(message).toSeconds())
              .urgency(urgency(message.category()))
              .topic(topic(message))
              .build();
      prepared = requests.prepare(built);
    } catch (GeneralSecurityException | JoseException | RuntimeException e) {
      // A key that cannot be used: this subscription will never work.
      LOG.warnf("Push subscription %s cannot be encrypted to: %s", subscription.id, e);
      return 400;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(prepared.url()))
            .timeout(config.timeout())
            .POST(HttpRequest.BodyPublishers.ofByteArray(prepared.body()));
    prepared
        .headers()
        .forEach(
            (name, value) -> {
              if (!RESTRICTED.contains(name.toLowerCase())) {
                request.header(name, value);
              }
            });
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw DeliveryFailure.temporary("Push service unreachable: " + e, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryFailure.temporary("Interrupted while pushing", null, e);
    }
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      throw DeliveryFailure.temporary(
          "Push service answered " + status,
          TwilioSmsProvider.retryAfter(response).orElse(null),
          null);
    }
    return status;
  }

  private byte[] payload(RenderedMessage message) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("title", message.title());
    data.put("body", message.shortText());
    data.put("url", message.link());
    data.put("tag", message.stepId() == null ? null : message.stepId().toString());
    try {
      return objectMapper.writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** At most the category's TTL, never past the step's window, at least a minute. */
  Duration ttl(RenderedMessage message) {
    Duration ttl =
        switch (message.category()) {
          case CALL -> config.callTtl();
          case DRAFT -> config.draftTtl();
          case NUDGE -> config.nudgeTtl();
        };
    if (message.windowEnd() != null) {
      Duration left = Duration.between(clock.instant(), message.windowEnd());
      if (left.compareTo(ttl) < 0) {
        ttl = left;
      }
    }
    return ttl.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : ttl;
  }

  static Urgency urgency(ReminderCategory category) {
    return switch (category) {
      case CALL -> Urgency.HIGH;
      case DRAFT -> Urgency.NORMAL;
      case NUDGE -> Urgency.LOW;
    };
  }

  /** The step id as 32 characters of the base64url alphabet, as RFC 8030 allows for a topic. */
  static String topic(RenderedMessage message) {
    return message.stepId() == null ? null : message.stepId().toString().replace("-", "");
  }
}
