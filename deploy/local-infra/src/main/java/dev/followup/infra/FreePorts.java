package dev.followup.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds TCP ports that are free on the loopback interface right now, for a server that binds them
 * later (a service started with its port in its configuration, a proxy started after the service
 * that connects to it).
 *
 * <p>The port is taken below the kernel's ephemeral range. A port the kernel hands out (a listener
 * on port 0, or the local end of any outgoing connection) comes from that range, so a port found
 * there can be taken, between the check and the bind, by a Kafka client or a database connection
 * opening meanwhile; below it, only a server asking for that very number can.
 */
public final class FreePorts {

  /** The lowest port tried: above the well-known and most registered development ports. */
  private static final int LOWEST = 15_000;

  /** Linux's default start of the ephemeral range, where it cannot be read. */
  private static final int DEFAULT_EPHEMERAL_START = 32_768;

  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int ATTEMPTS = 200;

  private FreePorts() {}

  public static int find() {
    int below = ephemeralStart();
    if (below - LOWEST >= 1_000) {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
        if (isFree(port)) {
          return port;
        }
      }
    }
    // Nothing free below the range (or no room there): any port the kernel picks.
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }

  static int ephemeralStart() {
    try {
      // Read as lines: Files.readString returned only the first character of this procfs file.
      String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
      return Integer.parseInt(range[0]);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_START;
    }
  }

  private static boolean isFree(int port) {
    // The wildcard address: taken there if any server listens on the port, whatever its address.
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
