package dev.followup.localstack;

import dev.followup.infra.LocalSmtpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The emails the local SMTP server received, as captured messages: recipients, subject, text. */
final class CapturedEmails implements CapturedMessage.Source {

  private final LocalSmtpServer smtp;

  CapturedEmails(LocalSmtpServer smtp) {
    this.smtp = smtp;
  }

  @Override
  public List<CapturedMessage> get() {
    return smtp.receivedMessages().stream().map(CapturedEmails::captured).toList();
  }

  private static CapturedMessage captured(MimeMessage message) {
    return new CapturedMessage(
        "email", sentAt(message), recipients(message), subject(message), plainText(message), "");
  }

  private static Instant sentAt(MimeMessage message) {
    try {
      return Optional.ofNullable(message.getSentDate()).map(Date::toInstant).orElse(Instant.now());
    } catch (Exception e) {
      return Instant.now();
    }
  }

  private static String recipients(MimeMessage message) {
    try {
      return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
          .map(Object::toString)
          .collect(Collectors.joining(", "));
    } catch (Exception e) {
      return "?";
    }
  }

  private static String subject(MimeMessage message) {
    try {
      return Optional.ofNullable(message.getSubject()).orElse("");
    } catch (Exception e) {
      return "?";
    }
  }

  /** The text/plain part: the one every reminder email carries next to its HTML. */
  private static String plainText(Part part) {
    try {
      if (part.isMimeType("text/plain")) {
        return part.getContent().toString();
      }
      if (part.isMimeType("multipart/*")) {
        Multipart multipart = (Multipart) part.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
          BodyPart body = multipart.getBodyPart(i);
          String text = plainText(body);
          if (!text.isEmpty()) {
            return text;
          }
        }
      }
      return "";
    } catch (Exception e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
