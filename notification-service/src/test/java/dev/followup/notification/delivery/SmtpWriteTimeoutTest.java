package dev.followup.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The write timeout through {@link CoarseTimeouts}: a relay that stops reading in the middle of a
 * message's data, so that the client's writes block once the sockets' buffers are full.
 */
class SmtpWriteTimeoutTest {

  @Test
  void aWriteTheRelayNoLongerReadsIsAbandonedAfterTheTimeout() throws Exception {
    CountDownLatch dataStarted = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket()) {
      server.setReceiveBufferSize(4096);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread relay = new Thread(() -> answerUntilDataThenStopReading(server, dataStarted));
      relay.setDaemon(true);
      relay.start();

      SmtpRelay smtp =
          new SmtpRelay(
              "127.0.0.1",
              Optional.of(server.getLocalPort()),
              Optional.of("followup@localhost"),
              Optional.empty(),
              Optional.empty(),
              "DISABLED",
              Optional.empty(),
              Optional.empty(),
              Duration.ofSeconds(1),
              Duration.ofSeconds(60));
      try {
        assertThat(smtp.session().getProperties().get("mail.smtp.executor.writetimeout"))
            .isInstanceOf(CoarseTimeouts.class);
        InternetAddress to = new InternetAddress("candidate@example.com");
        MimeMessage message = new MimeMessage(smtp.session());
        message.setFrom(new InternetAddress("followup@localhost"));
        message.setRecipient(MimeMessage.RecipientType.TO, to);
        message.setSubject("Large");
        // Far more than the sockets can buffer, in short ASCII lines (sent as they are).
        message.setText(("x".repeat(70) + "\r\n").repeat(150_000), "us-ascii");
        message.saveChanges();

        long start = System.nanoTime();
        assertThatThrownBy(() -> smtp.send(message, new Address[] {to}))
            .isInstanceOf(MessagingException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(dataStarted.await(0, TimeUnit.SECONDS)).isTrue();
        // The timeout, plus up to a tick of the coarse timer, plus the handshake.
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
      } finally {
        smtp.closeAll();
      }
    }
  }

  /** Speaks SMTP up to the 354 reply to DATA, then holds the connection open without reading. */
  private static void answerUntilDataThenStopReading(ServerSocket server, CountDownLatch data) {
    try (Socket socket = server.accept()) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      reply(out, "220 localhost ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.toUpperCase(java.util.Locale.ROOT);
        if (command.startsWith("EHLO")) {
          reply(out, "250 localhost");
        } else if (command.startsWith("DATA")) {
          reply(out, "354 go ahead");
          data.countDown();
          Thread.sleep(30_000);
          return;
        } else {
          reply(out, "250 OK");
        }
      }
    } catch (Exception e) {
      // The client gave up: what the test waits for.
    }
  }

  private static void reply(OutputStream out, String line) throws java.io.IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
