package dev.followup.infra;

import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserException;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real SMTP server (GreenMail) that accepts every message and keeps it for inspection.
 *
 * <p>It speaks SMTP on the wire, so the services send exactly as they would to a production relay.
 * Like a relay, it keeps what it accepts in one queue, whoever the recipients: one mailbox, with a
 * copy of the message per recipient. GreenMail's own way, a mailbox per recipient, finds each
 * mailbox by walking the list of all of them; a server that had taken a few thousand recipients
 * spent a third of its CPU time there (a profile of the delivery benchmark), a cost that grew with
 * the number of recipients so far and that no relay has.
 */
public final class LocalSmtpServer implements AutoCloseable {

  private final GreenMail greenMail;

  /** Messages stored since the start or the last {@link #clear}, one per recipient. */
  private final AtomicLong stored = new AtomicLong();

  private LocalSmtpServer(GreenMail greenMail) {
    this.greenMail = greenMail;
    UserManager users = greenMail.getUserManager();
    GreenMailUser queue;
    try {
      queue = new CountingUser(users.createUser(QUEUE, QUEUE, QUEUE), stored);
    } catch (UserException e) {
      throw new IllegalStateException("Could not create the SMTP server's queue", e);
    }
    users.setMessageDeliveryHandler((message, to) -> queue);
  }

  /** The one mailbox every message goes to. */
  private static final String QUEUE = "queue@localhost";

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

  /**
   * How many messages the server has stored (a copy per recipient), as {@code
   * receivedMessages().size()} would say, without listing them: listing copies every message of
   * every mailbox, which costs more the more have come, and a benchmark that asks often would take
   * its CPU time from what it measures.
   */
  public long receivedCount() {
    return stored.get();
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
      stored.set(0);
    } catch (Exception e) {
      throw new IllegalStateException("Could not clear the SMTP server", e);
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }

  /** A mailbox whose deliveries are counted once stored. */
  private record CountingUser(GreenMailUser user, AtomicLong stored) implements GreenMailUser {

    @Override
    public void deliver(MovingMessage message) {
      user.deliver(message);
      stored.incrementAndGet();
    }

    @Override
    public void deliver(MimeMessage message) {
      user.deliver(message);
      stored.incrementAndGet();
    }

    @Override
    public String getEmail() {
      return user.getEmail();
    }

    @Override
    public String getLogin() {
      return user.getLogin();
    }

    @Override
    public void create() {
      user.create();
    }

    @Override
    public void delete() {
      user.delete();
    }

    @Override
    public String getPassword() {
      return user.getPassword();
    }

    @Override
    public void setPassword(String password) {
      user.setPassword(password);
    }

    @Override
    public void authenticate(String password) throws UserException {
      user.authenticate(password);
    }

    @Override
    public String getQualifiedMailboxName() {
      return user.getQualifiedMailboxName();
    }
  }
}
