package dev.followup.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * An AsyncAPI 3.0 document a service publishes for partners, read as a contract test reads it:
 * which channels (topics) it names, and for each the messages (CloudEvent types) and the JSON
 * Schema of their data, followed through the document's {@code $ref}s. Checking the document this
 * way, rather than for words it contains, catches a type listed under the wrong topic or a schema
 * reference that leads nowhere.
 */
public final class AsyncApiDocument {

  private final JsonNode root;

  private AsyncApiDocument(JsonNode root) {
    this.root = root;
  }

  /** Reads the document at {@code resource} on the class path, e.g. {@code /asyncapi.yaml}. */
  public static AsyncApiDocument fromClasspath(String resource) {
    try (InputStream in = AsyncApiDocument.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No AsyncAPI document at " + resource);
      }
      return new AsyncApiDocument(new ObjectMapper(new YAMLFactory()).readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The AsyncAPI version it declares. */
  public String version() {
    return root.path("asyncapi").asText();
  }

  /**
   * For each channel address (topic), its messages: message name (the CloudEvent type) to the
   * {@code $ref} of its payload's schema as written (relative to the document).
   */
  public Map<String, Map<String, String>> channels() {
    Map<String, Map<String, String>> channels = new TreeMap<>();
    for (Iterator<JsonNode> it = root.path("channels").elements(); it.hasNext(); ) {
      JsonNode channel = it.next();
      Map<String, String> messages = new TreeMap<>();
      for (Iterator<JsonNode> m = channel.path("messages").elements(); m.hasNext(); ) {
        JsonNode message = resolve(m.next());
        JsonNode payload = message.path("payload");
        // A payload is a schema, or a schema with its format (AsyncAPI's Multi Format Schema).
        JsonNode schema = payload.has("schema") ? payload.path("schema") : payload;
        messages.put(message.path("name").asText(), schema.path("$ref").asText());
      }
      channels.put(channel.path("address").asText(), messages);
    }
    return channels;
  }

  /** The node a local {@code $ref} ({@code #/a/b}) points at, or the node itself if it has none. */
  private JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText("");
    if (!ref.startsWith("#/")) {
      return node;
    }
    JsonNode target = root.at(ref.substring(1));
    if (target.isMissingNode()) {
      throw new IllegalStateException("The document's reference " + ref + " leads nowhere");
    }
    return target;
  }
}
