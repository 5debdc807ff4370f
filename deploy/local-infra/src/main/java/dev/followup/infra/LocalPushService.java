package dev.followup.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
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
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local Web Push service with its user agents. {@link #subscribe()} creates a subscription as a
 * browser would (an endpoint on this server, a P-256 key pair and an authentication secret); the
 * candidate registers its endpoint and public keys with the service under test. For each push
 * request the server checks the VAPID token (RFC 8292: ES256 signature with the key in the header,
 * which must be the expected application server key when one is given; aud, exp and sub claims) and
 * decrypts the payload (RFC 8291, aes128gcm) with the JDK alone, independently of the library the
 * sender uses.
 *
 * <p>Failures can be injected: {@link #answer} makes one subscription answer a status from now on
 * (410 for an expired subscription), {@link #failNext} answers the next N requests with a status,
 * {@link #down()} answers 503 until {@link #up()}. Control over HTTP, for another process: {@code
 * POST /_control/subscriptions} answers a new subscription as JSON ({@code endpoint}, {@code
 * keys.p256dh}, {@code keys.auth}), {@code POST /_control/down}, {@code POST /_control/up}.
 */
public final class LocalPushService implements AutoCloseable {

  /** A subscription as the browser's {@code PushSubscription.toJSON()} gives it. */
  public record Subscription(String id, String endpoint, String p256dh, String auth) {}

  /**
   * An application server's VAPID key pair, base64url, in the forms the notification-service is
   * configured with: the public key as an uncompressed P-256 point, the private key as its 32-byte
   * scalar.
   */
  public record VapidKeys(String publicKey, String privateKey) {

    /** A new key pair, so that no test shares a private key with a deployment. */
    public static VapidKeys generate() {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        return new VapidKeys(
            b64(uncompressed((ECPublicKey) pair.getPublic())),
            b64(fixed(((ECPrivateKey) pair.getPrivate()).getS())));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("No P-256 key generation in this JVM", e);
      }
    }
  }

  /**
   * One push message as the service received it and its user agent decrypted it.
   *
   * @param receivedAt when the service accepted it
   */
  public record Received(
      String subscriptionId,
      Map<String, String> headers,
      Map<String, Object> claims,
      String payload,
      Instant receivedAt) {

    public int ttl() {
      return Integer.parseInt(headers.get("TTL"));
    }

    /** {@code very-low}, {@code low}, {@code normal} (also when absent) or {@code high}. */
    public String urgency() {
      return headers.getOrDefault("Urgency", "normal");
    }

    /** The replacement topic, or null. */
    public String topic() {
      return headers.get("Topic");
    }
  }

  private record UserAgent(KeyPair keys, byte[] authSecret) {}

  private static final String PATH_PREFIX = "/push/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String expectedVapidKey;
  private final Map<String, UserAgent> userAgents = new ConcurrentHashMap<>();
  private final Map<String, Integer> answers = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> rejected = new CopyOnWriteArrayList<>();
  private final AtomicInteger failNextCount = new AtomicInteger();
  private volatile int failNextStatus;
  private volatile boolean down;

  private LocalPushService(HttpServer server, String expectedVapidKey) {
    this.server = server;
    this.expectedVapidKey = expectedVapidKey;
  }

  /**
   * Starts the service on {@code port} of the loopback interface (0 picks a free one). It accepts
   * only tokens signed with {@code vapidPublicKey} (base64url, uncompressed point), or with any key
   * when it is null.
   */
  public static LocalPushService start(int port, String vapidPublicKey) {
    try {
      HttpServer server = LocalHttpServers.onLoopback(port);
      LocalPushService service = new LocalPushService(server, vapidPublicKey);
      server.createContext("/", service::handle);
      server.start();
      return service;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the local push service on " + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The audience VAPID tokens must name. */
  public String origin() {
    return "http://127.0.0.1:" + port();
  }

  /** A new subscription of a new user agent. */
  public Subscription subscribe() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      byte[] authSecret = new byte[16];
      new SecureRandom().nextBytes(authSecret);
      UserAgent agent = new UserAgent(generator.generateKeyPair(), authSecret);
      String id = UUID.randomUUID().toString();
      userAgents.put(id, agent);
      return new Subscription(
          id,
          origin() + PATH_PREFIX + id,
          b64(uncompressed((ECPublicKey) agent.keys().getPublic())),
          b64(authSecret));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("No P-256 key generation in this JVM", e);
    }
  }

  /** Makes {@code subscription} answer {@code status} from now on (410: the user unsubscribed). */
  public void answer(Subscription subscription, int status) {
    answers.put(subscription.id(), status);
  }

  /** The next {@code count} push requests, for any subscription, are answered {@code status}. */
  public synchronized void failNext(int count, int status) {
    failNextStatus = status;
    failNextCount.set(count);
  }

  /** Answers every push request 503 until {@link #up()}. */
  public void down() {
    down = true;
  }

  public void up() {
    down = false;
  }

  /** Every message received and decrypted so far, in arrival order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  public List<Received> received(Subscription subscription) {
    return received.stream().filter(r -> r.subscriptionId().equals(subscription.id())).toList();
  }

  /** Why each refused request was refused (bad token, bad encryption, unknown subscription). */
  public List<String> rejected() {
    return List.copyOf(rejected);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (path.startsWith("/_control/") && exchange.getRequestMethod().equals("POST")) {
        control(exchange, path.substring("/_control/".length()));
        return;
      }
      String id = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
      UserAgent agent = userAgents.get(id);
      if (agent == null || !exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.sendResponseHeaders(accept(id, agent, exchange, body), -1);
    }
  }

  private int accept(String id, UserAgent agent, HttpExchange exchange, byte[] body) {
    if (down) {
      return 503;
    }
    Integer scripted = scriptedFailure();
    if (scripted != null) {
      return scripted;
    }
    int status = answers.getOrDefault(id, 201);
    if (status != 201) {
      return status;
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
    try {
      Map<String, Object> claims = verifyVapid(headers.get("Authorization"));
      if (!"aes128gcm".equals(headers.get("Content-Encoding"))) {
        throw new SecurityException("Content-Encoding " + headers.get("Content-Encoding"));
      }
      if (headers.get("TTL") == null) {
        throw new SecurityException("No TTL header");
      }
      received.add(
          new Received(
              id,
              Collections.unmodifiableMap(headers),
              claims,
              decrypt(agent, body),
              Instant.now()));
      return 201;
    } catch (Exception e) {
      rejected.add(id + ": " + e);
      return 400;
    }
  }

  private synchronized Integer scriptedFailure() {
    if (failNextCount.get() <= 0) {
      return null;
    }
    failNextCount.decrementAndGet();
    return failNextStatus;
  }

  private void control(HttpExchange exchange, String command) throws IOException {
    switch (command) {
      case "subscriptions" -> {
        Subscription subscription = subscribe();
        byte[] json =
            JSON.writeValueAsBytes(
                Map.of(
                    "endpoint",
                    subscription.endpoint(),
                    "keys",
                    Map.of("p256dh", subscription.p256dh(), "auth", subscription.auth())));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(201, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(json);
        }
      }
      case "down" -> {
        down();
        exchange.sendResponseHeaders(204, -1);
      }
      case "up" -> {
        up();
        exchange.sendResponseHeaders(204, -1);
      }
      default -> exchange.sendResponseHeaders(404, -1);
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
    if (token == null || key == null) {
      throw new SecurityException("VAPID authorization without t or k");
    }
    if (expectedVapidKey != null && !expectedVapidKey.equals(key)) {
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
  private static String decrypt(UserAgent agent, byte[] body) throws GeneralSecurityException {
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
    agreement.init(agent.keys().getPrivate());
    agreement.doPhase(publicKey(senderKey), true);
    byte[] ecdhSecret = agreement.generateSecret();

    byte[] uaPublic = uncompressed((ECPublicKey) agent.keys().getPublic());
    byte[] keyInfo =
        concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, senderKey);
    byte[] ikm = expand(extract(agent.authSecret(), ecdhSecret), keyInfo, 32);
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
    return JSON.readValue(text, Map.class);
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
