package dev.followup.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A port found is free to bind, and out of the range the kernel hands out by itself. */
class FreePortsTest {

  @Test
  void findsBindablePortsBelowTheEphemeralRange() throws Exception {
    for (int i = 0; i < 20; i++) {
      int port = FreePorts.find();
      assertThat(port).isBetween(15_000, FreePorts.ephemeralStart() - 1);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void doesNotReturnAPortAServerHolds() throws Exception {
    int port = FreePorts.find();
    try (ServerSocket held = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 200; i++) {
        assertThat(FreePorts.find()).isNotEqualTo(port);
      }
    }
  }
}
