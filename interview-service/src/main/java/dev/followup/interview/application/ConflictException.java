package dev.followup.interview.application;

/** The request is understood but conflicts with the current state of the resource. */
public class ConflictException extends RuntimeException {

  public ConflictException(String message) {
    super(message);
  }
}
