package dev.followup.interview.application;

import dev.followup.interview.persistence.Candidate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;

/** The candidate's own profile: who reminders go to, and in which zone and language. */
@ApplicationScoped
@Transactional
public class CandidateService {

  private final Clock clock;

  CandidateService(Clock clock) {
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
