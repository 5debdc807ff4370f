package dev.followup.notification.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SMS through Twilio's Messaging REST API: {@code POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json}, form-encoded, HTTP Basic with the account SID
 * and auth token. A plain JDK HTTP client, so that the base URL can point at any server speaking
 * the API (a regional edge, a test double).
 *
 * <p>Twilio takes no idempotency key on this endpoint. A send whose answer was lost is recognised
 * afterwards by listing the messages to the number and matching the body ({@link #findAccepted}).
 */
@ApplicationScoped
public class TwilioSmsProvider implements SmsProvider {

  /** Twilio's error for a number that replied STOP. */
  static final int UNSUBSCRIBED_RECIPIENT = 21610;

  private final TwilioConfig.Twilio config;
  private final ObjectMapper objectMapper;
  private final HttpClient http;

  TwilioSmsProvider(TwilioConfig config, ObjectMapper objectMapper) {
    this.config = config.twilio();
    this.objectMapper = objectMapper;
    this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
  }

  @Override
  public String name() {
    return "twilio";
  }

  @Override
  public boolean isConfigured() {
    return config.accountSid().isPresent()
        && config.authToken().isPresent()
        && (config.from().isPresent() || config.messagingServiceSid().isPresent());
  }

  @Override
  public Receipt send(String to, String body, String reference) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", to);
    config
        .messagingServiceSid()
        .ifPresentOrElse(
            sid -> form.put("MessagingServiceSid", sid),
            () -> form.put("From", config.from().orElseThrow()));
    form.put("Body", body);
    config
        .publicUrl()
        .ifPresent(
            url ->
                form.put(
                    "StatusCallback",
                    url.replaceAll("/+$", "")
                        + "/webhooks/twilio/status?delivery="
                        + encode(reference)));
    HttpRequest request =
        authorized(HttpRequest.newBuilder(messagesUri("")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encodeForm(form)))
            .build();
    JsonNode answer = exchange(request);
    return new Receipt(answer.path("sid").asText(), answer.path("status").asText(null));
  }

  @Override
  public Optional<Receipt> findAccepted(String to, String body, Instant since) {
    HttpRequest request =
        authorized(HttpRequest.newBuilder(messagesUri("?To=" + encode(to) + "&PageSize=50")))
            .GET()
            .build();
    JsonNode answer = exchange(request);
    for (JsonNode message : answer.path("messages")) {
      if (body.equals(message.path("body").asText())
          && !createdAt(message).map(at -> at.isBefore(since)).orElse(true)) {
        return Optional.of(
            new Receipt(message.path("sid").asText(), message.path("status").asText(null)));
      }
    }
    return Optional.empty();
  }

  private JsonNode exchange(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw DeliveryFailure.temporary("Twilio unreachable: " + e, null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryFailure.temporary("Interrupted while calling Twilio", null, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      try {
        return objectMapper.readTree(response.body());
      } catch (IOException e) {
        throw DeliveryFailure.temporary("Unreadable answer from Twilio: " + e, null, e);
      }
    }
    String error = "Twilio answered " + status + ": " + describe(response.body());
    if (errorCode(response.body()) == UNSUBSCRIBED_RECIPIENT) {
      throw new RecipientOptedOut(error);
    }
    if (status == 429 || status >= 500) {
      throw DeliveryFailure.temporary(error, retryAfter(response).orElse(null), null);
    }
    // Any other 4xx (bad number, unsubscribed recipient, bad credentials): sending the same
    // request again will not help.
    throw DeliveryFailure.permanent(error);
  }

  /** Twilio's error code in an error answer's body; 0 if it has none. */
  private int errorCode(String body) {
    try {
      return objectMapper.readTree(body).path("code").asInt(0);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private String describe(String body) {
    try {
      JsonNode error = objectMapper.readTree(body);
      return error.path("code").asText("?") + " " + error.path("message").asText("");
    } catch (IOException | RuntimeException e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }

  /** Retry-After in seconds or as an HTTP date. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            value -> {
              try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
              } catch (NumberFormatException e) {
                try {
                  ZonedDateTime at =
                      ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                  Duration wait = Duration.between(Instant.now(), at.toInstant());
                  return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (DateTimeParseException unparsable) {
                  return Optional.empty();
                }
              }
            });
  }

  private static Optional<Instant> createdAt(JsonNode message) {
    try {
      return Optional.of(
          ZonedDateTime.parse(
                  message.path("date_created").asText(), DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private URI messagesUri(String query) {
    return URI.create(
        config.baseUrl().replaceAll("/+$", "")
            + "/2010-04-01/Accounts/"
            + encode(config.accountSid().orElseThrow())
            + "/Messages.json"
            + query);
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
    String credentials = config.accountSid().orElseThrow() + ":" + config.authToken().orElseThrow();
    return builder
        .timeout(config.timeout())
        .header("Accept", "application/json")
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  private static String encodeForm(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
