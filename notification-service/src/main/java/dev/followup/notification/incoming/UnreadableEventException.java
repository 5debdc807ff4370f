package dev.followup.notification.incoming;

/**
 * An incoming record that can never be processed, however often it is retried: not a CloudEvent of
 * a known type, not JSON, or missing what the contract requires. Its message becomes the
 * dead-letter reason.
 */
public class UnreadableEventException extends RuntimeException {

  public UnreadableEventException(String message) {
    super(message);
  }

  public UnreadableEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
