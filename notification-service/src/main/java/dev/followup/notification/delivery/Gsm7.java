package dev.followup.notification.delivery;

/**
 * The GSM 03.38 default alphabet that SMS uses: which text fits it, and how many septets it takes
 * (characters of the extension table take two). A text of up to 160 septets is one SMS segment; a
 * single character outside the alphabet switches the whole message to UCS-2, 70 per segment.
 */
public final class Gsm7 {

  /** One SMS segment in the default alphabet. */
  public static final int SEGMENT = 160;

  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String EXTENSION = "^{}\\[~]|€\f";

  private Gsm7() {}

  /** Septets the text takes in the default alphabet, or -1 if it does not fit it. */
  public static int septets(String text) {
    int septets = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (BASIC.indexOf(c) >= 0) {
        septets++;
      } else if (EXTENSION.indexOf(c) >= 0) {
        septets += 2;
      } else {
        return -1;
      }
    }
    return septets;
  }

  /**
   * The text in the default alphabet if it can be written there with close equivalents: letters
   * with accents the alphabet lacks lose them ("María" becomes "Maria", "ñ" stays), typographic
   * quotes, dashes and spaces become plain ones. One character outside the alphabet would send the
   * whole message as UCS-2, 70 characters a segment instead of 160, so a name with an accent made a
   * two- or three-part SMS. A text with a character that has no such equivalent (a name in another
   * script) is returned as it is: better in two parts than misspelt.
   */
  public static String fitted(String text) {
    if (septets(text) >= 0) {
      return text;
    }
    StringBuilder fitted = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0) {
        fitted.append(c);
        continue;
      }
      String plain = plainEquivalent(c);
      if (plain == null) {
        return text;
      }
      fitted.append(plain);
    }
    return fitted.toString();
  }

  /** A stand-in from the alphabet for {@code c}, or null if there is none. */
  private static String plainEquivalent(char c) {
    switch (c) {
      case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032' -> {
        return "'";
      }
      case '\u201c', '\u201d', '\u201e', '\u2033' -> {
        return "\"";
      }
      case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212' -> {
        return "-";
      }
      case '\u2026' -> {
        return "...";
      }
      case '\u00a0', '\u2002', '\u2003', '\u2009', '\u202f' -> {
        return " ";
      }
      default -> {
        // A letter with a mark the alphabet lacks: its base letter, if the alphabet has that.
        String base =
            java.text.Normalizer.normalize(String.valueOf(c), java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "");
        return base.length() == 1 && BASIC.indexOf(base.charAt(0)) >= 0 ? base : null;
      }
    }
  }

  /** Whether the text goes out as one segment of the default alphabet. */
  public static boolean fitsOneSegment(String text) {
    int septets = septets(text);
    return septets >= 0 && septets <= SEGMENT;
  }
}
