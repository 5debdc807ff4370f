package dev.followup.rest;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every request body, before it is read as JSON or text: at most the configured size (a body sent
 * in chunks, without a Content-Length, is counted here; {@link BodySizeLimit} refuses a declared
 * length that is too large before any of it is read), and, when it is text, strict UTF-8.
 *
 * <p>Jackson's UTF-8 reader takes overlong forms (C0 AF read as "/") and code points above
 * U+10FFFF, and a body read as a string is decoded with replacement characters: the JDK's decoder,
 * set to report, refuses both, as RFC 3629 requires.
 */
@Provider
public class RequestBodies implements ReaderInterceptor {

  private final long limit;

  RequestBodies(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
    this.limit = maxBodySize.asLongValue();
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    byte[] body =
        context.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (body.length > limit) {
      throw new BodyTooLargeException(limit);
    }
    if (isUtf8Text(context.getMediaType())) {
      requireUtf8(body);
    }
    context.setInputStream(new ByteArrayInputStream(body));
    return context.proceed();
  }

  /** JSON is UTF-8 (RFC 8259); text is when it declares no other charset. */
  private static boolean isUtf8Text(MediaType type) {
    if (type == null) {
      return true;
    }
    String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset != null
        && !charset.equalsIgnoreCase("utf-8")
        && !charset.equalsIgnoreCase("utf8")) {
      return false;
    }
    String subtype = type.getSubtype().toLowerCase();
    return type.getType().equalsIgnoreCase("text")
        || subtype.equals("json")
        || subtype.endsWith("+json")
        || type.isWildcardType();
  }

  /** Throws {@link MalformedUtf8Exception} unless {@code body} is UTF-8, as RFC 3629 defines it. */
  public static void requireUtf8(byte[] body) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(4096);
    CoderResult result;
    do {
      out.clear();
      result = decoder.decode(in, out, true);
    } while (result.isOverflow());
    if (result.isError()) {
      // Also a sequence cut short by the end of the body.
      throw new MalformedUtf8Exception(in.position());
    }
  }

  /** A body larger than the limit. */
  public static final class BodyTooLargeException extends RuntimeException {
    final long limit;

    BodyTooLargeException(long limit) {
      super("The body is larger than " + limit + " bytes", null, false, false);
      this.limit = limit;
    }
  }

  /** A text body that is not UTF-8. */
  public static final class MalformedUtf8Exception extends RuntimeException {
    MalformedUtf8Exception(int offset) {
      super("The body is not valid UTF-8 (at byte " + offset + ")", null, false, false);
    }
  }
}
