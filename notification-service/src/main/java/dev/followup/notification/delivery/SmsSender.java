package dev.followup.notification.delivery;

import dev.followup.database.TransientFailures;
import dev.followup.notification.domain.Channel;
import dev.followup.notification.persistence.Candidates;
import dev.followup.notification.persistence.Deliveries;
import dev.followup.notification.persistence.Delivery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends a reminder as an SMS through the configured {@link SmsProvider}, at most once per delivery
 * even if the process dies mid-send.
 *
 * <p>The crash between sending and recording, reasoned out. Each send goes:
 *
 * <ol>
 *   <li>record {@code send_started_at} (committed; on a first attempt in the transaction that
 *       checks the number has not opted out);
 *   <li>POST to the provider;
 *   <li>record the provider's message id (committed) as soon as it answers;
 *   <li>the dispatcher marks the delivery sent.
 * </ol>
 *
 * A crash after 3 leaves a provider id: the delivery, claimed again when its lease ends, is marked
 * sent without another request. A crash between 2 and 3 (the provider accepted, nobody recorded it)
 * leaves {@code send_started_at} without a provider id: the next attempt first asks the provider
 * for a message to that number with that body since then, and records it instead of sending again.
 * The status callback, whose URL names the delivery, also records the id if it comes first. A crash
 * before 2 finds nothing and sends: correct, since nothing went out. What remains is a provider
 * that accepted the message but does not list it yet at the next attempt, minutes later: the lease
 * makes that window far longer than the provider's listing delay.
 */
@ApplicationScoped
public class SmsSender implements ChannelSender {

  /** Clock skew allowed between this service and the provider when matching a sent message. */
  private static final Duration SKEW = Duration.ofMinutes(2);

  private final Instance<SmsProvider> providers;
  private final TwilioConfig config;
  private final Candidates candidates;
  private final Deliveries deliveries;
  private final Clock clock;

  SmsSender(
      Instance<SmsProvider> providers,
      TwilioConfig config,
      Candidates candidates,
      Deliveries deliveries,
      Clock clock) {
    this.providers = providers;
    this.config = config;
    this.candidates = candidates;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  @Override
  public void send(Delivery delivery, RenderedMessage message) {
    // One segment of 160 where close letters allow, rather than UCS-2's 70 for one accent.
    String body = Gsm7.fitted(message.shortText());
    SmsProvider provider = provider();
    String to = delivery.address;
    if (to == null || to.isBlank()) {
      throw DeliveryFailure.permanent("The candidate has no phone number");
    }
    if (delivery.providerMessageId == null && delivery.sendStartedAt == null) {
      // The first attempt: the opt-out check and the mark that a send starts, one transaction.
      boolean optedOut =
          QuarkusTransaction.requiringNew()
              .call(
                  () -> {
                    if (candidates.isOptedOut(to)) {
                      return true;
                    }
                    deliveries.recordSendStarted(delivery.id, clock.instant());
                    return false;
                  });
      if (optedOut) {
        throw DeliveryFailure.permanent("The candidate's number opted out of SMS");
      }
      SmsProvider.Receipt receipt = sendOrRecordOptOut(provider, to, body, delivery);
      record(delivery, receipt);
      return;
    }
    if (QuarkusTransaction.requiringNew().call(() -> candidates.isOptedOut(to))) {
      throw DeliveryFailure.permanent("The candidate's number opted out of SMS");
    }
    if (delivery.providerMessageId != null) {
      return; // Accepted on an earlier attempt whose outcome was not recorded.
    }
    if (delivery.sendStartedAt != null) {
      Optional<SmsProvider.Receipt> earlier =
          provider.findAccepted(to, body, delivery.sendStartedAt.minus(SKEW));
      if (earlier.isPresent()) {
        record(delivery, earlier.get());
        return;
      }
    }
    QuarkusTransaction.requiringNew()
        .run(() -> deliveries.recordSendStarted(delivery.id, clock.instant()));
    SmsProvider.Receipt receipt = sendOrRecordOptOut(provider, to, body, delivery);
    record(delivery, receipt);
  }

  /**
   * Sends; a number the provider reports as opted out with it is recorded so, as a STOP through the
   * webhook would be, and this channel is over for the reminder.
   */
  private SmsProvider.Receipt sendOrRecordOptOut(
      SmsProvider provider, String to, String body, Delivery delivery) {
    try {
      return provider.send(to, body, delivery.id.toString());
    } catch (SmsProvider.RecipientOptedOut e) {
      QuarkusTransaction.requiringNew().run(() -> candidates.optOut(to, clock.instant()));
      throw DeliveryFailure.permanent(
          "The candidate's number opted out of SMS with the provider: " + e.getMessage());
    }
  }

  /**
   * Records the provider's message id, waiting out a database outage: the message is out, and
   * recording it now spares the next attempt the look-up at the provider.
   */
  private void record(Delivery delivery, SmsProvider.Receipt receipt) {
    TransientFailures.retrying(
        () ->
            QuarkusTransaction.requiringNew()
                .call(
                    () -> {
                      deliveries.recordProviderMessage(
                          delivery.id, receipt.messageId(), receipt.status());
                      return null;
                    }));
  }

  private SmsProvider provider() {
    for (SmsProvider provider : providers) {
      if (provider.name().equals(config.provider())) {
        if (!provider.isConfigured()) {
          throw DeliveryFailure.permanent("SMS provider " + provider.name() + " not configured");
        }
        return provider;
      }
    }
    throw DeliveryFailure.permanent("No SMS provider named " + config.provider());
  }
}
