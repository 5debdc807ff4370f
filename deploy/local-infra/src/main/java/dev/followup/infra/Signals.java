package dev.followup.infra;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends POSIX signals to processes with the system's {@code kill} command: the JDK itself can only
 * send SIGTERM and SIGKILL, and fault tests also need SIGSTOP, SIGCONT and SIGQUIT.
 */
public final class Signals {

  private Signals() {}

  /**
   * Sends {@code signal} (a name such as {@code STOP}, {@code CONT}, {@code QUIT}) to the process.
   */
  public static void send(long pid, String signal) {
    if (!signal.matches("[A-Z0-9]+")) {
      throw new IllegalArgumentException("Not a signal name: " + signal);
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException(
            "kill -s "
                + signal
                + " "
                + pid
                + " failed: "
                + new String(kill.getInputStream().readAllBytes()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not run kill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
