package dev.followup.interview.api;

/** Patterns shared by the request bodies. */
final class Formats {

  private Formats() {}

  /** A phone number as people write it, ideally in E.164 form (+33 1 23 45 67 89). */
  static final String PHONE = "^\\+?[0-9][0-9 ().-]{3,38}$";

  /** A BCP 47 language tag such as en, en-US or pt-BR. */
  static final String LANGUAGE_TAG = "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$";

  /** Media types accepted for a stored document. */
  static final String TEXT_TYPE = "^text/(plain|markdown|html)$";
}
