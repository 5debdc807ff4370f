package dev.followup.infra;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker (KRaft, combined broker and controller roles) as its own process, from
 * the Kafka jars on this program's class path. Its data survives restarts.
 */
public final class KafkaServerProcess implements AutoCloseable {

  private final Path directory;
  private final int port;
  private final int controllerPort;
  private final String classPath;
  private Process process;

  public KafkaServerProcess(Path directory, int port, int controllerPort, String classPath) {
    this.directory = directory;
    this.port = port;
    this.controllerPort = controllerPort;
    this.classPath = classPath;
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public void start(Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(directory);
    Path config = writeConfig();
    Path logging = directory.resolve("log4j2.xml");
    try (InputStream in = KafkaServerProcess.class.getResourceAsStream("/kafka-log4j2.xml")) {
      Files.copy(in, logging, StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.exists(directory.resolve("data/meta.properties"))) {
      // First start: format the storage with a new cluster id, as kafka-storage.sh does.
      run(
          List.of(
              "kafka.tools.StorageTool",
              "format",
              "--standalone",
              "--cluster-id",
              Uuid.randomUuid().toString(),
              "--config",
              config.toString()),
          logging,
          true);
    }
    process = run(List.of("kafka.Kafka", config.toString()), logging, false);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!listening()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Kafka exited; see " + directory.resolve("kafka.log"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Kafka not up after " + timeout);
      }
      Thread.sleep(200);
    }
  }

  private Path writeConfig() throws IOException {
    Path config = directory.resolve("server.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
            "advertised.listeners=PLAINTEXT://localhost:" + port,
            "controller.listener.names=CONTROLLER",
            "controller.quorum.bootstrap.servers=localhost:" + controllerPort,
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + directory.resolve("data"),
            "num.partitions=3",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            ""));
    return config;
  }

  private Process run(List<String> arguments, Path logging, boolean waitForExit)
      throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m",
                "-Dlog4j2.configurationFile=" + logging,
                "-cp",
                classPath));
    command.addAll(arguments);
    Process started =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(directory.resolve("kafka.log").toFile()))
            .start();
    if (waitForExit) {
      if (!started.waitFor(60, TimeUnit.SECONDS) || started.exitValue() != 0) {
        throw new IllegalStateException(
            "Formatting Kafka storage failed; see " + directory.resolve("kafka.log"));
      }
    }
    return started;
  }

  private boolean listening() {
    try (Socket socket = new Socket("localhost", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Ends the broker at once ({@code kill -9}): no controlled shutdown, logs not flushed. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
