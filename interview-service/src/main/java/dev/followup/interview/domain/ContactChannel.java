package dev.followup.interview.domain;

/** How an interviewer prefers to be reached. */
public enum ContactChannel {
  EMAIL,
  PHONE,
  MAIL
}
