package dev.followup.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of an SMTP server that can make a share of mail transactions fail, as an
 * unreliable provider does: the connection is reset, or the proxy stops answering so that the
 * client's timeout runs out.
 *
 * <p>The decision is taken per transaction, at the client's {@code MAIL FROM}, before anything of
 * that message reaches the server: a failed attempt has certainly not been delivered. (A provider
 * that accepts a message and then times out before saying so is a different fault, which SMTP
 * cannot tell from this one; it is injected apart, by {@link #acceptLate}.) Pooled connections are
 * therefore not spared: every message has the same odds, whichever connection carries it.
 *
 * <p>Two slow faults let the transaction go on after a pause, as a slow provider does: {@link
 * #answerLate} holds the {@code MAIL FROM} (the client's timeout runs out before the server sees
 * it, and a client that still listens afterwards would complete the transaction late), and {@link
 * #acceptLate} holds the end of the message data (the server stores the message after the client
 * gave up waiting for its answer: the one case SMTP cannot make exactly once).
 */
public final class SmtpFaultProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "smtp-fault-proxy");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Random random;
  private volatile double resetShare;
  private volatile double stallShare;
  private volatile Duration stallTime = Duration.ZERO;
  private volatile double answerLateShare;
  private volatile double acceptLateShare;
  private volatile Duration lateBy = Duration.ZERO;
  private final AtomicInteger passed = new AtomicInteger();
  private final AtomicInteger reset = new AtomicInteger();
  private final AtomicInteger stalled = new AtomicInteger();
  private final AtomicInteger late = new AtomicInteger();

  private SmtpFaultProxy(ServerSocket listener, String targetHost, int targetPort, long seed) {
    this.listener = listener;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.random = new Random(seed);
  }

  /**
   * Starts a healthy proxy on a free loopback port, forwarding to {@code targetHost:targetPort}.
   */
  public static SmtpFaultProxy start(String targetHost, int targetPort, long seed) {
    return start(targetHost, targetPort, seed, 0);
  }

  /** Starts a healthy proxy on loopback port {@code listenPort} (0: a free one). */
  public static SmtpFaultProxy start(String targetHost, int targetPort, long seed, int listenPort) {
    try {
      ServerSocket listener = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress());
      SmtpFaultProxy proxy = new SmtpFaultProxy(listener, targetHost, targetPort, seed);
      proxy.threads.execute(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start the SMTP fault proxy", e);
    }
  }

  public String host() {
    return listener.getInetAddress().getHostAddress();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /**
   * From now on, resets the connection of {@code resetShare} of the transactions and leaves {@code
   * stallShare} of them unanswered for {@code stallTime} (make it longer than the client's
   * timeout), then drops their connection, so that a client that keeps it does not wait forever.
   */
  public void fail(double resetShare, double stallShare, Duration stallTime) {
    if (resetShare < 0 || stallShare < 0 || resetShare + stallShare > 1) {
      throw new IllegalArgumentException("Shares must be between 0 and 1 together");
    }
    this.stallTime = stallTime;
    this.resetShare = resetShare;
    this.stallShare = stallShare;
  }

  /**
   * From now on, holds the {@code MAIL FROM} of {@code share} of the transactions for {@code delay}
   * (make it longer than the client's timeout), then forwards it and whatever the client still
   * sends: the server sees the transaction late, or not at all if the client left.
   */
  public void answerLate(double share, Duration delay) {
    this.lateBy = delay;
    this.answerLateShare = share;
  }

  /**
   * From now on, holds the end of the message data ({@code .}) of {@code share} of the messages for
   * {@code delay}, then forwards it: the server stores the message even when the client has given
   * up waiting for its answer by then.
   */
  public void acceptLate(double share, Duration delay) {
    this.lateBy = delay;
    this.acceptLateShare = share;
  }

  /** Lets every transaction through again, at once. */
  public void heal() {
    fail(0, 0, Duration.ZERO);
    answerLateShare = 0;
    acceptLateShare = 0;
  }

  /** Transactions let through, reset, stalled, and held late (answerLate, acceptLate) so far. */
  public record Counts(int passed, int reset, int stalled, int late) {}

  public Counts counts() {
    return new Counts(passed.get(), reset.get(), stalled.get(), late.get());
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        threads.execute(() -> relay(client));
      } catch (IOException e) {
        // Closed: the loop ends.
      }
    }
  }

  private void relay(Socket client) {
    try (client;
        Socket server = new Socket(targetHost, targetPort)) {
      open.add(client);
      open.add(server);
      threads.execute(() -> copy(server, client));
      clientToServer(client, server);
    } catch (IOException e) {
      // One side went away: the connection is over.
    } finally {
      open.remove(client);
    }
  }

  /** Forwards the client's lines one by one, deciding at each MAIL FROM. */
  private void clientToServer(Socket client, Socket server) throws IOException {
    InputStream in = client.getInputStream();
    OutputStream out = server.getOutputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean inData = false;
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      if (b != '\n') {
        continue;
      }
      String text = line.toString(StandardCharsets.US_ASCII).trim();
      String command = text.toUpperCase(Locale.ROOT);
      if (inData) {
        inData = !text.equals(".");
        if (!inData && chance(acceptLateShare)) {
          late.incrementAndGet();
          pause(lateBy);
        }
      } else if (command.startsWith("MAIL FROM")) {
        if (chance(answerLateShare)) {
          late.incrementAndGet();
          pause(lateBy);
        }
        Fault fault = draw();
        if (fault == Fault.RESET) {
          reset.incrementAndGet();
          abort(client);
          abort(server);
          return;
        }
        if (fault == Fault.STALL) {
          stalled.incrementAndGet();
          // No answer: the client's timeout runs out first. Then the connection is dropped, as
          // a provider's load balancer would.
          pause(stallTime);
          abort(client);
          abort(server);
          return;
        }
        passed.incrementAndGet();
      } else if (command.equals("DATA")) {
        inData = true;
      }
      line.writeTo(out);
      out.flush();
      line.reset();
    }
  }

  private enum Fault {
    NONE,
    RESET,
    STALL
  }

  private boolean chance(double share) {
    if (share <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < share;
    }
  }

  private Fault draw() {
    double r;
    synchronized (random) {
      r = random.nextDouble();
    }
    if (r < resetShare) {
      return Fault.RESET;
    }
    return r < resetShare + stallShare ? Fault.STALL : Fault.NONE;
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void copy(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // Closed by the other direction or by a fault.
    } finally {
      closeQuietly(to);
    }
  }

  /** Closes with a TCP reset (linger 0), as a crashed or overloaded server does. */
  private static void abort(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // Closed already.
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do.
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // Nothing to do.
    }
    open.forEach(SmtpFaultProxy::closeQuietly);
    threads.shutdownNow();
  }
}
