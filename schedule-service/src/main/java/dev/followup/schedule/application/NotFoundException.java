package dev.followup.schedule.application;

/**
 * Nothing by that id that the caller may see: it does not exist, or it is someone else's (the
 * caller cannot tell which).
 */
public class NotFoundException extends RuntimeException {

  public NotFoundException(String message) {
    super(message);
  }
}
