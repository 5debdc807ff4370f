package dev.followup.notification.domain;

/** How a reminder reaches the candidate. */
public enum Channel {
  EMAIL,
  SMS,
  PUSH
}
