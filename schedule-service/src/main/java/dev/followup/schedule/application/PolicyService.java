package dev.followup.schedule.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.followup.schedule.domain.planning.CandidatePreferences;
import dev.followup.schedule.domain.planning.FollowUpPlanner;
import dev.followup.schedule.domain.planning.FollowUpPolicy;
import dev.followup.schedule.persistence.PlanRows;
import dev.followup.schedule.persistence.PolicyOverride;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The policy in force for a candidate: the configured defaults, then the tenant's settings, then
 * the candidate's own within that tenant.
 */
@ApplicationScoped
@Transactional
public class PolicyService {

  private static final Logger LOG = Logger.getLogger(PolicyService.class);

  /** Whose settings. */
  enum Scope {
    TENANT,
    CANDIDATE
  }

  private final FollowUpPolicy defaults;
  private final PlanRows rows;
  private final ObjectMapper objectMapper;
  private final Clock clock;

  PolicyService(FollowUpPolicy defaults, PlanRows rows, ObjectMapper objectMapper, Clock clock) {
    this.defaults = defaults;
    this.rows = rows;
    this.objectMapper = objectMapper;
    this.clock = clock;
  }

  /** A tenant's settings. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public PolicySettings tenantSettings(String tenantId) {
    return settings(Scope.TENANT, tenantId, tenantId);
  }

  /** A candidate's own settings within their tenant. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public PolicySettings candidateSettings(Owner candidate) {
    return settings(Scope.CANDIDATE, candidate.tenantId(), candidate.candidateId());
  }

  public PolicySettings replaceTenantSettings(String tenantId, PolicySettings settings) {
    return replace(Scope.TENANT, tenantId, tenantId, settings);
  }

  public PolicySettings replaceCandidateSettings(Owner candidate, PolicySettings settings) {
    return replace(Scope.CANDIDATE, candidate.tenantId(), candidate.candidateId(), settings);
  }

  private PolicySettings settings(Scope scope, String tenantId, String ownerId) {
    return find(scope, tenantId, ownerId).map(o -> read(o.settings)).orElse(PolicySettings.NONE);
  }

  /** Replaces the settings; validation has checked them, and applying them must succeed too. */
  private PolicySettings replace(
      Scope scope, String tenantId, String ownerId, PolicySettings settings) {
    try {
      // Rejects combinations the policy refuses (say, 18:00 to 09:00); a candidate's settings go
      // over their tenant's.
      settings.applyTo(scope == Scope.CANDIDATE ? policyFor(tenantId) : defaults);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingsException(e.getMessage());
    }
    PolicyOverride override =
        find(scope, tenantId, ownerId)
            .orElseGet(
                () -> {
                  PolicyOverride created = new PolicyOverride();
                  created.key = new PolicyOverride.Key(scope.name(), tenantKey(tenantId), ownerId);
                  return created;
                });
    override.settings = write(settings);
    override.updatedAt = clock.instant();
    override.persist();
    return settings;
  }

  /** A planner for the candidate: the tenant's policy with the candidate's own settings over it. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public FollowUpPlanner plannerFor(String tenantId, String candidateId) {
    return planner(settings(Scope.CANDIDATE, tenantId, candidateId), policyFor(tenantId));
  }

  /**
   * The tenant's policy with a candidate's settings over it. Settings that no longer fit the
   * tenant's policy (the tenant moved its business hours past the candidate's, say) are left out
   * rather than failing the plan: the tenant's policy then applies as it is.
   */
  private static FollowUpPlanner planner(PolicySettings candidate, FollowUpPolicy tenant) {
    try {
      return new FollowUpPlanner(candidate.applyTo(tenant));
    } catch (IllegalArgumentException e) {
      LOG.warnf("A candidate's policy settings do not fit the tenant's policy: %s", e.getMessage());
      return new FollowUpPlanner(tenant);
    }
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public FollowUpPolicy policyFor(String tenantId) {
    return tenantId == null ? defaults : tenantSettings(tenantId).applyTo(defaults);
  }

  /** The candidate's preferences under the tenant's policy. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public CandidatePreferences preferencesFor(String tenantId, String candidateId, ZoneId zone) {
    FollowUpPolicy policy = policyFor(tenantId);
    return settings(Scope.CANDIDATE, tenantId, candidateId)
        .applyTo(CandidatePreferences.defaults(zone, policy));
  }

  /**
   * The planners and preferences of many candidates, read in one query: what {@link #plannerFor}
   * and {@link #preferencesFor} would give each, for planning a batch of events.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Policies policiesFor(Collection<Owner> candidates) {
    Set<String> tenants = new HashSet<>();
    Set<String> owners = new HashSet<>();
    for (Owner candidate : candidates) {
      tenants.add(tenantKey(candidate.tenantId()));
      owners.add(candidate.candidateId());
    }
    Map<PolicyOverride.Key, PolicySettings> found = new HashMap<>();
    rows.policySettings(tenants, owners).forEach((key, json) -> found.put(key, read(json)));
    return new Policies(found);
  }

  /** Policies read together; each planner is made once. */
  public final class Policies {

    private final Map<PolicyOverride.Key, PolicySettings> settings;
    private final Map<String, FollowUpPlanner> planners = new HashMap<>();

    private Policies(Map<PolicyOverride.Key, PolicySettings> settings) {
      this.settings = settings;
    }

    /** As {@link PolicyService#plannerFor}. */
    public FollowUpPlanner plannerFor(String tenantId, String candidateId) {
      FollowUpPlanner tenant = tenantPlanner(tenantId);
      PolicySettings own = of(Scope.CANDIDATE, tenantId, candidateId);
      return own.shapesThePolicy() ? planner(own, tenant.policy()) : tenant;
    }

    private FollowUpPlanner tenantPlanner(String tenantId) {
      return planners.computeIfAbsent(
          tenantKey(tenantId), key -> new FollowUpPlanner(policyFor(tenantId)));
    }

    /** As {@link PolicyService#preferencesFor}. */
    public CandidatePreferences preferencesFor(String tenantId, String candidateId, ZoneId zone) {
      return of(Scope.CANDIDATE, tenantId, candidateId)
          .applyTo(CandidatePreferences.defaults(zone, tenantPlanner(tenantId).policy()));
    }

    private FollowUpPolicy policyFor(String tenantId) {
      return tenantId == null ? defaults : of(Scope.TENANT, tenantId, tenantId).applyTo(defaults);
    }

    private PolicySettings of(Scope scope, String tenantId, String ownerId) {
      return settings.getOrDefault(
          new PolicyOverride.Key(scope.name(), tenantKey(tenantId), ownerId), PolicySettings.NONE);
    }
  }

  private static Optional<PolicyOverride> find(Scope scope, String tenantId, String ownerId) {
    return Optional.ofNullable(
        PolicyOverride.findById(
            new PolicyOverride.Key(scope.name(), tenantKey(tenantId), ownerId)));
  }

  /** Plans of events that named no tenant use the settings kept under the empty tenant. */
  private static String tenantKey(String tenantId) {
    return tenantId == null ? "" : tenantId;
  }

  private PolicySettings read(String json) {
    try {
      return objectMapper.readValue(json, PolicySettings.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored policy settings are unreadable", e);
    }
  }

  private String write(PolicySettings settings) {
    try {
      return objectMapper.writeValueAsString(settings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Settings the policy cannot take together. */
  public static class InvalidSettingsException extends RuntimeException {
    public InvalidSettingsException(String message) {
      super(message);
    }
  }
}
