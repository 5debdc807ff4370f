package dev.followup.interview.application;

import dev.followup.interview.application.events.CandidateErasedV1;
import dev.followup.interview.outbox.Outbox;
import dev.followup.interview.persistence.Candidate;
import dev.followup.interview.persistence.CandidateReference;
import dev.followup.interview.persistence.EmployerReply;
import dev.followup.interview.persistence.Interview;
import dev.followup.interview.persistence.Interviewer;
import dev.followup.interview.persistence.Opportunity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/** The candidate's own profile: who reminders go to, and in which zone and language. */
@ApplicationScoped
@Transactional
public class CandidateService {

  private static final Logger LOG = Logger.getLogger(CandidateService.class);

  private final Outbox outbox;
  private final Clock clock;

  CandidateService(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  /** The result of saving a profile: the candidate, and whether it was created just now. */
  public record Saved(Candidate candidate, boolean created) {}

  @Transactional(Transactional.TxType.SUPPORTS)
  public Candidate get(Owner owner) {
    return Candidate.find(owner.tenantId(), owner.candidateId())
        .orElseThrow(() -> new ResourceNotFoundException("candidate profile", "(yours)"));
  }

  /**
   * Creates the profile, or replaces it when it exists. Replacing requires the version the client
   * read: {@code preconditionSent} tells whether the client sent one, {@code expectedVersion} is
   * its version (null for any). Creating requires none.
   */
  public Saved save(
      Owner owner,
      Commands.CandidateProfile profile,
      boolean preconditionSent,
      Long expectedVersion) {
    Candidate candidate = Candidate.find(owner.tenantId(), owner.candidateId()).orElse(null);
    boolean created = candidate == null;
    if (created) {
      candidate = new Candidate();
      candidate.tenantId = owner.tenantId();
      candidate.id = owner.candidateId();
      candidate.createdAt = clock.instant();
    } else {
      if (!preconditionSent) {
        throw new PreconditionRequiredException();
      }
      VersionMismatchException.check(expectedVersion, candidate.version);
    }
    candidate.name = profile.name();
    candidate.email = profile.email();
    candidate.phone = profile.phone();
    candidate.timeZone = profile.timeZone().getId();
    candidate.locale = profile.locale() == null ? null : profile.locale().toLanguageTag();
    candidate.updatedAt = clock.instant();
    if (created) {
      candidate.persist();
    }
    return new Saved(candidate, created);
  }

  /**
   * Erases everything recorded about the candidate, at their request: the profile, opportunities
   * with their job descriptions, interviews with the candidate's notes and the interviewers'
   * business cards, employer replies and references. In the same transaction it forgets the
   * candidate's events in the outbox and emits {@code candidate.erased.v1}, so that every consumer
   * erases what it holds too.
   *
   * <p>Erasing a candidate who has no profile (never had one, or was erased already) changes
   * nothing and emits nothing: a retried request is safe.
   *
   * @return whether there was anything to erase
   */
  public boolean erase(Owner owner) {
    Candidate candidate = Candidate.find(owner.tenantId(), owner.candidateId()).orElse(null);
    if (candidate == null) {
      return false;
    }
    String tenant = owner.tenantId();
    String candidateId = owner.candidateId();
    Interviewer.delete(
        "interview.id in (select i.id from Interview i"
            + " where i.tenantId = ?1 and i.candidateId = ?2)",
        tenant,
        candidateId);
    Interview.delete("tenantId = ?1 and candidateId = ?2", tenant, candidateId);
    EmployerReply.delete("tenantId = ?1 and candidateId = ?2", tenant, candidateId);
    Opportunity.delete("tenantId = ?1 and candidateId = ?2", tenant, candidateId);
    CandidateReference.delete("tenantId = ?1 and candidateId = ?2", tenant, candidateId);
    candidate.delete();

    Outbox.Owner eventOwner = new Outbox.Owner(tenant, candidateId);
    int forgotten = outbox.forget(eventOwner);
    Instant erasedAt = clock.instant();
    // Appended after the candidate's events still waiting, so the relay sends it last of them; it
    // names the candidate, so it is deleted once published like they are.
    outbox.appendDiscardedOncePublished(
        eventOwner,
        InterviewEvents.TOPIC,
        candidateId,
        CandidateErasedV1.TYPE,
        candidateId,
        InterviewEvents.candidateErased(owner, erasedAt));
    // No ids: the candidate id is what was just erased.
    LOG.infof("A candidate was erased; %d published events forgotten", forgotten);
    return true;
  }

  /** The profile, which must exist before anything else is recorded. */
  static Candidate require(Owner owner) {
    return Candidate.find(owner.tenantId(), owner.candidateId())
        .orElseThrow(
            () ->
                new ConflictException(
                    "Create your candidate profile first (PUT /candidate): reminders need a name,"
                        + " an email address and a time zone"));
  }
}
