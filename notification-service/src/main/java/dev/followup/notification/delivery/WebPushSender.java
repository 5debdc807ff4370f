package dev.followup.notification.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.ReminderCategory;
import dev.followup.notification.persistence.Candidates;
import dev.followup.notification.persistence.Delivery;
import dev.followup.notification.persistence.PushSubscription;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.martijndwars.webpush.AbstractPushService;
import nl.martijndwars.webpush.Encoding;
import nl.martijndwars.webpush.HttpRequest;
import nl.martijndwars.webpush.Notification;
import nl.martijndwars.webpush.Urgency;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
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
 * <p>A subscription the push service reports gone (404, 410) is removed. The reminder counts as
 * delivered if one subscription took it; it fails for good (and falls back to the next channel) if
 * there is none or none can take it, and is retried if a push service answered 429 or 5xx.
 */
@ApplicationScoped
public class WebPushSender implements ChannelSender {

  private static final Logger LOG = Logger.getLogger(WebPushSender.class);

  /** Headers the JDK client sets itself and refuses to be given. */
  private static final Set<String> RESTRICTED =
      Set.of("content-length", "host", "connection", "expect", "upgrade");

  static {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  private final PushConfig config;
  private final Candidates candidates;
  private final ObjectMapper objectMapper;
  private final Clock clock;
  private final HttpClient http;
  private final RequestPreparer preparer;

  WebPushSender(PushConfig config, Candidates candidates, ObjectMapper objectMapper, Clock clock) {
    this.config = config;
    this.candidates = candidates;
    this.objectMapper = objectMapper;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    this.preparer = RequestPreparer.of(config.vapid()).orElse(null);
  }

  @Override
  public Channel channel() {
    return Channel.PUSH;
  }

  @Override
  public void send(Delivery delivery, RenderedMessage message) {
    if (preparer == null) {
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
    HttpRequest prepared;
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
      prepared = preparer.prepare(new OriginNotification(built));
    } catch (GeneralSecurityException | IOException | JoseException | RuntimeException e) {
      // A key that cannot be used: this subscription will never work.
      LOG.warnf("Push subscription %s cannot be encrypted to: %s", subscription.id, e);
      return 400;
    }
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(URI.create(prepared.getUrl()))
            .timeout(config.timeout())
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(prepared.getBody()));
    prepared
        .getHeaders()
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

  /**
   * A notification whose origin keeps the endpoint's port. The library's drops it, so the VAPID
   * token's {@code aud} would name another origin for a push service on a non-default port (RFC
   * 8292 wants the origin, RFC 6454, port included); for the usual https endpoints on 443 both
   * agree.
   */
  static final class OriginNotification extends Notification {

    OriginNotification(Notification built) {
      super(
          built.getEndpoint(),
          built.getUserPublicKey(),
          built.getUserAuth(),
          built.getPayload(),
          built.getTTL(),
          built.getUrgency(),
          built.getTopic());
    }

    @Override
    public String getOrigin() throws MalformedURLException {
      URL url = new URL(getEndpoint());
      boolean defaultPort = url.getPort() == -1 || url.getPort() == url.getDefaultPort();
      return url.getProtocol() + "://" + url.getHost() + (defaultPort ? "" : ":" + url.getPort());
    }
  }

  /** The library's request preparation (encryption, VAPID), without its HTTP clients. */
  static final class RequestPreparer extends AbstractPushService<RequestPreparer> {

    private RequestPreparer(String publicKey, String privateKey, String subject)
        throws GeneralSecurityException {
      super(publicKey, privateKey, subject);
    }

    static Optional<RequestPreparer> of(PushConfig.Vapid vapid) {
      if (vapid.publicKey().isEmpty() || vapid.privateKey().isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new RequestPreparer(
                vapid.publicKey().get(), vapid.privateKey().get(), vapid.subject()));
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new IllegalStateException("The VAPID key pair cannot be read: " + e, e);
      }
    }

    HttpRequest prepare(Notification notification)
        throws GeneralSecurityException, IOException, JoseException {
      return prepareRequest(notification, Encoding.AES128GCM);
    }
  }
}
