package dev.followup.notification.delivery;

import dev.followup.notification.domain.Channel;
import dev.followup.notification.persistence.Delivery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends a reminder as an email to the candidate over SMTP. Blocking: call it from a worker thread,
 * never from the Kafka consumer or an event loop.
 *
 * <p>What is and is not guaranteed. SMTP has no idempotency key, and its one commit point is the
 * server's 250 after the message data: a server that stored the message but whose reply never
 * arrived (lost, or later than the timeout) cannot be told from one that did not store it. So:
 *
 * <ul>
 *   <li>An attempt that failed or timed out is over when {@link #send} throws: the {@link
 *       SmtpRelay} uses socket timeouts and closes the connection, so no part of it (no late reply
 *       completing the transaction, no send waiting for a pooled connection) can reach the server
 *       after the dispatcher has recorded the failure and while it retries. A failure before the
 *       message data was complete (connection refused or reset, a stall before or during the
 *       transaction, a 4xx) therefore never yields a second copy.
 *   <li>At least once remains in two windows: the server stored the message but its final reply did
 *       not arrive in time; or the process died after the server's 250 and before the delivery was
 *       recorded as sent (it is sent again when its lease ends). There the copy carries the same
 *       {@code Message-ID}, derived from the delivery id, so receivers and mail clients that
 *       deduplicate or thread by it fold it away.
 * </ul>
 *
 * <p>Every email carries a one-click unsubscribe link (RFC 8058, RFC 2369 {@code List-Unsubscribe}
 * with {@code List-Unsubscribe-Post}) when links are configured; a candidate who used it gets no
 * more email: the dispatcher treats their email channel like an opted-out number.
 */
@ApplicationScoped
public class EmailSender implements ChannelSender {

  private final SmtpRelay relay;
  private final DeliveryConfig config;
  private final UnsubscribeLinks links;

  EmailSender(SmtpRelay relay, DeliveryConfig config, UnsubscribeLinks links) {
    this.relay = relay;
    this.config = config;
    this.links = links;
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
    InternetAddress to;
    try {
      to = new InternetAddress(delivery.address, true);
    } catch (AddressException e) {
      throw DeliveryFailure.permanent("The candidate's email address is not valid");
    }
    MimeMessage mail;
    try {
      mail = compose(delivery, message, to);
    } catch (MessagingException e) {
      throw new IllegalStateException("The email could not be composed", e);
    }
    try {
      relay.send(mail, new Address[] {to});
    } catch (MessagingException e) {
      throw failureOf(e);
    } catch (RuntimeException e) {
      throw DeliveryFailure.temporary(
          e.getClass().getSimpleName() + ": " + e.getMessage(), null, e);
    }
  }

  /**
   * Whether another try could succeed, by the relay's reply (RFC 5321, 4.2.1 and 4.2.3). The
   * recipient refused (5xx to RCPT), or the message itself refused with 550 to 554 (after its data,
   * say: content rejected, too large): the same message will not go through later, and the next
   * channel takes over. Other 5xx replies (authentication, commands the relay does not know) are
   * the deployment's to fix and are retried meanwhile, as are 4xx replies, timeouts and dropped
   * connections.
   */
  static DeliveryFailure failureOf(MessagingException e) {
    if (e instanceof SendFailedException refused
        && refused.getValidUnsentAddresses() == null
        && refused.getInvalidAddresses() != null) {
      return DeliveryFailure.permanent("The relay refused the recipient: " + e.getMessage());
    }
    int reply = replyCode(e);
    if (reply >= 550 && reply <= 554) {
      return DeliveryFailure.permanent(
          "The relay refused the message (" + reply + "): " + e.getMessage());
    }
    return DeliveryFailure.temporary(e.getClass().getSimpleName() + ": " + e.getMessage(), null, e);
  }

  /** The SMTP reply code an exception carries, here or in those it chains; 0 if none. */
  private static int replyCode(Exception e) {
    for (Exception at = e; at != null; ) {
      if (at instanceof SMTPSendFailedException failed) {
        return failed.getReturnCode();
      }
      if (at instanceof SMTPAddressFailedException failed) {
        return failed.getReturnCode();
      }
      at = at instanceof MessagingException chained ? chained.getNextException() : null;
    }
    return 0;
  }

  private MimeMessage compose(Delivery delivery, RenderedMessage message, InternetAddress to)
      throws MessagingException {
    MimeMessage mail = new FixedIdMessage(relay.session(), messageId(delivery));
    if (relay.from().isPresent()) {
      mail.setFrom(new InternetAddress(relay.from().get()));
    } else {
      mail.setFrom();
    }
    mail.setRecipient(Message.RecipientType.TO, to);
    mail.setSubject(message.subject(), StandardCharsets.UTF_8.name());
    mail.setSentDate(new Date());
    // RFC 3282: mail clients pick spelling checkers, fonts and translation offers by it.
    mail.setHeader("Content-Language", message.language().toLanguageTag());
    if (message.unsubscribeUrl() != null) {
      mail.setHeader("List-Unsubscribe", links.listUnsubscribeHeader(message.unsubscribeUrl()));
      mail.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }
    if (message.html() == null) {
      mail.setText(message.text(), StandardCharsets.UTF_8.name());
      mail.setHeader(TRANSFER_ENCODING, transferEncoding(message.text()));
    } else {
      MimeMultipart alternative =
          new MimeMultipart(
              "alternative",
              encodedText(message.text(), "plain"),
              encodedText(message.html(), "html"));
      mail.setContent(alternative);
    }
    mail.saveChanges();
    return mail;
  }

  private static final String TRANSFER_ENCODING = "Content-Transfer-Encoding";

  /**
   * A {@code text/<subtype>} body part in UTF-8 whose content is encoded here, once, into bytes
   * that are then written to the connection as they are. Left to Jakarta Mail, the part is encoded
   * while it is written: every byte of the body goes on its own through the encoder and the SMTP
   * stream's dot-stuffing, and that took a third of the CPU of writing an email to the relay (in a
   * profile of the delivery benchmark). The encoder is Jakarta Mail's own; only its output goes
   * into a plain buffer first.
   */
  static MimeBodyPart encodedText(String body, String subtype) throws MessagingException {
    String encoding = transferEncoding(body);
    InternetHeaders headers = new InternetHeaders();
    headers.setHeader("Content-Type", "text/" + subtype + "; charset=UTF-8");
    headers.setHeader(TRANSFER_ENCODING, encoding);
    byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
    if (encoding.equals("7bit")) {
      return new MimeBodyPart(headers, utf8);
    }
    EncodedBytes encoded = new EncodedBytes(utf8.length + utf8.length / 4 + 64);
    try {
      OutputStream encoder = MimeUtility.encode(encoded, encoding);
      encoder.write(utf8);
      // Flushed, not closed, as Jakarta Mail leaves it: closing ends base64 with a line break.
      encoder.flush();
    } catch (IOException e) {
      throw new MessagingException("The body could not be encoded", e);
    }
    return new MimeBodyPart(headers, encoded.toByteArray());
  }

  /**
   * An unsynchronised byte buffer: the encoder writes to it a byte at a time, and a {@link
   * java.io.ByteArrayOutputStream} takes a lock for each.
   */
  private static final class EncodedBytes extends OutputStream {
    private byte[] bytes;
    private int size;

    EncodedBytes(int capacity) {
      bytes = new byte[capacity];
    }

    @Override
    public void write(int b) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, bytes.length * 2);
      }
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (size + len > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + len));
      }
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }

  /** Longest line that may go out unencoded (RFC 5322: 998 characters and the CRLF). */
  private static final int MAX_LINE = 998;

  /**
   * How a text body travels, chosen as Jakarta Mail chooses it (RFC 2045) for a UTF-8 body: {@code
   * 7bit} when it is plain US-ASCII in lines of at most 998 characters, {@code quoted-printable}
   * when at most half of its bytes are not ASCII, else {@code base64}. Left to Jakarta Mail, the
   * choice encodes every body into a scratch stream to look at its bytes, about a tenth of the CPU
   * time of a thread sending email; counting the characters gives the same answer.
   */
  static String transferEncoding(String body) {
    int ascii = 0;
    int other = 0;
    int lineLength = 0;
    boolean longLine = false;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\r' || c == '\n') {
        lineLength = 0;
      } else {
        longLine |= ++lineLength > MAX_LINE;
      }
      if (c >= 0x80) {
        // Its UTF-8 bytes: two or three, or four for a surrogate pair (two per half).
        other += c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
      } else if (c == 0x7f || (c < 0x20 && c != '\t' && c != '\r' && c != '\n')) {
        other++;
      } else {
        ascii++;
      }
    }
    if (other == 0) {
      return longLine ? "quoted-printable" : "7bit";
    }
    return other > ascii ? "base64" : "quoted-printable";
  }

  /** The same for every attempt of a delivery, so that a re-sent message is recognisable. */
  String messageId(Delivery delivery) {
    return "<" + delivery.id + "@" + config.messageIdDomain() + ">";
  }

  /** A message whose Message-ID is ours, not one Jakarta Mail makes up on saving. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String messageId;

    FixedIdMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
