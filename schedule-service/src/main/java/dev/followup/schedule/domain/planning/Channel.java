package dev.followup.schedule.domain.planning;

/** How a reminder reaches the candidate. */
public enum Channel {
  EMAIL
}
