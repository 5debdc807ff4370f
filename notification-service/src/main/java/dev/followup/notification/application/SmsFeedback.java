package dev.followup.notification.application;

import dev.followup.notification.domain.Channel;
import dev.followup.notification.metrics.NotificationMetrics;
import dev.followup.notification.metrics.NotificationMetrics.Result;
import dev.followup.notification.persistence.Candidates;
import dev.followup.notification.persistence.Deliveries;
import dev.followup.notification.persistence.Delivery;
import dev.followup.notification.persistence.NotificationEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/** What the SMS provider tells us: how a message fared, and what candidates text back. */
@ApplicationScoped
@Transactional
public class SmsFeedback {

  private static final Logger LOG = Logger.getLogger(SmsFeedback.class);

  /** Words that opt a number out, as carriers and Twilio recognise them (case-insensitive). */
  static final Set<String> STOP_WORDS =
      Set.of(
          "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT");

  static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES");
  static final Set<String> HELP_WORDS = Set.of("HELP", "INFO");

  /** Twilio's error code for a message to a number that opted out. */
  static final String UNSUBSCRIBED_RECIPIENT = "21610";

  /** What an inbound message asked for. */
  public enum Keyword {
    STOP,
    START,
    HELP,
    NONE
  }

  private final Deliveries deliveries;
  private final Candidates candidates;
  private final NotificationEvents events;
  private final Clock clock;
  private final NotificationMetrics metrics;

  SmsFeedback(
      Deliveries deliveries,
      Candidates candidates,
      NotificationEvents events,
      Clock clock,
      NotificationMetrics metrics) {
    this.metrics = metrics;
    this.deliveries = deliveries;
    this.events = events;
    this.candidates = candidates;
    this.clock = clock;
  }

  /**
   * Records a message status. A message that never reached the phone (failed, undelivered) gives up
   * its delivery and hands the reminder to the candidate's next channel.
   */
  public void statusReported(
      String messageId, String deliveryReference, String status, String errorCode) {
    UUID deliveryId = parse(deliveryReference);
    Optional<Delivery> delivery =
        deliveries.recordProviderStatus(messageId, deliveryId, status.toLowerCase(Locale.ROOT));
    if (delivery.isEmpty()) {
      LOG.debugf(
          "Status %s for message %s: an unknown message, or behind the status recorded",
          status, messageId);
      return;
    }
    if (UNSUBSCRIBED_RECIPIENT.equals(errorCode) && delivery.get().address != null) {
      candidates.optOut(delivery.get().address, clock.instant());
    }
    if (status.equalsIgnoreCase("failed") || status.equalsIgnoreCase("undelivered")) {
      String reason = "SMS " + status + (errorCode == null ? "" : " (error " + errorCode + ")");
      Instant now = clock.instant();
      deliveries
          .markUndelivered(delivery.get().id, reason, now)
          .ifPresent(
              next -> {
                events.failed(delivery.get().id, now, reason, next.orElse(null));
                metrics.delivery(Channel.SMS, Result.FAILED);
                next.ifPresent(channel -> metrics.delivery(Channel.SMS, Result.FALLBACK));
                LOG.infof("SMS %s was %s; falling back to %s", messageId, status, next);
              });
    }
  }

  /** Handles a message a candidate sent to our number. */
  public Keyword inbound(String from, String body) {
    Keyword keyword = keyword(body);
    switch (keyword) {
      case STOP -> candidates.optOut(from, clock.instant());
      case START -> candidates.optIn(from);
      default -> {}
    }
    return keyword;
  }

  static Keyword keyword(String body) {
    if (body == null) {
      return Keyword.NONE;
    }
    String word = body.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    if (STOP_WORDS.contains(word)) {
      return Keyword.STOP;
    }
    if (START_WORDS.contains(word)) {
      return Keyword.START;
    }
    if (HELP_WORDS.contains(word)) {
      return Keyword.HELP;
    }
    return Keyword.NONE;
  }

  private static UUID parse(String reference) {
    try {
      return reference == null ? null : UUID.fromString(reference);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
