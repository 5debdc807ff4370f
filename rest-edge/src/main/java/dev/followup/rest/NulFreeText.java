package dev.followup.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Refuses the NUL character (U+0000) in every string of every JSON body: PostgreSQL cannot store it
 * in text or jsonb, so it would otherwise fail the request deep in the database, with a 500.
 * Jackson reads every {@code String} (fields, list elements, record components) through this
 * deserializer, so the refusal names the field like any other unreadable value.
 */
@Singleton
public class NulFreeText implements ObjectMapperCustomizer {

  public static final String MESSAGE = "must not contain the NUL character (U+0000)";

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.registerModule(
        new SimpleModule("nul-free-text").addDeserializer(String.class, new Deserializer()));
  }

  /** Jackson's own string reading, then the check. */
  static final class Deserializer extends StringDeserializer {

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      String text = super.deserialize(parser, context);
      if (text != null && text.indexOf('\u0000') >= 0) {
        throw new NulCharacterException(parser);
      }
      return text;
    }
  }

  /** A string holding NUL; Jackson adds the field's path as the exception travels up. */
  public static final class NulCharacterException extends InvalidFormatException {
    NulCharacterException(JsonParser parser) {
      // The value itself is not kept: it may be personal data, and the message may be logged.
      super(parser, MESSAGE, null, String.class);
    }
  }
}
