package dev.followup.notification.domain;

import java.util.List;
import java.util.Locale;

/**
 * The languages reminders (and the pages their links open) are written in, and which of them a
 * candidate's locale gets: the exact locale if it is supported, else one of its language ({@code
 * es-MX} gets {@code es}), else English. A candidate may store any well-formed locale: when a
 * language is added, the candidates who asked for it get it without saving their preferences again.
 */
public final class MessageLanguages {

  public static final Locale ENGLISH = Locale.ENGLISH;
  public static final Locale SPANISH = Locale.forLanguageTag("es");

  /** What a locale without a supported language gets. */
  public static final Locale DEFAULT = ENGLISH;

  /** Every language with a full set of templates, the default first. */
  public static final List<Locale> SUPPORTED = List.of(ENGLISH, SPANISH);

  private MessageLanguages() {}

  /** The supported locale to write to a candidate of {@code locale} in; never null. */
  public static Locale resolve(Locale locale) {
    if (locale == null || locale.getLanguage().isEmpty()) {
      return DEFAULT;
    }
    String tag = locale.toLanguageTag();
    for (Locale supported : SUPPORTED) {
      if (supported.toLanguageTag().equalsIgnoreCase(tag)) {
        return supported;
      }
    }
    for (Locale supported : SUPPORTED) {
      if (supported.getLanguage().equals(locale.getLanguage())
          && supported.getCountry().isEmpty()
          && supported.getScript().isEmpty()
          && supported.getVariant().isEmpty()) {
        return supported;
      }
    }
    return DEFAULT;
  }
}
