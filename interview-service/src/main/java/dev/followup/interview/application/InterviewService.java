package dev.followup.interview.application;

import dev.followup.interview.application.events.InterviewCompletedV1;
import dev.followup.interview.domain.InterviewStatus;
import dev.followup.interview.outbox.Outbox;
import dev.followup.interview.persistence.Candidate;
import dev.followup.interview.persistence.Interview;
import dev.followup.interview.persistence.Interviewer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.UUID;

/** Records interviews and their completion; each change and its event commit together. */
@ApplicationScoped
@Transactional
public class InterviewService {

  private final Outbox outbox;
  private final Clock clock;

  InterviewService(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  public Interview create(NewInterview request) {
    Candidate candidate = upsertCandidate(request.candidate());

    Interview interview = new Interview();
    interview.id = UUID.randomUUID();
    interview.candidate = candidate;
    interview.company = request.company();
    interview.role = request.role();
    interview.endsAt = request.endsAt();
    interview.timeZone = request.timeZone().getId();
    interview.status = InterviewStatus.SCHEDULED;
    interview.createdAt = clock.instant();
    interview.interviewers = new ArrayList<>();
    int position = 0;
    for (NewInterview.InterviewerDetails details : request.interviewers()) {
      Interviewer interviewer = new Interviewer();
      interviewer.id = UUID.randomUUID();
      interviewer.interview = interview;
      interviewer.position = position++;
      interviewer.name = details.name();
      interviewer.email = details.email();
      interviewer.topics = new ArrayList<>(details.topics());
      interview.interviewers.add(interviewer);
    }
    interview.persist();
    return interview;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Interview get(UUID id) {
    return find(id);
  }

  /**
   * Marks the interview as held and emits {@code InterviewCompleted}. Completing it again changes
   * nothing and emits nothing, so a client may safely retry.
   */
  public Interview complete(UUID id) {
    Interview interview = find(id);
    if (interview.status == InterviewStatus.COMPLETED) {
      return interview;
    }
    interview.status = InterviewStatus.COMPLETED;
    interview.completedAt = clock.instant();
    outbox.append(
        InterviewEvents.TOPIC,
        interview.id.toString(),
        InterviewCompletedV1.TYPE,
        interview.id.toString(),
        InterviewEvents.completed(interview));
    return interview;
  }

  /** Loads the interview with its interviewers, which every caller reads. */
  private Interview find(UUID id) {
    return Interview.<Interview>find(
            "from Interview i left join fetch i.interviewers where i.id = ?1", id)
        .firstResultOptional()
        .orElseThrow(() -> new InterviewNotFoundException(id));
  }

  private static Candidate upsertCandidate(NewInterview.CandidateDetails details) {
    Candidate candidate = Candidate.findById(details.id());
    if (candidate == null) {
      candidate = new Candidate();
      candidate.id = details.id();
      candidate.name = details.name();
      candidate.email = details.email();
      candidate.timeZone = details.timeZone().getId();
      candidate.persist();
    } else {
      candidate.name = details.name();
      candidate.email = details.email();
      candidate.timeZone = details.timeZone().getId();
    }
    return candidate;
  }
}
