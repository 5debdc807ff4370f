package dev.followup.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.followup.infra.LocalSmtpServer;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Shows what reached the local SMTP server: a web page listing every message with its text, and a
 * line on the console as each one arrives.
 */
final class MailViewer implements AutoCloseable {

  private final LocalSmtpServer smtp;
  private final HttpServer server;
  private final ScheduledExecutorService announcer = Executors.newSingleThreadScheduledExecutor();
  private int announced;

  MailViewer(LocalSmtpServer smtp, int port) throws IOException {
    this.smtp = smtp;
    this.server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
    server.createContext("/", this::page);
  }

  void start() {
    server.start();
    announcer.scheduleWithFixedDelay(this::announceNew, 1, 1, TimeUnit.SECONDS);
  }

  private synchronized void announceNew() {
    List<MimeMessage> messages = smtp.receivedMessages();
    for (int i = announced; i < messages.size(); i++) {
      MimeMessage message = messages.get(i);
      System.out.printf("[mail] to %s: %s%n", recipients(message), subject(message));
    }
    announced = messages.size();
  }

  private void page(HttpExchange exchange) throws IOException {
    List<MimeMessage> messages = smtp.receivedMessages();
    StringBuilder html =
        new StringBuilder(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Local mail</title>"
                + "<meta http-equiv=\"refresh\" content=\"5\"><style>body{font-family:sans-serif;"
                + "max-width:60em;margin:2em auto}article{border:1px solid #ccc;padding:1em;"
                + "margin:1em 0}pre{white-space:pre-wrap}</style></head><body>");
    html.append("<h1>Messages received by the local SMTP server (")
        .append(messages.size())
        .append(")</h1>");
    for (int i = messages.size() - 1; i >= 0; i--) {
      MimeMessage message = messages.get(i);
      html.append("<article><b>To:</b> ")
          .append(escape(recipients(message)))
          .append("<br><b>Subject:</b> ")
          .append(escape(subject(message)))
          .append("<pre>")
          .append(escape(plainText(message)))
          .append("</pre></article>");
    }
    html.append("</body></html>");
    byte[] body = html.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static String recipients(MimeMessage message) {
    try {
      return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
          .map(Object::toString)
          .collect(Collectors.joining(", "));
    } catch (Exception e) {
      return "?";
    }
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (Exception e) {
      return "?";
    }
  }

  private static String plainText(Part part) {
    try {
      if (part.isMimeType("text/plain")) {
        return part.getContent().toString();
      }
      if (part.isMimeType("multipart/*")) {
        Multipart multipart = (Multipart) part.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
          BodyPart body = multipart.getBodyPart(i);
          String text = plainText(body);
          if (!text.isEmpty()) {
            return text;
          }
        }
      }
      return "";
    } catch (Exception e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public void close() {
    announcer.shutdownNow();
    server.stop(0);
  }
}
