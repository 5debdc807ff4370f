package dev.followup.notification;

import static dev.followup.notification.FollowUpDueDeliveryTest.emailsTo;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A reminder taken in goes out at once, not at the dispatcher's next scheduled run: here the
 * scheduler runs the dispatcher once, a second after the start, and then only after an hour, so
 * every email that arrives was sent on a wake-up from the intake.
 */
@QuarkusTest
@TestProfile(WakeUpTest.HourlyDispatch.class)
class WakeUpTest {

  /** The dispatcher's scheduled run an hour apart. */
  public static class HourlyDispatch implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("delivery.dispatch.interval", "1h");
    }
  }

  /** Well past the first scheduled run, one second after the start, and the loop's one second. */
  private static final Duration IDLE = Duration.ofSeconds(3);

  private static final Duration WAIT = Duration.ofSeconds(20);

  final FollowUpEvents events = FollowUpEvents.shared();

  @Test
  void eachReminderIsSentAsSoonAsItIsTakenInWhileTheDispatcherIsIdle() {
    for (int reminder = 1; reminder <= 2; reminder++) {
      // The dispatch loop has stopped looking by now: only a wake-up can send what comes next.
      await().pollDelay(IDLE).atMost(IDLE.plusSeconds(1)).until(() -> true);
      String address = "wake-" + reminder + "-" + UUID.randomUUID() + "@example.com";
      events.publishThankYou("cand-" + UUID.randomUUID(), address);
      await().atMost(WAIT).until(() -> emailsTo(address).size() == 1);
    }
  }
}
