package dev.followup.schedule.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code plan_event_batch}: the plan events one transaction appended, one after another,
 * for one record key in one trace, in order. Their data is kept as JSON lines, which needs neither
 * escaping nor parsing to split again.
 */
final class PlanEventBatch {

  final String recordKey;
  final String traceParent;
  final Instant createdAt;
  final List<String> ids = new ArrayList<>();
  final List<String> types = new ArrayList<>();
  final List<String> subjects = new ArrayList<>();
  final StringBuilder payloads = new StringBuilder();

  PlanEventBatch(String recordKey, String traceParent, Instant createdAt) {
    this.recordKey = recordKey;
    this.traceParent = traceParent;
    this.createdAt = createdAt;
  }

  void add(UUID id, String type, String subject, String payload) {
    if (payload.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("A plan event's data must be JSON on one line");
    }
    if (!ids.isEmpty()) {
      payloads.append('\n');
    }
    ids.add(id.toString());
    types.add(type);
    subjects.add(subject);
    payloads.append(payload);
  }

  List<String> ids() {
    return ids;
  }

  List<String> types() {
    return types;
  }

  List<String> subjects() {
    return subjects;
  }

  String payloads() {
    return payloads.toString();
  }

  /** The events of a stored row, in order. */
  static List<PlanEvent> events(
      String recordKey,
      UUID[] ids,
      String[] types,
      String[] subjects,
      String payloads,
      String traceParent) {
    String[] data = payloads.split("\n", -1);
    if (data.length != ids.length || types.length != ids.length || subjects.length != ids.length) {
      throw new IllegalStateException(
          "A plan event batch of "
              + recordKey
              + " has "
              + ids.length
              + " ids for "
              + data.length
              + " payloads");
    }
    List<PlanEvent> events = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      events.add(new PlanEvent(ids[i], recordKey, types[i], subjects[i], data[i], traceParent));
    }
    return events;
  }
}
