package dev.followup.interview.application;

import dev.followup.interview.persistence.CandidateReference;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

/** The candidate's references, alerted when an employer may call them. */
@ApplicationScoped
@Transactional
public class ReferenceService {

  private final Clock clock;

  ReferenceService(Clock clock) {
    this.clock = clock;
  }

  public CandidateReference add(Owner owner, Commands.ReferenceDetails details) {
    CandidateService.require(owner);
    CandidateReference reference = new CandidateReference();
    reference.id = NewIds.next();
    reference.tenantId = owner.tenantId();
    reference.candidateId = owner.candidateId();
    reference.createdAt = clock.instant();
    apply(reference, details);
    reference.persist();
    return reference;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public PageOf<CandidateReference> list(Owner owner, String name, int page, int size) {
    Queries query =
        Queries.ownedBy(owner)
            .with(
                "lower(name) like :name",
                "name",
                name == null ? null : "%" + name.toLowerCase(Locale.ROOT) + "%");
    return Queries.page(
        CandidateReference.<CandidateReference>find(
            query.where(), Sort.ascending("name").and("id"), query.parameters()),
        page,
        size);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public CandidateReference get(Owner owner, UUID id) {
    return find(owner, id);
  }

  public CandidateReference replace(
      Owner owner, UUID id, Commands.ReferenceDetails details, Long expectedVersion) {
    CandidateReference reference = find(owner, id);
    VersionMismatchException.check(expectedVersion, reference.version);
    apply(reference, details);
    return reference;
  }

  public void remove(Owner owner, UUID id) {
    find(owner, id).delete();
  }

  private void apply(CandidateReference reference, Commands.ReferenceDetails details) {
    reference.name = details.name();
    reference.email = details.email();
    reference.phone = details.phone();
    reference.relation = details.relation();
    reference.updatedAt = clock.instant();
  }

  private static CandidateReference find(Owner owner, UUID id) {
    return CandidateReference.<CandidateReference>find(
            "id = ?1 and tenantId = ?2 and candidateId = ?3",
            id,
            owner.tenantId(),
            owner.candidateId())
        .firstResultOptional()
        .orElseThrow(() -> new ResourceNotFoundException("reference", id));
  }
}
