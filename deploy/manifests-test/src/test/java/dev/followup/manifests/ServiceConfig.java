package dev.followup.manifests;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's src/main/resources/application.properties, as the deployment sees it. */
final class ServiceConfig {

  static final String LOCATION = "src/main/resources/application.properties";

  /** A key documented but left unset: {@code #sms.twilio.from=}. */
  private static final Pattern COMMENTED_KEY =
      Pattern.compile("^#\\s*([a-z][a-z0-9]*(?:[.-][a-z0-9\"]+)+)\\s*=", Pattern.MULTILINE);

  /** An environment variable the configuration reads itself: {@code ${JWT_ISSUER:default}}. */
  private static final Pattern REFERENCED_ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

  private static final Pattern CHANNEL_TOPIC =
      Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.topic");

  final String service;

  /** Keys of every profile, without their {@code %profile.} prefix, and the commented ones. */
  final Set<String> keys = new TreeSet<>();

  /** Values of the default profile. */
  final Map<String, String> values = new LinkedHashMap<>();

  final Set<String> referencedEnvironment = new TreeSet<>();

  private ServiceConfig(String service) {
    this.service = service;
  }

  static ServiceConfig of(String service) {
    Path file = Repository.path(service).resolve(LOCATION);
    String text = Repository.read(file);
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ServiceConfig config = new ServiceConfig(service);
    for (String key : properties.stringPropertyNames()) {
      String value = properties.getProperty(key);
      if (key.startsWith("%")) {
        config.keys.add(key.substring(key.indexOf('.') + 1));
      } else {
        config.keys.add(key);
        config.values.put(key, value);
      }
    }
    Matcher commented = COMMENTED_KEY.matcher(text);
    while (commented.find()) {
      config.keys.add(commented.group(1));
    }
    Matcher referenced = REFERENCED_ENV.matcher(text);
    while (referenced.find()) {
      config.referencedEnvironment.add(referenced.group(1));
    }
    return config;
  }

  int httpPort() {
    return Integer.parseInt(values.getOrDefault("quarkus.http.port", "8080"));
  }

  /** Every topic the service reads or writes, dead-letter topics included. */
  Set<String> topics() {
    Set<String> topics = new TreeSet<>();
    values.forEach(
        (key, value) -> {
          if (CHANNEL_TOPIC.matcher(key).matches() || key.endsWith(".dead-letter-queue.topic")) {
            topics.add(value);
          }
        });
    return topics;
  }

  Set<String> outgoingTopics() {
    return channelTopics("outgoing").keySet();
  }

  Set<String> deadLetterTopics() {
    Set<String> topics = new TreeSet<>();
    values.forEach(
        (key, value) -> {
          if (key.endsWith(".dead-letter-queue.topic")) {
            topics.add(value);
          }
        });
    return topics;
  }

  /** Topic of each incoming channel, with the consumer group that reads it. */
  Map<String, String> incomingTopicGroups() {
    Map<String, String> groups = new LinkedHashMap<>();
    channelTopics("incoming")
        .forEach(
            (topic, channel) ->
                groups.put(topic, values.get("mp.messaging.incoming." + channel + ".group.id")));
    return groups;
  }

  /** Topic to channel name, for channels of one direction. */
  private Map<String, String> channelTopics(String direction) {
    Map<String, String> topics = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          Matcher m = CHANNEL_TOPIC.matcher(key);
          if (m.matches() && m.group(1).equals(direction)) {
            topics.put(value, m.group(2));
          }
        });
    return topics;
  }
}
