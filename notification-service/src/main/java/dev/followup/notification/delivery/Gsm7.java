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

  /** Whether the text goes out as one segment of the default alphabet. */
  public static boolean fitsOneSegment(String text) {
    int septets = septets(text);
    return septets >= 0 && septets <= SEGMENT;
  }
}
