package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.followup.infra.LocalSmtpServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The local SMTP server counts what it stored as its listing would, and forgets it, with the
 * recipients' mailboxes, on clear.
 */
class SmtpSinkCountTest {

  @Test
  void countsEveryStoredMessageOncePerRecipientUntilCleared() throws Exception {
    try (LocalSmtpServer smtp = LocalSmtpServer.start(0)) {
      Properties props = new Properties();
      props.put("mail.smtp.host", smtp.host());
      props.put("mail.smtp.port", Integer.toString(smtp.port()));
      Session session = Session.getInstance(props);
      assertThat(smtp.receivedCount()).isZero();

      send(session, "a@example.com");
      send(session, "b@example.com");
      send(session, "a@example.com", "c@example.com");

      assertThat(smtp.receivedMessages()).hasSize(4);
      assertThat(smtp.receivedCount()).isEqualTo(4);
      assertThat(smtp.mailboxes()).isEqualTo(3);

      smtp.clear();
      assertThat(smtp.receivedMessages()).isEmpty();
      assertThat(smtp.receivedCount()).isZero();
      assertThat(smtp.mailboxes()).isZero();

      send(session, "d@example.com");
      assertThat(smtp.receivedCount()).isEqualTo(1);
      assertThat(smtp.receivedMessages()).hasSize(1);
      assertThat(smtp.mailboxes()).isEqualTo(1);
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
