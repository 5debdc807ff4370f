package dev.followup.notification.domain;

/** Where the delivery of one reminder stands. */
public enum DeliveryStatus {
  /** Waiting for its next attempt. */
  PENDING,
  /** Accepted by the provider (for email: the SMTP server). */
  SENT,
  /** Given up after the last allowed attempt. */
  FAILED
}
