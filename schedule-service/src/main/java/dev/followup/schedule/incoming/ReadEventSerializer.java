package dev.followup.schedule.incoming;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes an interview event back as it was received: the value of its record on the dead-letter
 * topic, beside the reason in a header.
 */
public class ReadEventSerializer implements Serializer<ReadEvent> {

  @Override
  public byte[] serialize(String topic, ReadEvent event) {
    return event == null || event.text() == null
        ? null
        : event.text().getBytes(StandardCharsets.UTF_8);
  }
}
