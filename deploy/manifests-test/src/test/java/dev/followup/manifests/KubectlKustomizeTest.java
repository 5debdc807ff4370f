package dev.followup.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where kubectl is installed, {@code kubectl kustomize} builds each kustomization into exactly what
 * the other tests check (their {@link Kustomize} builds it without kubectl). Skipped elsewhere.
 */
class KubectlKustomizeTest {

  static List<String> kustomizations() {
    return KubernetesManifestsTest.kustomizations().toList();
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void kubectlBuildsWhatTheTestsCheck(String kustomization) throws Exception {
    Path kubectl = onPath("kubectl");
    assumeTrue(kubectl != null, "kubectl is not installed");

    Path output = Files.createTempFile("kustomize", ".yaml");
    try {
      Process process =
          new ProcessBuilder(
                  kubectl.toString(), "kustomize", Repository.path(kustomization).toString())
              .redirectErrorStream(false)
              .redirectOutput(output.toFile())
              .redirectError(ProcessBuilder.Redirect.PIPE)
              .start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finishes").isTrue();
      String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue())
          .as("kubectl kustomize " + kustomization + ": " + errors)
          .isZero();

      List<JsonNode> expected = new ArrayList<>();
      try (MappingIterator<JsonNode> it =
          Repository.YAML.readerFor(JsonNode.class).readValues(output.toFile())) {
        it.forEachRemaining(expected::add);
      }
      List<JsonNode> actual = new ArrayList<>(KubernetesManifestsTest.build(kustomization));
      Comparator<JsonNode> byId =
          Comparator.comparing((JsonNode r) -> r.path("kind").asText())
              .thenComparing(Kustomize::name);
      expected.sort(byId);
      actual.sort(byId);
      assertThat(actual).isEqualTo(expected);
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static Path onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
