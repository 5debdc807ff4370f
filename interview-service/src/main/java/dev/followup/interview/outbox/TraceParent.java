package dev.followup.interview.outbox;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The W3C {@code traceparent} of a trace, kept with an outbox row so that the record relayed later,
 * from another thread, continues the trace of the request that wrote the row.
 */
final class TraceParent {

  private static final String HEADER = "traceparent";

  /** Reads a stored traceparent as the only header of a carrier. */
  private static final TextMapGetter<String> STORED =
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

  private TraceParent() {}

  /** The traceparent of the span current on this thread, or null outside any trace. */
  static String current() {
    Map<String, String> carrier = new HashMap<>();
    W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
    return carrier.get(HEADER);
  }

  /**
   * The context a stored traceparent names, as a remote parent; the root context when there is none
   * (the record then starts a trace of its own).
   */
  static Context restore(String traceParent) {
    if (traceParent == null || traceParent.isBlank()) {
      return Context.root();
    }
    return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceParent, STORED);
  }
}
