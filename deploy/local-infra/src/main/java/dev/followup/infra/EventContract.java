package dev.followup.infra;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checks event data against the JSON Schema its producer publishes: the contract partners rely on.
 * For contract tests.
 */
public final class EventContract {

  private final Schema schema;

  private EventContract(Schema schema) {
    this.schema = schema;
  }

  /** Loads a JSON Schema (draft 2020-12) from the class path, e.g. {@code /schemas/x.v1.json}. */
  public static EventContract fromClasspath(String resource) {
    try (InputStream in = EventContract.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("No schema at " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new EventContract(
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
              .getSchema(text, InputFormat.JSON));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every way {@code json} breaks the schema; empty when it conforms. */
  public List<String> violations(String json) {
    return schema.validate(json, InputFormat.JSON).stream()
        .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
        .toList();
  }
}
