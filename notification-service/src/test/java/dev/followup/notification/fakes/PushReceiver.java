package dev.followup.notification.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local push service with one user agent behind it: it holds the user agent's P-256 key pair and
 * authentication secret, checks each request's VAPID token (ES256 signature with the key in the
 * header, which must be the application server's; aud, exp and sub claims) and decrypts the payload
 * (RFC 8291, aes128gcm) with the JDK alone, independently of the sending library.
 */
public final class PushReceiver implements AutoCloseable {

  /** One message as the push service received and the user agent decrypted it. */
  public record Received(
      String path, Map<String, String> headers, Map<String, Object> claims, String payload) {}

  private final HttpServer server;
  private final KeyPair userAgent;
  private final byte[] authSecret = new byte[16];
  private final String vapidPublicKey;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> rejected = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> answers = new ConcurrentHashMap<>();

  public PushReceiver(String vapidPublicKey) throws Exception {
    this.vapidPublicKey = vapidPublicKey;
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    userAgent = generator.generateKeyPair();
    new SecureRandom().nextBytes(authSecret);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The endpoint of a subscription at {@code path}. */
  public String endpoint(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
  }

  public String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String p256dh() {
    return b64(uncompressed((ECPublicKey) userAgent.getPublic()));
  }

  public String auth() {
    return b64(authSecret);
  }

  /** Makes the endpoint at {@code path} answer {@code status} from now on. */
  public void answer(String path, int status) {
    answers.put("/" + path, status);
  }

  public List<Received> received(String path) {
    return received.stream().filter(r -> r.path().equals("/" + path)).toList();
  }

  public List<String> rejected() {
    return rejected;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
      int status = answers.getOrDefault(path, 201);
      if (status == 201) {
        try {
          Map<String, Object> claims = verifyVapid(headers.get("Authorization"));
          if (!"aes128gcm".equals(headers.get("Content-Encoding"))) {
            throw new SecurityException("Content-Encoding " + headers.get("Content-Encoding"));
          }
          received.add(
              new Received(
                  path, java.util.Collections.unmodifiableMap(headers), claims, decrypt(body)));
        } catch (Exception e) {
          rejected.add(path + ": " + e);
          System.err.println("[push-receiver] rejected " + path + ": " + e);
          status = 400;
        }
      }
      exchange.sendResponseHeaders(status, -1);
    }
  }

  /** Checks {@code vapid t=<jwt>, k=<key>} and returns the token's claims. */
  private Map<String, Object> verifyVapid(String authorization) throws Exception {
    if (authorization == null || !authorization.startsWith("vapid ")) {
      throw new SecurityException("No VAPID authorization: " + authorization);
    }
    String token = null;
    String key = null;
    for (String part : authorization.substring(6).split(",")) {
      String[] pair = part.strip().split("=", 2);
      if (pair[0].equals("t")) {
        token = pair[1];
      } else if (pair[0].equals("k")) {
        key = pair[1];
      }
    }
    if (!vapidPublicKey.equals(key)) {
      throw new SecurityException("Unexpected VAPID key " + key);
    }
    String[] jwt = token.split("\\.");
    Map<String, Object> header = json(new String(unb64(jwt[0]), StandardCharsets.UTF_8));
    if (!"ES256".equals(header.get("alg"))) {
      throw new SecurityException("alg " + header.get("alg"));
    }
    byte[] raw = unb64(jwt[2]);
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(publicKey(unb64(key)));
    verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    if (raw.length != 64 || !verifier.verify(raw)) {
      throw new SecurityException("Bad VAPID signature");
    }
    Map<String, Object> claims = json(new String(unb64(jwt[1]), StandardCharsets.UTF_8));
    long exp = ((Number) claims.get("exp")).longValue();
    long now = System.currentTimeMillis() / 1000;
    if (!origin().equals(claims.get("aud")) || exp <= now || exp > now + 24 * 3600) {
      throw new SecurityException("Bad claims " + claims);
    }
    return claims;
  }

  /** RFC 8291 with RFC 8188's aes128gcm, a single record. */
  private String decrypt(byte[] body) throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    int recordSize = in.getInt();
    byte[] senderKey = new byte[in.get() & 0xff];
    in.get(senderKey);
    byte[] ciphertext = new byte[in.remaining()];
    in.get(ciphertext);
    if (recordSize < ciphertext.length) {
      throw new SecurityException("More than one record");
    }

    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(userAgent.getPrivate());
    agreement.doPhase(publicKey(senderKey), true);
    byte[] ecdhSecret = agreement.generateSecret();

    byte[] uaPublic = uncompressed((ECPublicKey) userAgent.getPublic());
    byte[] keyInfo =
        concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, senderKey);
    byte[] ikm = expand(extract(authSecret, ecdhSecret), keyInfo, 32);
    byte[] prk = extract(salt, ikm);
    byte[] cek =
        expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
    byte[] nonce = expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] plain = cipher.doFinal(ciphertext);
    int end = plain.length - 1;
    while (end >= 0 && plain[end] == 0) {
      end--;
    }
    if (end < 0 || plain[end] != 2) {
      throw new SecurityException("No last-record delimiter");
    }
    return new String(plain, 0, end, StandardCharsets.UTF_8);
  }

  private static byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    return mac.doFinal(ikm);
  }

  /** HKDF-Expand for outputs of at most one hash length. */
  private static byte[] expand(byte[] prk, byte[] info, int length)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info);
    mac.update((byte) 1);
    return Arrays.copyOf(mac.doFinal(), length);
  }

  private static PublicKey publicKey(byte[] uncompressed) throws GeneralSecurityException {
    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
    if (uncompressed.length != 65 || uncompressed[0] != 4) {
      throw new SecurityException("Not an uncompressed P-256 point");
    }
    ECPoint point =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
            new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
  }

  private static byte[] uncompressed(ECPublicKey key) {
    return concat(new byte[] {4}, fixed(key.getW().getAffineX()), fixed(key.getW().getAffineY()));
  }

  private static byte[] fixed(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteBuffer out = ByteBuffer.allocate(length);
    for (byte[] part : parts) {
      out.put(part);
    }
    return out.array();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().readValue(text, Map.class);
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] unb64(String text) {
    return Base64.getUrlDecoder().decode(text);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
