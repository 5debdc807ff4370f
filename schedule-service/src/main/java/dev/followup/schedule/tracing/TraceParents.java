package dev.followup.schedule.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * W3C {@code traceparent} strings ({@code 00-<trace id>-<span id>-<flags>}) for work that is done
 * later than the change that caused it: a step fires minutes or days after it was planned, an
 * outbox row is relayed after its transaction committed. The row keeps the string captured when it
 * was written; the sender turns it back into a context and makes that current while sending.
 */
public final class TraceParents {

  /** The header (and its only key) of the W3C Trace Context. */
  public static final String HEADER = "traceparent";

  private static final TextMapGetter<String> SINGLE_VALUE =
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

  /** The current span as a traceparent, or null when nothing is being traced. */
  public static String current() {
    SpanContext span = Span.current().getSpanContext();
    if (!span.isValid()) {
      return null;
    }
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
  }

  /**
   * Runs {@code work} with the context {@code traceParent} names made current (see {@link
   * #context}), so that {@link #current()} and spans started meanwhile belong to that trace.
   */
  public static void runIn(String traceParent, Runnable work) {
    try (Scope scope = context(traceParent).makeCurrent()) {
      work.run();
    }
  }

  /**
   * The context a stored traceparent names, as the parent of what is done now; the current context
   * when there is none (or it is not a valid traceparent).
   */
  public static Context context(String traceParent) {
    if (traceParent == null || traceParent.isBlank()) {
      return Context.current();
    }
    Context extracted =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, SINGLE_VALUE);
    return Span.fromContext(extracted).getSpanContext().isValid() ? extracted : Context.current();
  }
}
