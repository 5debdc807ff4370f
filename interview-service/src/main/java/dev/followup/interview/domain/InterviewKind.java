package dev.followup.interview.domain;

/** How an interview is held. */
public enum InterviewKind {
  PHONE,
  VIDEO,
  ON_SITE,
  PANEL
}
