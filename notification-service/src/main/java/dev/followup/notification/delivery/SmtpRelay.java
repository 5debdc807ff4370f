package dev.followup.notification.delivery;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The SMTP relay, spoken to with Jakarta Mail on the caller's thread, over connections kept open
 * between messages. Configured by the same {@code quarkus.mailer.*} keys as the Quarkus mailer
 * (host, port, from, login, TLS, {@code timeout}, {@code keep-alive-timeout}).
 *
 * <p>Why not the Quarkus mailer: it sends on Vert.x' event loop, and its {@code timeout} only stops
 * the caller waiting. A send that timed out went on in the background (still waiting for a reply,
 * or queued for a pooled connection) and could complete after the dispatcher had recorded the
 * failure and started the retry: two copies. Here the timeouts are the socket's own (connect, read,
 * write), and a connection on which anything failed is closed before {@link #send} returns, so
 * nothing of a failed attempt can reach the server after it.
 */
@ApplicationScoped
public class SmtpRelay {

  static {
    // Jakarta Mail 2.1 looks up its StreamProvider anew for every message and every body part, and
    // by default through ServiceLoader, which scans the class path each time: a third of the CPU of
    // sending an email in a profile of the delivery benchmark. Naming the implementation turns the
    // look-up into a plain class load (jakartaee/mail-api issues 699 and 861). A value set on the
    // command line wins.
    System.getProperties()
        .putIfAbsent(StreamProvider.class.getName(), MailStreamProvider.class.getName());
  }

  /** A connection idle for longer than this is checked (NOOP) before it carries a message. */
  private static final Duration CHECK_AFTER_IDLE = Duration.ofSeconds(1);

  private final Session session;
  private final Duration keepAlive;
  private final String from;
  private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();

  /** How late a write timeout may fire: a small part of any timeout worth configuring. */
  private static final Duration WRITE_TIMEOUT_TICK = Duration.ofMillis(200);

  private final CoarseTimeouts writeTimeouts;

  SmtpRelay(
      @ConfigProperty(name = "quarkus.mailer.host", defaultValue = "localhost") String host,
      @ConfigProperty(name = "quarkus.mailer.port") Optional<Integer> port,
      @ConfigProperty(name = "quarkus.mailer.from") Optional<String> from,
      @ConfigProperty(name = "quarkus.mailer.username") Optional<String> username,
      @ConfigProperty(name = "quarkus.mailer.password") Optional<String> password,
      @ConfigProperty(name = "quarkus.mailer.start-tls", defaultValue = "OPTIONAL") String startTls,
      @ConfigProperty(name = "quarkus.mailer.tls") Optional<Boolean> tls,
      @ConfigProperty(name = "quarkus.mailer.trust-all") Optional<Boolean> trustAll,
      @ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "60s") Duration timeout,
      @ConfigProperty(name = "quarkus.mailer.keep-alive-timeout", defaultValue = "300s")
          Duration keepAlive) {
    this.writeTimeouts = new CoarseTimeouts("smtp-write-timeouts", WRITE_TIMEOUT_TICK);
    boolean implicitTls = tls.orElse(false);
    String protocol = implicitTls ? "smtps" : "smtp";
    Properties props = new Properties();
    props.put("mail.transport.protocol", protocol);
    props.put("mail." + protocol + ".host", host);
    props.put("mail." + protocol + ".port", Integer.toString(port.orElse(implicitTls ? 465 : 25)));
    String millis = Long.toString(timeout.toMillis());
    props.put("mail." + protocol + ".connectiontimeout", millis);
    props.put("mail." + protocol + ".timeout", millis);
    props.put("mail." + protocol + ".writetimeout", millis);
    // One coarse timer for every connection's writes, instead of a scheduled pool per connection
    // woken at each write: see CoarseTimeouts.
    props.put("mail." + protocol + ".executor.writetimeout", writeTimeouts);
    // Closing a connection never waits for the server's answer to QUIT.
    props.put("mail." + protocol + ".quitwait", "false");
    String tlsMode = startTls.toUpperCase(Locale.ROOT);
    props.put(
        "mail." + protocol + ".starttls.enable", Boolean.toString(!"DISABLED".equals(tlsMode)));
    props.put(
        "mail." + protocol + ".starttls.required", Boolean.toString("REQUIRED".equals(tlsMode)));
    if (trustAll.orElse(false)) {
      props.put("mail." + protocol + ".ssl.trust", "*");
    }
    boolean login = username.isPresent() && password.isPresent();
    props.put("mail." + protocol + ".auth", Boolean.toString(login));
    from.ifPresent(address -> props.put("mail.from", address));
    this.session =
        login
            ? Session.getInstance(
                props,
                new jakarta.mail.Authenticator() {
                  @Override
                  protected jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
                    return new jakarta.mail.PasswordAuthentication(username.get(), password.get());
                  }
                })
            : Session.getInstance(props);
    this.keepAlive = keepAlive;
    this.from = from.orElse(null);
  }

  /** The session messages are built in. */
  public Session session() {
    return session;
  }

  /** The sender address, if configured; else the server's default applies. */
  public Optional<String> from() {
    return Optional.ofNullable(from);
  }

  /**
   * Hands the message to the relay; returns once the relay accepted it (250 after the data).
   * Blocking, at most about the configured timeout per server reply.
   *
   * @throws MessagingException if it was refused or the connection failed or timed out; the
   *     connection is closed by then
   */
  public void send(MimeMessage message, Address[] recipients) throws MessagingException {
    Connection connection = take();
    boolean healthy = false;
    try {
      connection.transport.sendMessage(message, recipients);
      healthy = true;
    } finally {
      if (healthy) {
        connection.lastUsed = System.nanoTime();
        idle.push(connection);
      } else {
        connection.close();
      }
    }
  }

  /** An open connection: the most recently used idle one, or a new one. */
  private Connection take() throws MessagingException {
    Connection connection;
    while ((connection = idle.poll()) != null) {
      long idleNanos = System.nanoTime() - connection.lastUsed;
      if (idleNanos >= keepAlive.toNanos()) {
        connection.close();
        continue;
      }
      // A connection the server may have dropped meanwhile is checked first, so that its failure
      // does not count as a failed attempt.
      if (idleNanos < CHECK_AFTER_IDLE.toNanos() || connection.transport.isConnected()) {
        return connection;
      }
      connection.close();
    }
    Transport transport = session.getTransport();
    transport.connect();
    return new Connection(transport);
  }

  @PreDestroy
  void closeAll() {
    Connection connection;
    while ((connection = idle.poll()) != null) {
      connection.close();
    }
    writeTimeouts.shutdownNow();
  }

  private static final class Connection {
    final Transport transport;
    volatile long lastUsed = System.nanoTime();

    Connection(Transport transport) {
      this.transport = transport;
    }

    void close() {
      try {
        transport.close();
      } catch (MessagingException e) {
        // Closed either way.
      }
    }
  }
}
