package dev.followup.interview.application;

/**
 * Nothing of this kind with this id exists for the caller. Another candidate's or tenant's resource
 * is reported the same way, so that its existence does not leak.
 */
public class ResourceNotFoundException extends RuntimeException {

  public ResourceNotFoundException(String kind, Object id) {
    super("No " + kind + " with id " + id);
  }
}
