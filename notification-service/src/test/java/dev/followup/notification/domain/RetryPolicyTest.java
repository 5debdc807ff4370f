package dev.followup.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(3));

  @Test
  void waitsDoubleUpToTheMaximum() {
    assertThat(policy.delayAfter(1)).contains(Duration.ofSeconds(30));
    assertThat(policy.delayAfter(2)).contains(Duration.ofMinutes(1));
    assertThat(policy.delayAfter(3)).contains(Duration.ofMinutes(2));
    assertThat(policy.delayAfter(4)).contains(Duration.ofMinutes(3));
  }

  @Test
  void jitterSpreadsEachWaitByAFifthEitherWay() {
    assertThat(policy.delayAfter(2, 0.0)).contains(Duration.ofSeconds(48));
    assertThat(policy.delayAfter(2, 0.5)).contains(Duration.ofMinutes(1));
    assertThat(policy.delayAfter(2, 0.999999))
        .hasValueSatisfying(
            d -> assertThat(d).isBetween(Duration.ofSeconds(71), Duration.ofSeconds(72)));
    assertThat(policy.delayAfter(5, 0.5)).isEmpty();
  }

  @Test
  void givesUpAfterTheLastAttempt() {
    assertThat(policy.delayAfter(5)).isEmpty();
    assertThat(policy.delayAfter(6)).isEmpty();
  }

  @Test
  void doesNotOverflowOnManyAttempts() {
    RetryPolicy patient = new RetryPolicy(1000, Duration.ofSeconds(1), Duration.ofHours(1));
    assertThat(patient.delayAfter(999)).contains(Duration.ofHours(1));
  }

  @Test
  void rejectsAPolicyWithoutAttempts() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
