package dev.followup.schedule.domain.planning;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A person the candidate follows up with: an interviewer, the hiring contact or a reference.
 *
 * @param id stable across re-deliveries of the same facts
 * @param zone where the person is: business hours for calls are measured there
 * @param topics what the candidate discussed with this person (empty for a reference)
 */
public record Contact(String id, String name, ZoneId zone, List<String> topics) {

  public Contact {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zone, "zone");
    topics = List.copyOf(topics);
  }
}
