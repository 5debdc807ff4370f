package dev.followup.localstack;

import sun.misc.Signal;

/**
 * Runs a stop action when the process receives a signal, instead of the JVM's own shutdown, and
 * exits once it is done, with the status a shell expects of that signal (130 for Ctrl-C).
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}, exported to every class path program)
 * is the one way a Java program can act on SIGINT and SIGTERM before its shutdown hooks start.
 */
final class OrderlyStop {

  private OrderlyStop() {}

  /** On {@code signal} (INT, TERM, HUP), runs {@code stop} on a thread of its own, then exits. */
  static void on(String signal, Runnable stop) {
    try {
      Signal.handle(
          new Signal(signal),
          received ->
              new Thread(
                      () -> {
                        stop.run();
                        System.exit(128 + received.getNumber());
                      },
                      "stop-on-SIG" + received.getName())
                  .start());
    } catch (IllegalArgumentException e) {
      // The signal is ignored here (a background job started without job control) or unknown to
      // this system: the JVM's own shutdown hook still stops everything on the others.
    }
  }
}
