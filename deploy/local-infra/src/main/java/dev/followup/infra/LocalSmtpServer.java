package dev.followup.infra;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;

/**
 * A real SMTP server (GreenMail) that accepts every message and keeps it for inspection.
 *
 * <p>It speaks SMTP on the wire, so the services send exactly as they would to a production relay.
 */
public final class LocalSmtpServer implements AutoCloseable {

  private final GreenMail greenMail;

  private LocalSmtpServer(GreenMail greenMail) {
    this.greenMail = greenMail;
  }

  /** Starts the server on {@code port}; 0 picks a free one. */
  public static LocalSmtpServer start(int port) {
    int chosen = port == 0 ? FreePorts.find() : port;
    ServerSetup setup = new ServerSetup(chosen, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    GreenMail greenMail = new GreenMail(setup);
    greenMail.start();
    return new LocalSmtpServer(greenMail);
  }

  public int port() {
    return greenMail.getSmtp().getPort();
  }

  public String host() {
    return "127.0.0.1";
  }

  /** Every message received so far, in arrival order. */
  public List<MimeMessage> receivedMessages() {
    return List.of(greenMail.getReceivedMessages());
  }

  /** A message and the instant the server accepted it. */
  public record Received(MimeMessage message, Instant acceptedAt) {}

  /** Every message received so far, each with the instant the server accepted it. */
  public List<Received> receivedWithTimes() {
    return greenMail.getManagers().getImapHostManager().getAllMessages().stream()
        .map(stored -> new Received(stored.getMimeMessage(), stored.getReceivedDate().toInstant()))
        .toList();
  }

  /** Forgets every message received so far. */
  public void clear() {
    try {
      greenMail.purgeEmailFromAllMailboxes();
    } catch (Exception e) {
      throw new IllegalStateException("Could not clear the SMTP server's mailboxes", e);
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
