package dev.followup.notification.application;

import dev.followup.notification.domain.ContactPreferences;
import dev.followup.notification.persistence.Candidates;
import dev.followup.notification.persistence.PushSubscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Registers and changes how candidates want to be reminded. */
@ApplicationScoped
@Transactional
public class CandidateSettings {

  /** A push subscription as the candidate sees it. */
  public record Subscription(UUID id, String endpoint, Instant createdAt) {}

  private final Candidates candidates;
  private final Clock clock;

  CandidateSettings(Candidates candidates, Clock clock) {
    this.candidates = candidates;
    this.clock = clock;
  }

  /**
   * Creates or replaces the candidate's preferences, and turns reminder emails off or back on when
   * {@code emailUnsubscribed} says so; returns true if the preferences were new.
   */
  public boolean save(
      String tenantId,
      String candidateId,
      ContactPreferences preferences,
      Optional<Boolean> emailUnsubscribed) {
    Instant now = clock.instant();
    emailUnsubscribed.ifPresent(
        off -> {
          if (off) {
            candidates.optOutOfEmail(tenantId, candidateId, now);
          } else {
            candidates.optInToEmail(tenantId, candidateId);
          }
        });
    return candidates.savePreferences(tenantId, candidateId, preferences, now);
  }

  /** Whether the candidate turned reminder emails off (the unsubscribe link, or here). */
  public boolean emailUnsubscribed(String tenantId, String candidateId) {
    return candidates.isEmailOptedOut(tenantId, candidateId);
  }

  public ContactPreferences preferences(String tenantId, String candidateId) {
    return candidates
        .preferences(tenantId, candidateId)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "Candidate " + candidateId + " has no stored preferences: email only"));
  }

  public Subscription subscribe(
      String tenantId, String candidateId, String endpoint, String p256dh, String auth) {
    Instant now = clock.instant();
    UUID id = candidates.subscribe(tenantId, candidateId, endpoint, p256dh, auth, now);
    return new Subscription(id, endpoint, now);
  }

  public List<Subscription> subscriptions(String tenantId, String candidateId) {
    return candidates.pushSubscriptions(tenantId, candidateId).stream()
        .map(CandidateSettings::view)
        .toList();
  }

  public void unsubscribe(String tenantId, String candidateId, UUID id) {
    if (!candidates.unsubscribe(tenantId, candidateId, id)) {
      throw new NotFoundException("No push subscription " + id + " for candidate " + candidateId);
    }
  }

  private static Subscription view(PushSubscription subscription) {
    return new Subscription(subscription.id, subscription.endpoint, subscription.createdAt);
  }
}
