package dev.followup.schedule.domain.planning;

/**
 * The reminder channel a plan suggests. The notification-service may use the candidate's own choice
 * for the kind of step instead.
 */
public enum Channel {
  EMAIL,
  SMS,
  PUSH
}
