package dev.followup.schedule.application;

/** An incoming event that cannot be acted on; it belongs in the dead-letter topic. */
public class InvalidEventException extends RuntimeException {

  public InvalidEventException(String message) {
    super(message);
  }

  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
