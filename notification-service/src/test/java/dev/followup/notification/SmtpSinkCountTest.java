package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.infra.LocalSmtpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The local SMTP server keeps a copy of each message per recipient, in the order they arrived,
 * counts what it stored as its listing would, and forgets it on clear.
 */
class SmtpSinkCountTest {

  @Test
  void keepsEveryMessageOncePerRecipientInArrivalOrderUntilCleared() throws Exception {
    try (LocalSmtpServer smtp = LocalSmtpServer.start(0)) {
      Properties props = new Properties();
      props.put("mail.smtp.host", smtp.host());
      props.put("mail.smtp.port", Integer.toString(smtp.port()));
      Session session = Session.getInstance(props);
      assertThat(smtp.receivedCount()).isZero();

      send(session, "a@example.com");
      send(session, "b@example.com");
      send(session, "a@example.com", "c@example.com");

      assertThat(smtp.receivedMessages())
          .map(SmtpSinkCountTest::recipients)
          .containsExactly(
              "a@example.com",
              "b@example.com",
              "a@example.com, c@example.com",
              "a@example.com, c@example.com");
      assertThat(smtp.receivedCount()).isEqualTo(4);

      smtp.clear();
      assertThat(smtp.receivedMessages()).isEmpty();
      assertThat(smtp.receivedCount()).isZero();

      send(session, "d@example.com");
      assertThat(smtp.receivedCount()).isEqualTo(1);
      assertThat(smtp.receivedMessages())
          .map(SmtpSinkCountTest::recipients)
          .containsExactly("d@example.com");
    }
  }

  private static String recipients(MimeMessage message) {
    try {
      return InternetAddress.toString(message.getRecipients(Message.RecipientType.TO));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(Session session, String... to) throws Exception {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("followup@localhost"));
    for (String address : to) {
      message.addRecipient(Message.RecipientType.TO, new InternetAddress(address));
    }
    message.setSubject("count me");
    message.setText("hello");
    Transport.send(message);
  }
}
