package dev.followup.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The checked-out repository: where its files are, its version, its services. */
final class Repository {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Path ROOT = findRoot();

  private Repository() {}

  static Path root() {
    return ROOT;
  }

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  /** The root pom's version: what the build stamps on every artifact and image. */
  static String projectVersion() {
    return directChildText(rootPom(), "version");
  }

  /**
   * The services: the root pom's modules that are Quarkus applications (an application.properties
   * of their own), e.g. interview-service.
   */
  static List<String> services() {
    List<String> services = new ArrayList<>();
    Element modules = directChild(rootPom(), "modules");
    NodeList list = modules.getElementsByTagName("module");
    for (int i = 0; i < list.getLength(); i++) {
      String module = list.item(i).getTextContent().trim();
      if (Files.isRegularFile(ROOT.resolve(module).resolve(ServiceConfig.LOCATION))) {
        services.add(module);
      }
    }
    if (services.isEmpty()) {
      throw new IllegalStateException("No service module found in " + ROOT.resolve("pom.xml"));
    }
    return services;
  }

  /** Every document of a YAML file, empty ones (a leading comment) left out. */
  static List<JsonNode> yamlDocuments(Path file) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode document = it.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse " + file, e);
    }
    return documents;
  }

  static JsonNode yaml(Path file) {
    List<JsonNode> documents = yamlDocuments(file);
    if (documents.size() != 1) {
      throw new IllegalStateException(file + " holds " + documents.size() + " documents, not one");
    }
    return documents.get(0);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Element rootPom() {
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(false);
      return factory
          .newDocumentBuilder()
          .parse(ROOT.resolve("pom.xml").toFile())
          .getDocumentElement();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read the root pom", e);
    }
  }

  private static Element directChild(Element parent, String name) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    throw new IllegalStateException("No <" + name + "> under <" + parent.getTagName() + ">");
  }

  private static String directChildText(Element parent, String name) {
    return directChild(parent, name).getTextContent().trim();
  }

  /** The directory holding the root pom and docker-compose.yml, from wherever the tests run. */
  private static Path findRoot() {
    String configured = System.getProperty("followup.root");
    if (configured != null && isRoot(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path candidate = Path.of("").toAbsolutePath();
    while (candidate != null && !isRoot(candidate)) {
      candidate = candidate.getParent();
    }
    if (candidate == null) {
      throw new IllegalStateException("Run from inside the repository: no root pom found");
    }
    return candidate;
  }

  private static boolean isRoot(Path dir) {
    return Files.isRegularFile(dir.resolve("pom.xml"))
        && Files.isDirectory(dir.resolve("deploy"))
        && Files.isRegularFile(dir.resolve("docker-compose.yml"));
  }
}
