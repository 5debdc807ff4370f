package dev.followup.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * The services' own output as {@link RunningSystem} writes it ({@code
 * system-tests/target/service-logs/*.log}): read as an operator's log pipeline would, to prove that
 * no personal datum reaches it.
 */
final class ServiceLogs {

  private ServiceLogs() {}

  static Path directory(Path root) {
    return root.resolve("system-tests/target/service-logs");
  }

  /** Every line of every service log that contains one of {@code personalData}. */
  static List<String> linesContaining(Path root, Collection<String> personalData) {
    List<String> found = new ArrayList<>();
    Path directory = directory(root);
    if (!Files.isDirectory(directory)) {
      return found;
    }
    try (Stream<Path> logs = Files.list(directory)) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
        // Read leniently: a hostile request may have put bytes in a log that are not UTF-8.
        String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
          for (String datum : personalData) {
            if (lines[i].contains(datum)) {
              found.add(log.getFileName() + ":" + (i + 1) + " [" + datum + "] " + lines[i]);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** Fails, naming file and line, if a service logged any of {@code personalData}. */
  static void assertFree(Path root, Collection<String> personalData, String where) {
    assertThat(Files.isDirectory(directory(root)))
        .as("service logs at " + directory(root))
        .isTrue();
    assertThat(linesContaining(root, personalData))
        .as(where + ": personal data in the service logs")
        .isEmpty();
  }
}
