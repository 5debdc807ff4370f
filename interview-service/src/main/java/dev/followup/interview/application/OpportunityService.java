package dev.followup.interview.application;

import dev.followup.interview.application.events.EmployerRepliedV1;
import dev.followup.interview.application.events.OutcomeRecordedV1;
import dev.followup.interview.domain.OpportunityStatus;
import dev.followup.interview.domain.Outcome;
import dev.followup.interview.outbox.Outbox;
import dev.followup.interview.persistence.EmployerReply;
import dev.followup.interview.persistence.Opportunity;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** The candidate's opportunities, the employer's replies and how each ended. */
@ApplicationScoped
@Transactional
public class OpportunityService {

  private final Outbox outbox;
  private final Clock clock;

  OpportunityService(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  public Opportunity create(Owner owner, Commands.OpportunityDetails details) {
    CandidateService.require(owner);
    Opportunity opportunity = new Opportunity();
    opportunity.id = NewIds.next();
    opportunity.tenantId = owner.tenantId();
    opportunity.candidateId = owner.candidateId();
    opportunity.company = details.company();
    opportunity.role = details.role();
    opportunity.jobDescription = details.jobDescription();
    opportunity.jobDescriptionType = details.jobDescriptionType();
    opportunity.status = OpportunityStatus.OPEN;
    opportunity.createdAt = clock.instant();
    opportunity.updatedAt = opportunity.createdAt;
    opportunity.persist();
    return opportunity;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public PageOf<Opportunity> list(
      Owner owner, OpportunityStatus status, Outcome outcome, String company, int page, int size) {
    Queries query =
        Queries.ownedBy(owner)
            .with("status = :status", "status", status)
            .with("outcome = :outcome", "outcome", outcome)
            .with(
                "lower(company) like :company",
                "company",
                company == null ? null : "%" + company.toLowerCase(Locale.ROOT) + "%");
    return Queries.page(
        Opportunity.<Opportunity>find(
            query.where(), Sort.descending("createdAt").and("id"), query.parameters()),
        page,
        size);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Opportunity get(Owner owner, UUID id) {
    return find(owner, id);
  }

  public Opportunity change(
      Owner owner, UUID id, Commands.OpportunityChanges changes, Long expectedVersion) {
    Opportunity opportunity = find(owner, id);
    VersionMismatchException.check(expectedVersion, opportunity.version);
    if (changes.company() != null) {
      opportunity.company = changes.company();
    }
    if (changes.role() != null) {
      opportunity.role = changes.role();
    }
    if (changes.status() != null && changes.status() != opportunity.status) {
      if (changes.status() == OpportunityStatus.CLOSED
          || opportunity.status == OpportunityStatus.CLOSED) {
        throw new ConflictException(
            "An opportunity is closed or reopened by recording its outcome (PUT .../outcome)");
      }
      opportunity.status = changes.status();
    }
    if (changes.jobDescription() != null) {
      opportunity.jobDescription = changes.jobDescription();
      opportunity.jobDescriptionType = changes.jobDescriptionType();
    }
    opportunity.updatedAt = clock.instant();
    return opportunity;
  }

  /**
   * Records how the opportunity ended (or that an offer was made). Any outcome but an offer closes
   * the opportunity; recording the same outcome again changes nothing.
   */
  public Opportunity recordOutcome(
      Owner owner, UUID id, Commands.OutcomeRecord record, Long expectedVersion) {
    Opportunity opportunity = find(owner, id);
    VersionMismatchException.check(expectedVersion, opportunity.version);
    if (opportunity.outcome == record.outcome()) {
      return opportunity;
    }
    if (opportunity.outcome != null && opportunity.outcome.closes()) {
      throw new ConflictException(
          "The outcome " + opportunity.outcome + " is final; it cannot become " + record.outcome());
    }
    Instant now = clock.instant();
    opportunity.outcome = record.outcome();
    opportunity.outcomeRecordedAt = record.recordedAt() == null ? now : record.recordedAt();
    opportunity.status =
        record.outcome().closes() ? OpportunityStatus.CLOSED : OpportunityStatus.OPEN;
    opportunity.updatedAt = now;
    emit(opportunity, OutcomeRecordedV1.TYPE, InterviewEvents.outcomeRecorded(opportunity));
    return opportunity;
  }

  public EmployerReply addReply(Owner owner, UUID opportunityId, Commands.Reply reply) {
    Opportunity opportunity = find(owner, opportunityId);
    EmployerReply saved = new EmployerReply();
    saved.id = NewIds.next();
    saved.tenantId = owner.tenantId();
    saved.candidateId = owner.candidateId();
    saved.opportunityId = opportunity.id;
    saved.receivedAt = reply.receivedAt();
    saved.summary = reply.summary();
    saved.nextContactDate = reply.nextContactDate();
    saved.createdAt = clock.instant();
    saved.persist();
    emit(opportunity, EmployerRepliedV1.TYPE, InterviewEvents.employerReplied(saved));
    return saved;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public PageOf<EmployerReply> replies(Owner owner, UUID opportunityId, int page, int size) {
    find(owner, opportunityId);
    Queries query =
        Queries.ownedBy(owner).with("opportunityId = :opportunity", "opportunity", opportunityId);
    return Queries.page(
        EmployerReply.<EmployerReply>find(
            query.where(), Sort.descending("receivedAt").and("id"), query.parameters()),
        page,
        size);
  }

  /** Writes an event about the opportunity to the outbox, keyed and subject by its id. */
  private void emit(Opportunity opportunity, String type, Object data) {
    String id = opportunity.id.toString();
    outbox.append(
        new Outbox.Owner(opportunity.tenantId, opportunity.candidateId),
        InterviewEvents.TOPIC,
        id,
        type,
        id,
        data);
  }

  static Opportunity find(Owner owner, UUID id) {
    return Opportunity.<Opportunity>find(
            "id = ?1 and tenantId = ?2 and candidateId = ?3",
            id,
            owner.tenantId(),
            owner.candidateId())
        .firstResultOptional()
        .orElseThrow(() -> new ResourceNotFoundException("opportunity", id));
  }
}
