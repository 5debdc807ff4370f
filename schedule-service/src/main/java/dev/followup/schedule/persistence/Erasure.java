package dev.followup.schedule.persistence;

/**
 * A candidate erased on request; only the key is kept, so that a replay cannot bring data back.
 *
 * @param tenantId the tenant the erasure named; null for one that named none (and for those
 *     recorded before erasures named their tenant), which holds for the candidate id in every
 *     tenant
 */
public record Erasure(String tenantId, String candidateId) {

  /** Whether this erasure holds for the candidate {@code candidateId} of {@code tenantId}. */
  public boolean covers(String tenantId, String candidateId) {
    return this.candidateId.equals(candidateId)
        && (this.tenantId == null || this.tenantId.equals(tenantId));
  }
}
