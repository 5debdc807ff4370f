package dev.followup.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The body size limit ({@code quarkus.http.limits.max-body-size}) answered as an RFC 9457 problem.
 * Quarkus enforces it itself with a bare 413; this route runs just before Quarkus' and answers
 * first: a declared Content-Length over the limit gets the problem at once, before any of the body
 * is read (a client that waits for {@code 100 Continue} sends none of it). A body sent in chunks
 * declares no length: {@link RequestBodies} counts it as it is read and answers the same problem.
 */
@ApplicationScoped
public class BodySizeLimit {

  private final long limit;
  private final ObjectMapper objectMapper;

  BodySizeLimit(
      @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
      ObjectMapper objectMapper) {
    this.limit = maxBodySize.asLongValue();
    this.objectMapper = objectMapper;
  }

  void install(@Observes Router router) {
    router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    router
        .route()
        .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1)
        .handler(BodySizeLimit::countedWhenRead);
  }

  /** The problem for a body over {@code limit} bytes. */
  static Problem tooLarge(long limit, String path) {
    return new Problem(
        Problem.BODY_TOO_LARGE,
        "Request body too large",
        413,
        "The request body may hold at most " + limit + " bytes",
        path,
        List.of());
  }

  private void check(RoutingContext context) {
    String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      context.next(); // Chunked, or no body: see countedWhenRead.
      return;
    }
    long declared;
    try {
      declared = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      context.next(); // Not a length: the HTTP layer refuses it.
      return;
    }
    if (declared <= limit) {
      context.next();
      return;
    }
    byte[] problem;
    try {
      problem = objectMapper.writeValueAsBytes(tooLarge(limit, context.request().path()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // As Quarkus does: the unread body makes the connection unusable, so it is closed.
    context
        .response()
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .endHandler(done -> context.request().connection().close())
        .end(Buffer.buffer(problem));
  }

  /**
   * A body of no declared length is counted by {@link RequestBodies} as it is read, which answers a
   * problem; Quarkus' count (the request's maximum size, set by its route just before this one)
   * would answer first with a bare 413, so it is taken off.
   */
  private static void countedWhenRead(RoutingContext context) {
    String type = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
    boolean form =
        type != null
            && (type.toLowerCase().startsWith("application/x-www-form-urlencoded")
                || type.toLowerCase().startsWith("multipart/"));
    // Forms are parsed by Quarkus itself, not through RequestBodies: they keep Quarkus' count.
    if (context.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null && !form) {
      context.remove(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY);
    }
    context.next();
  }
}
