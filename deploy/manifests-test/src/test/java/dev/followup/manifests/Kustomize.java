package dev.followup.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a kustomization the way {@code kustomize build} does, for the features these manifests
 * use: resources (files and directories), configMapGenerator (from files, without the name's hash
 * suffix), patches (maps merged; on built-in kinds lists of named items merged by name, as a
 * strategic merge does; other lists replaced), images, labels and namespace. Anything else in a
 * kustomization.yaml fails the build, so that a feature added there is not silently ignored.
 */
final class Kustomize {

  static final String FILE = "kustomization.yaml";

  private static final List<String> KNOWN_FIELDS =
      List.of(
          "apiVersion",
          "kind",
          "resources",
          "configMapGenerator",
          "patches",
          "images",
          "labels",
          "namespace");

  private Kustomize() {}

  /** The resources the kustomization in {@code dir} produces. */
  static List<ObjectNode> build(Path dir) {
    JsonNode kustomization = Repository.yaml(dir.resolve(FILE));
    for (Map.Entry<String, JsonNode> property : kustomization.properties()) {
      String field = property.getKey();
      if (!KNOWN_FIELDS.contains(field)) {
        throw new IllegalStateException(dir.resolve(FILE) + ": unsupported field " + field);
      }
    }
    List<ObjectNode> resources = new ArrayList<>();
    for (Path entry : paths(dir, kustomization.path("resources"))) {
      if (Files.isDirectory(entry)) {
        resources.addAll(build(entry));
      } else {
        for (JsonNode document : Repository.yamlDocuments(entry)) {
          resources.add((ObjectNode) document);
        }
      }
    }
    for (JsonNode generator : kustomization.path("configMapGenerator")) {
      resources.add(generateConfigMap(dir, generator));
    }
    for (JsonNode patch : kustomization.path("patches")) {
      if (!patch.has("path") || patch.has("target")) {
        throw new IllegalStateException(dir + ": only patches by path, without target");
      }
      for (JsonNode document : Repository.yamlDocuments(dir.resolve(patch.get("path").asText()))) {
        ObjectNode target =
            find(resources, document.path("kind").asText(), name(document))
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            dir
                                + ": patch "
                                + patch.get("path").asText()
                                + " matches no "
                                + document.path("kind").asText()
                                + " "
                                + name(document)));
        // Built-in kinds get a strategic merge; custom resources a JSON merge patch (RFC 7386).
        merge(target, (ObjectNode) document, !target.path("apiVersion").asText().contains("."));
      }
    }
    for (JsonNode image : kustomization.path("images")) {
      for (ObjectNode resource : resources) {
        for (JsonNode container : containers(resource)) {
          String current = container.path("image").asText();
          int colon = current.lastIndexOf(':');
          String repository = colon < 0 ? current : current.substring(0, colon);
          String tag = colon < 0 ? "" : current.substring(colon + 1);
          if (repository.equals(image.path("name").asText())) {
            ((ObjectNode) container)
                .put(
                    "image",
                    image.path("newName").asText(repository)
                        + ":"
                        + image.path("newTag").asText(tag));
          }
        }
      }
    }
    for (JsonNode labels : kustomization.path("labels")) {
      if (labels.path("includeSelectors").asBoolean(false)
          || labels.path("includeTemplates").asBoolean(false)) {
        throw new IllegalStateException(dir + ": labels on selectors or templates not supported");
      }
      for (ObjectNode resource : resources) {
        ObjectNode metadata = resource.withObjectProperty("metadata");
        ObjectNode target = metadata.withObjectProperty("labels");
        labels.path("pairs").properties().forEach(e -> target.set(e.getKey(), e.getValue()));
      }
    }
    if (kustomization.hasNonNull("namespace")) {
      for (ObjectNode resource : resources) {
        resource
            .withObjectProperty("metadata")
            .put("namespace", kustomization.get("namespace").asText());
      }
    }
    return resources;
  }

  /** Every file or directory a kustomization names, whether it exists or not. */
  static List<Path> referencedPaths(Path dir) {
    JsonNode kustomization = Repository.yaml(dir.resolve(FILE));
    List<Path> paths = new ArrayList<>(paths(dir, kustomization.path("resources")));
    for (JsonNode patch : kustomization.path("patches")) {
      paths.add(dir.resolve(patch.path("path").asText()).normalize());
    }
    for (JsonNode generator : kustomization.path("configMapGenerator")) {
      paths.addAll(paths(dir, generator.path("files")));
    }
    return paths;
  }

  /**
   * A ConfigMap made of files (each a key named after the file), with the generator's labels and
   * annotations. Only without the hash suffix kustomize would add to its name: the suffix is not
   * computed here, so a generator that wants one fails the build.
   */
  private static ObjectNode generateConfigMap(Path dir, JsonNode generator) {
    for (Map.Entry<String, JsonNode> field : generator.properties()) {
      if (!List.of("name", "files", "options").contains(field.getKey())) {
        throw new IllegalStateException(dir + ": unsupported configMapGenerator field " + field);
      }
    }
    JsonNode options = generator.path("options");
    if (!options.path("disableNameSuffixHash").asBoolean(false)) {
      throw new IllegalStateException(
          dir + ": configMapGenerator " + generator.path("name") + " needs disableNameSuffixHash");
    }
    ObjectNode configMap = Repository.YAML.createObjectNode();
    configMap.put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode metadata = configMap.putObject("metadata");
    metadata.put("name", generator.path("name").asText());
    if (options.has("labels")) {
      metadata.set("labels", options.get("labels").deepCopy());
    }
    if (options.has("annotations")) {
      metadata.set("annotations", options.get("annotations").deepCopy());
    }
    ObjectNode data = configMap.putObject("data");
    for (Path file : paths(dir, generator.path("files"))) {
      data.put(file.getFileName().toString(), Repository.read(file));
    }
    return configMap;
  }

  static Optional<ObjectNode> find(List<ObjectNode> resources, String kind, String name) {
    return resources.stream()
        .filter(r -> r.path("kind").asText().equals(kind) && name(r).equals(name))
        .findFirst();
  }

  static List<ObjectNode> ofKind(List<ObjectNode> resources, String kind) {
    return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
  }

  static String name(JsonNode resource) {
    return resource.path("metadata").path("name").asText();
  }

  /** The containers of a Deployment's pod template; none for other kinds. */
  static List<JsonNode> containers(JsonNode resource) {
    List<JsonNode> containers = new ArrayList<>();
    resource.path("spec").path("template").path("spec").path("containers").forEach(containers::add);
    return containers;
  }

  private static List<Path> paths(Path dir, JsonNode entries) {
    List<Path> paths = new ArrayList<>();
    for (JsonNode entry : entries) {
      paths.add(dir.resolve(entry.asText()).normalize());
    }
    return paths;
  }

  private static void merge(ObjectNode target, ObjectNode patch, boolean strategic) {
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      JsonNode current = target.get(field.getKey());
      JsonNode change = field.getValue();
      if (change.isNull()) {
        target.remove(field.getKey());
      } else if (current instanceof ObjectNode currentObject && change instanceof ObjectNode o) {
        merge(currentObject, o, strategic);
      } else if (strategic
          && current instanceof ArrayNode currentArray
          && change instanceof ArrayNode changeArray
          && namedItems(currentArray)
          && namedItems(changeArray)) {
        for (JsonNode item : changeArray) {
          Optional<JsonNode> same = byName(currentArray, item.get("name").asText());
          if (same.isPresent()) {
            merge((ObjectNode) same.get(), (ObjectNode) item, true);
          } else {
            currentArray.add(item);
          }
        }
      } else {
        target.set(field.getKey(), change);
      }
    }
  }

  private static boolean namedItems(ArrayNode array) {
    for (JsonNode item : array) {
      if (!item.isObject() || !item.has("name")) {
        return false;
      }
    }
    return true;
  }

  private static Optional<JsonNode> byName(ArrayNode array, String name) {
    for (JsonNode item : array) {
      if (item.get("name").asText().equals(name)) {
        return Optional.of(item);
      }
    }
    return Optional.empty();
  }
}
