package dev.followup.interview.application;

/** The client changed a resource from a version that is no longer the current one. */
public class VersionMismatchException extends RuntimeException {

  public VersionMismatchException(long expected, long actual) {
    super("The resource is at version " + actual + ", not " + expected + "; read it again");
  }

  /** Throws unless {@code expected} is null (no check asked) or equals {@code actual}. */
  static void check(Long expected, long actual) {
    if (expected != null && expected != actual) {
      throw new VersionMismatchException(expected, actual);
    }
  }
}
