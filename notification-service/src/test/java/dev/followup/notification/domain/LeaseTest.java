package dev.followup.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseTest {

  private static final Instant END = Instant.parse("2026-12-02T10:02:00Z");
  private static final Duration BUDGET = Duration.ofSeconds(60);
  private final Lease lease = new Lease(END);

  @Test
  void aSendStartsOnlyIfItCanEndWithinTheLease() {
    assertThat(lease.beforeSend(END.minusSeconds(120), BUDGET)).isEqualTo(Lease.BeforeSend.SEND);
    assertThat(lease.beforeSend(END.minusSeconds(60), BUDGET)).isEqualTo(Lease.BeforeSend.SEND);
    assertThat(lease.beforeSend(END.minusSeconds(59), BUDGET)).isEqualTo(Lease.BeforeSend.RELEASE);
    assertThat(lease.beforeSend(END.minusMillis(1), BUDGET)).isEqualTo(Lease.BeforeSend.RELEASE);
  }

  @Test
  void aLapsedLeaseIsLeftAlone() {
    assertThat(lease.beforeSend(END, BUDGET)).isEqualTo(Lease.BeforeSend.LEAVE);
    assertThat(lease.beforeSend(END.plusSeconds(5), BUDGET)).isEqualTo(Lease.BeforeSend.LEAVE);
  }
}
