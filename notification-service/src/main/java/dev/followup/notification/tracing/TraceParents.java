package dev.followup.notification.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * W3C {@code traceparent} strings kept in rows that are acted on later (deliveries, outbox events),
 * so that what a scheduler thread sends continues the trace of the record that caused it.
 */
public final class TraceParents {

  public static final String HEADER = "traceparent";

  private static final TextMapGetter<String> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
          return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
          return HEADER.equals(key) ? carrier : null;
        }
      };

  private TraceParents() {}

  /** The current span as {@code 00-<trace id>-<span id>-<flags>}, or null if there is none. */
  public static String current() {
    return format(Span.current().getSpanContext());
  }

  /**
   * What a consumed record's effects continue: the current span when it belongs to the record's
   * trace (the connector's consumer span), else the record's own {@code traceparent} header.
   */
  public static String continuing(String recordTraceParent) {
    SpanContext current = Span.current().getSpanContext();
    SpanContext incoming = Span.fromContext(context(recordTraceParent)).getSpanContext();
    if (current.isValid()
        && (!incoming.isValid() || current.getTraceId().equals(incoming.getTraceId()))) {
      return format(current);
    }
    return incoming.isValid() ? format(incoming) : null;
  }

  /** A context whose parent span is {@code traceParent}; the current one if it is null or bad. */
  public static Context context(String traceParent) {
    if (traceParent == null || traceParent.isBlank()) {
      return Context.current();
    }
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, GETTER);
  }

  private static String format(SpanContext span) {
    if (!span.isValid()) {
      return null;
    }
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
  }
}
