package dev.followup.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every deployment descriptor is well-formed YAML, and every manifest names what it is. */
class YamlFilesTest {

  static Stream<Path> descriptors() throws IOException {
    Stream<Path> manifests =
        Files.walk(Repository.path("deploy/kubernetes"))
            .filter(Files::isRegularFile)
            .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"));
    return Stream.concat(Stream.of(Repository.path("docker-compose.yml")), manifests).sorted();
  }

  @ParameterizedTest
  @MethodSource("descriptors")
  void parses(Path file) {
    List<JsonNode> documents = Repository.yamlDocuments(file);

    assertThat(documents).as(file.toString()).isNotEmpty().allMatch(JsonNode::isObject);
    if (file.startsWith(Repository.path("deploy/kubernetes"))) {
      for (JsonNode document : documents) {
        assertThat(document.path("apiVersion").asText()).as(file + ": apiVersion").isNotBlank();
        assertThat(document.path("kind").asText()).as(file + ": kind").isNotBlank();
        if (!document.path("kind").asText().equals("Kustomization")) {
          assertThat(Kustomize.name(document)).as(file + ": metadata.name").isNotBlank();
        }
      }
    }
  }

  @Test
  void everyManifestFileIsPartOfAKustomization() throws IOException {
    Path kubernetes = Repository.path("deploy/kubernetes");
    List<Path> referenced;
    try (Stream<Path> dirs = Files.walk(kubernetes)) {
      referenced =
          dirs.filter(d -> Files.isRegularFile(d.resolve(Kustomize.FILE)))
              .flatMap(d -> Kustomize.referencedPaths(d).stream())
              .toList();
    }
    try (Stream<Path> files = Files.walk(kubernetes)) {
      assertThat(
              files
                  .filter(Files::isRegularFile)
                  .filter(f -> f.toString().endsWith(".yaml"))
                  .filter(f -> !f.getFileName().toString().equals(Kustomize.FILE)))
          .as("manifests no kustomization uses (they would never be applied)")
          .allMatch(referenced::contains);
    }
  }
}
