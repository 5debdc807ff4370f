package dev.followup.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) running as its own
 * process, configured through system properties, its output in a log file.
 */
public final class ServiceProcess implements AutoCloseable {

  /**
   * JVM options of a service started for tests: a small heap and the client compiler only, which
   * start fast and leave the two cores to the rest of a test run.
   */
  public static final List<String> TEST_JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

  private final String name;
  private final List<String> command;
  private final Path log;
  private final int httpPort;
  private Process process;

  private ServiceProcess(String name, List<String> command, Path log, int httpPort) {
    this.name = name;
    this.command = command;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * Prepares (does not start) a service with the JVM options of tests ({@link #TEST_JVM_OPTIONS}).
   *
   * @param moduleDirectory the service's Maven module, already packaged
   * @param config Quarkus configuration passed as {@code -Dkey=value}
   */
  public static ServiceProcess of(
      String name, Path moduleDirectory, int httpPort, Map<String, String> config, Path log) {
    return of(name, moduleDirectory, httpPort, config, log, TEST_JVM_OPTIONS);
  }

  /**
   * Prepares (does not start) a service with JVM options of the caller's choosing, such as a
   * benchmark's production-like heap and compilers.
   *
   * @param jvmOptions options given to {@code java} before the service's configuration
   */
  public static ServiceProcess of(
      String name,
      Path moduleDirectory,
      int httpPort,
      Map<String, String> config,
      Path log,
      List<String> jvmOptions) {
    Path jar = moduleDirectory.resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: package the services first (./mvnw package)");
    }
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.add("-Dquarkus.http.port=" + httpPort);
    config.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toString());
    return new ServiceProcess(name, List.copyOf(command), log, httpPort);
  }

  public String name() {
    return name;
  }

  public String baseUrl() {
    return "http://localhost:" + httpPort;
  }

  public Path log() {
    return log;
  }

  /** Starts the process and waits until its readiness check passes. */
  public ServiceProcess start(Duration timeout) {
    try {
      Files.createDirectories(log.getParent());
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("Could not start " + name, e);
    }
    awaitReady(timeout);
    return this;
  }

  private void awaitReady(Duration timeout) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(250);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
  }

  /** The operating system's id of the running process. */
  public long pid() {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(name + " is not running");
    }
    return process.pid();
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Suspends the process ({@code SIGSTOP}), as a long garbage-collection pause, a stalled VM or a
   * debugger would: it holds its sockets and locks but does nothing until {@link #thaw()}.
   */
  public void freeze() {
    Signals.send(pid(), "STOP");
  }

  /** Lets a frozen process run again ({@code SIGCONT}). */
  public void thaw() {
    Signals.send(pid(), "CONT");
  }

  /** Ends the process at once, as a crash or {@code kill -9} would. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      waitForExit();
    }
  }

  /** Asks the process to shut down gracefully (SIGTERM) and waits for it. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      waitForExit();
    }
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
