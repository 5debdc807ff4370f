package dev.followup.system;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** Reading received messages as a mail client would. */
final class Mail {

  private Mail() {}

  static List<MimeMessage> to(List<MimeMessage> messages, String address) {
    return messages.stream().filter(m -> isTo(m, address)).toList();
  }

  private static boolean isTo(MimeMessage message, String address) {
    try {
      return message.getRecipients(Message.RecipientType.TO) != null
          && Arrays.stream(message.getRecipients(Message.RecipientType.TO))
              .anyMatch(a -> a.toString().contains(address));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The address of the first To recipient, without a display name; null if there is none. */
  static String addressee(MimeMessage message) {
    try {
      Address[] to = message.getRecipients(Message.RecipientType.TO);
      if (to == null || to.length == 0) {
        return null;
      }
      return to[0] instanceof InternetAddress address ? address.getAddress() : to[0].toString();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text/plain part, decoded. */
  static String plainText(Part part) {
    try {
      if (part.isMimeType("text/plain")) {
        return (String) part.getContent();
      }
      if (part.isMimeType("multipart/*")) {
        Multipart multipart = (Multipart) part.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
          BodyPart body = multipart.getBodyPart(i);
          String text = plainText(body);
          if (text != null) {
            return text;
          }
        }
      }
      return null;
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
