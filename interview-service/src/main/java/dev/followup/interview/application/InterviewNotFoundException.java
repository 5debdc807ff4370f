package dev.followup.interview.application;

import java.util.UUID;

/** No interview with this id exists. */
public class InterviewNotFoundException extends RuntimeException {

  public InterviewNotFoundException(UUID id) {
    super("No interview with id " + id);
  }
}
