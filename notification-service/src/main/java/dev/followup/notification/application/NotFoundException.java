package dev.followup.notification.application;

/** What a request names does not exist (or is not the caller's). */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
