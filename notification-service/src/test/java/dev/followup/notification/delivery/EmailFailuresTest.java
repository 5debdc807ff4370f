package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

/** Which refusals of the SMTP relay another try could overcome. */
class EmailFailuresTest {

  private static final Address[] TO = {address("sam@example.com")};

  @Test
  void aMessageRefusedAfterItsDataIsNotTriedAgain() {
    // Angus Mail moves the recipients to "valid unsent" when the reply to the data's end fails.
    SMTPSendFailedException rejected =
        new SMTPSendFailedException(
            ".", 554, "554 5.7.1 Message rejected as spam", null, null, TO, null);

    assertThat(EmailSender.failureOf(rejected).isPermanent()).isTrue();
  }

  @Test
  void aRefusedRecipientIsNotTriedAgain() {
    SendFailedException refused =
        new SendFailedException(
            "Invalid Addresses",
            new SMTPAddressFailedException(
                (InternetAddress) TO[0], "RCPT TO", 550, "550 5.1.1 No such user"),
            null,
            null,
            TO);

    assertThat(EmailSender.failureOf(refused).isPermanent()).isTrue();
  }

  @Test
  void aTemporaryReplyOrTheRelaysOwnTroubleIsTriedAgain() {
    SMTPSendFailedException busy =
        new SMTPSendFailedException(".", 451, "451 4.3.0 Try again later", null, null, TO, null);
    SMTPSendFailedException unauthenticated =
        new SMTPSendFailedException(
            "MAIL FROM", 530, "530 5.7.0 Authentication required", null, null, TO, null);

    assertThat(EmailSender.failureOf(busy).isPermanent()).isFalse();
    assertThat(EmailSender.failureOf(unauthenticated).isPermanent()).isFalse();
    assertThat(EmailSender.failureOf(new MessagingException("Connection reset")).isPermanent())
        .isFalse();
  }

  private static InternetAddress address(String email) {
    try {
      return new InternetAddress(email);
    } catch (MessagingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
