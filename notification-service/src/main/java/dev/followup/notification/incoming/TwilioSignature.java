package dev.followup.notification.incoming;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's webhook signature: base64 of HMAC-SHA1, keyed with the account's auth token, over the
 * full URL Twilio requested followed by every POST parameter, sorted by name, as name then value.
 */
final class TwilioSignature {

  private TwilioSignature() {}

  static String sign(String authToken, String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params)
        .forEach((name, values) -> values.forEach(value -> data.append(name).append(value)));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compares in constant time. */
  static boolean isValid(
      String authToken, String url, Map<String, List<String>> params, String signature) {
    if (signature == null || signature.isBlank()) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(authToken, url, params).getBytes(StandardCharsets.US_ASCII),
        signature.strip().getBytes(StandardCharsets.US_ASCII));
  }
}
