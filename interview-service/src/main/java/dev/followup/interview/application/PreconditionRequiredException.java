package dev.followup.interview.application;

/** A change of an existing resource came without the version it was made from (If-Match). */
public class PreconditionRequiredException extends RuntimeException {

  public PreconditionRequiredException() {
    super("Send the ETag you read in If-Match to change this resource");
  }
}
