package dev.followup.notification.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.notification.domain.FollowUpDue;
import dev.followup.notification.persistence.Delivery;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends a delivery as an email to the candidate over SMTP, rendering it from the stored event data.
 * Blocking: call it from a worker thread, never from the Kafka consumer or an event loop.
 */
@ApplicationScoped
public class EmailSender {

  private final Mailer mailer;
  private final ObjectMapper objectMapper;
  private final DeliveryConfig config;

  EmailSender(Mailer mailer, ObjectMapper objectMapper, DeliveryConfig config) {
    this.mailer = mailer;
    this.objectMapper = objectMapper;
    this.config = config;
  }

  /** Returns once the SMTP server has accepted the message; throws if it did not. */
  public void send(Delivery delivery) {
    FollowUpDue due;
    try {
      due =
          objectMapper
              .readerFor(FollowUpDue.class)
              .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(delivery.payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored event data cannot be read: " + e.getMessage(), e);
    }
    ThankYouEmail.Content content = ThankYouEmail.render(due);
    mailer.send(
        Mail.withHtml(delivery.address, content.subject(), content.html())
            .setText(content.text())
            .addHeader("Message-ID", messageId(delivery)));
  }

  /** The same for every attempt of a delivery, so that a re-sent message is recognisable. */
  String messageId(Delivery delivery) {
    return "<" + delivery.id + "@" + config.messageIdDomain() + ">";
  }
}
