package dev.followup.notification.delivery;

import dev.followup.notification.domain.Channel;
import dev.followup.notification.persistence.Delivery;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends a reminder as an email to the candidate over SMTP. Blocking: call it from a worker thread,
 * never from the Kafka consumer or an event loop.
 *
 * <p>SMTP has no idempotency key. The Message-ID is derived from the delivery id, the same on every
 * attempt: should the process die after the server accepted a message and before the delivery is
 * recorded as sent, the message sent again when the lease ends carries the same Message-ID, and
 * mail clients that thread or deduplicate by it fold the copy away. That one window is at least
 * once; every other step is exactly once.
 */
@ApplicationScoped
public class EmailSender implements ChannelSender {

  private final Mailer mailer;
  private final DeliveryConfig config;

  EmailSender(Mailer mailer, DeliveryConfig config) {
    this.mailer = mailer;
    this.config = config;
  }

  @Override
  public Channel channel() {
    return Channel.EMAIL;
  }

  /** Returns once the SMTP server has accepted the message; throws if it did not. */
  @Override
  public void send(Delivery delivery, RenderedMessage message) {
    if (delivery.address == null || delivery.address.isBlank()) {
      throw DeliveryFailure.permanent("No email address for the candidate");
    }
    Mail mail =
        message.html() == null
            ? Mail.withText(delivery.address, message.subject(), message.text())
            : Mail.withHtml(delivery.address, message.subject(), message.html())
                .setText(message.text());
    try {
      mailer.send(mail.addHeader("Message-ID", messageId(delivery)));
    } catch (RuntimeException e) {
      // Connection refused, timeouts, 4xx replies: worth another try later.
      throw DeliveryFailure.temporary(
          e.getClass().getSimpleName() + ": " + e.getMessage(), null, e);
    }
  }

  /** The same for every attempt of a delivery, so that a re-sent message is recognisable. */
  String messageId(Delivery delivery) {
    return "<" + delivery.id + "@" + config.messageIdDomain() + ">";
  }
}
