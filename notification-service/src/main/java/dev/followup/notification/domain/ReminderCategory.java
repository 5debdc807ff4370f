package dev.followup.notification.domain;

/**
 * The three sorts of reminder a candidate chooses channels for: a draft to send, a call to make, or
 * a nudge with nothing to send.
 */
public enum ReminderCategory {
  /** Something to write and send or post: thank-you emails, mailed notes, check-in emails. */
  DRAFT,
  /** A call to make: thank-you calls, check-ins by phone. */
  CALL,
  /** Nothing to send: reference alerts, keep-searching nudges. */
  NUDGE;

  /** The category of a due step. */
  public static ReminderCategory of(StepKind kind, StepAction action) {
    return switch (kind) {
      case THANK_YOU_EMAIL, MAILED_NOTE -> DRAFT;
      case THANK_YOU_CALL -> CALL;
      case CHECK_IN -> action == StepAction.CALL ? CALL : DRAFT;
      case ALERT_REFERENCE, KEEP_SEARCHING -> NUDGE;
    };
  }
}
