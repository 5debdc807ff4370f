package dev.followup.notification.delivery;

import java.time.Instant;
import java.util.Optional;

/**
 * An SMS gateway. Twilio's is the one built in; another provider sits beside it by implementing
 * this and being selected with {@code sms.provider}.
 */
public interface SmsProvider {

  /** The name {@code sms.provider} selects it by. */
  String name();

  /** Whether it has what it needs to send (credentials, a sender). */
  boolean isConfigured();

  /**
   * Hands one message to the provider.
   *
   * @param reference the delivery id, passed back in status callbacks
   * @return the provider's receipt
   * @throws DeliveryFailure if the provider did not accept it
   * @throws RecipientOptedOut if it did not because the number opted out with it
   */
  Receipt send(String to, String body, String reference);

  /**
   * A message to {@code to} with exactly this body that the provider accepted at or after {@code
   * since}, if there is one: how a send that was in doubt is recognised instead of repeated.
   */
  Optional<Receipt> findAccepted(String to, String body, Instant since);

  /** What the provider calls the message it accepted, and its status then. */
  record Receipt(String messageId, String status) {}

  /**
   * The provider refused the message because the number opted out with it (replied STOP, perhaps
   * before this service knew the number): the number is to be recorded as opted out.
   */
  final class RecipientOptedOut extends RuntimeException {
    public RecipientOptedOut(String message) {
      super(message);
    }
  }
}
