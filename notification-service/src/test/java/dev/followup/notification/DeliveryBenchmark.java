package dev.followup.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.followup.infra.LocalPushService;
import dev.followup.infra.SharedInfrastructure;
import dev.followup.notification.api.PushTestKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the whole delivery path per channel (claim, render, send, record, announce),
 * against the local SMTP server, the local Twilio API server and the local push service, and of
 * plain SMTP to the same server for comparison. Not part of the build; run it with
 *
 * <pre>./mvnw -B -o verify -pl notification-service -Dbenchmark=true -Dtest=DeliveryBenchmark</pre>
 *
 * It prints {@code name: value} lines.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class DeliveryBenchmark {

  static final int COUNT = Integer.getInteger("benchmark.count", 300);
  static final Duration LIMIT = Duration.ofMinutes(5);

  @Inject EntityManager entityManager;

  @Test
  void measure() throws Exception {
    double emails = deliveriesPerSecond("EMAIL", i -> "bench-" + i + "@example.com", "bench-mail");
    double raw = rawSmtpPerSecond();
    double sms = deliveriesPerSecond("SMS", i -> "+14155550150", "bench-sms");
    double push;
    try (LocalPushService receiver = LocalPushService.start(0, PushTestKeys.VAPID_PUBLIC_KEY)) {
      String candidate = "bench-push-" + UUID.randomUUID();
      LocalPushService.Subscription subscription = receiver.subscribe();
      Tokens.as(candidate)
          .contentType(ContentType.JSON)
          .body(
              Map.of(
                  "endpoint",
                  subscription.endpoint(),
                  "keys",
                  Map.of("p256dh", subscription.p256dh(), "auth", subscription.auth())))
          .post("/candidates/{id}/push-subscriptions", candidate)
          .then()
          .statusCode(201);
      push = deliveriesPerSecond("PUSH", i -> null, candidate);
      assertThat(receiver.received(subscription)).hasSize(COUNT);
    }
    System.out.printf(Locale.ROOT, "emails-per-second: %.1f%n", emails);
    System.out.printf(Locale.ROOT, "raw-smtp-per-second: %.1f%n", raw);
    System.out.printf(Locale.ROOT, "email-vs-raw-ratio: %.3f%n", emails / raw);
    System.out.printf(Locale.ROOT, "sms-per-second: %.1f%n", sms);
    System.out.printf(Locale.ROOT, "push-per-second: %.1f%n", push);
  }

  /** Inserts COUNT due deliveries on one channel and times them until all are sent. */
  private double deliveriesPerSecond(
      String channel, java.util.function.IntFunction<String> address, String candidate) {
    String run = UUID.randomUUID().toString();
    long start = System.nanoTime();
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              for (int i = 0; i < COUNT; i++) {
                UUID step = UUID.randomUUID();
                entityManager
                    .createNativeQuery(
                        """
                        insert into delivery (id, step_id, channel, kind, event_id, address,
                                              payload, status, attempts, next_attempt_at,
                                              created_at, candidate_id, tenant_id)
                        values (:id, :step, :channel, 'THANK_YOU_EMAIL', :event, :address,
                                :payload, 'PENDING', 0, now(), now(), :candidate, :tenant)
                        """)
                    .setParameter("id", UUID.randomUUID())
                    .setParameter("step", step)
                    .setParameter("channel", channel)
                    .setParameter("event", run + ":" + i)
                    .setParameter("address", address.apply(i) == null ? "" : address.apply(i))
                    .setParameter(
                        "payload", FollowUpEvents.thankYouDue(step, candidate, "bench@example.com"))
                    .setParameter("candidate", candidate)
                    .setParameter("tenant", Tokens.TENANT)
                    .executeUpdate();
              }
            });
    await().atMost(LIMIT).pollInterval(Duration.ofMillis(50)).until(() -> sent(run) == COUNT);
    return COUNT / ((System.nanoTime() - start) / 1e9);
  }

  private long sent(String run) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                        entityManager
                            .createNativeQuery(
                                "select count(*) from delivery where event_id like :run"
                                    + " and status = 'SENT'")
                            .setParameter("run", run + ":%")
                            .getSingleResult())
                    .longValue());
  }

  /** The same number of messages straight over one SMTP connection, nothing else. */
  private double rawSmtpPerSecond() throws Exception {
    Properties props = new Properties();
    props.put("mail.smtp.host", SharedInfrastructure.smtp().host());
    props.put("mail.smtp.port", Integer.toString(SharedInfrastructure.smtp().port()));
    Session session = Session.getInstance(props);
    long start = System.nanoTime();
    try (Transport transport = session.getTransport("smtp")) {
      transport.connect();
      for (int i = 0; i < COUNT; i++) {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("followup@localhost"));
        InternetAddress to = new InternetAddress("raw-" + i + "@example.com");
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject("Send your thank-you to Dana Lee today");
        message.setText("Hi Sam Rivera, today is the day to thank Dana Lee.");
        transport.sendMessage(message, new InternetAddress[] {to});
      }
    }
    return COUNT / ((System.nanoTime() - start) / 1e9);
  }
}
