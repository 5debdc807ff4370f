package dev.followup.schedule.application;

import dev.followup.schedule.application.events.InterviewCompleted;
import dev.followup.schedule.domain.planning.CompletedInterview;
import dev.followup.schedule.domain.planning.Contact;
import dev.followup.schedule.domain.planning.NextSteps;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The facts of a completion event, as the planner sees them (contacts with ids and zones) and as a
 * fired step describes its recipient (with email, phone, title and address).
 */
record InterviewFacts(CompletedInterview interview, Map<String, RecipientDetails> details) {

  /** What a reminder tells the candidate about the person to contact. */
  record RecipientDetails(
      String name, String email, String title, String phone, String address, String timeZone) {}

  static InterviewFacts of(InterviewCompleted event) {
    ZoneId interviewZone = zone(event.timeZone());
    Map<String, RecipientDetails> details = new HashMap<>();
    List<Contact> interviewers =
        event.interviewers().stream()
            .map(
                i -> {
                  ZoneId zone = i.timeZone() == null ? interviewZone : zone(i.timeZone());
                  details.put(
                      i.id(),
                      new RecipientDetails(
                          i.name(),
                          i.email(),
                          i.title(),
                          i.phone(),
                          i.mailingAddress(),
                          zone.getId()));
                  return new Contact(i.id(), i.name(), zone, i.topics());
                })
            .toList();
    ZoneId candidateZone = zone(event.candidate().timeZone());
    List<Contact> references =
        event.references() == null
            ? List.of()
            : event.references().stream()
                .map(
                    r -> {
                      String id = referenceId(r);
                      details.put(
                          id,
                          new RecipientDetails(
                              r.name(),
                              r.email(),
                              r.relation(),
                              r.phone(),
                              null,
                              candidateZone.getId()));
                      return new Contact(id, r.name(), candidateZone, List.of());
                    })
                .toList();
    InterviewCompleted.NextSteps stated = event.nextSteps();
    NextSteps nextSteps =
        stated == null
            ? NextSteps.NONE
            : new NextSteps(
                Optional.ofNullable(stated.expectedDecisionDate()),
                Optional.ofNullable(stated.mayCallOn()),
                stated.weWillContactYou(),
                stated.noFollowUpPolicy());
    CompletedInterview interview =
        new CompletedInterview(
            event.interviewId(),
            event.endedAt().toInstant(),
            interviewZone,
            interviewers,
            Optional.empty(),
            references,
            nextSteps,
            Boolean.TRUE.equals(event.finalRound()),
            Boolean.TRUE.equals(event.referencesRequested()));
    return new InterviewFacts(interview, details);
  }

  /** References carry no id: the same name and contact details give the same id every time. */
  private static String referenceId(InterviewCompleted.Reference reference) {
    String key = reference.name() + "|" + reference.email() + "|" + reference.phone();
    return "ref-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }

  static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException | NullPointerException e) {
      throw new InvalidEventException("Unknown time zone: " + id, e);
    }
  }
}
