package dev.followup.notification.application;

import dev.followup.notification.metrics.NotificationMetrics;
import dev.followup.notification.metrics.NotificationMetrics.Result;
import dev.followup.notification.persistence.Candidates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Erases a candidate whom the interview-service erased at their request: their pending reminders
 * are dropped unsent, and nothing this service held about them stays (see {@link
 * Candidates#erase}). A reminder already being handed to its provider at that moment still goes
 * out; its outcome is then not recorded, as its delivery is gone.
 */
@ApplicationScoped
@Transactional
public class CandidateErasure {

  private static final Logger LOG = Logger.getLogger(CandidateErasure.class);

  private final Candidates candidates;
  private final NotificationMetrics metrics;
  private final Clock clock;

  CandidateErasure(Candidates candidates, NotificationMetrics metrics, Clock clock) {
    this.candidates = candidates;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Erases the candidate; erasing again removes nothing more. */
  public Candidates.Erased erase(String tenantId, String candidateId) {
    Candidates.Erased erased = candidates.erase(tenantId, candidateId, clock.instant());
    erased.pendingDeliveries().forEach(channel -> metrics.delivery(channel, Result.ERASED));
    LOG.infof(
        "Erased a candidate%s: %d delivery(ies), %d of them pending, %d preference record(s),"
            + " %d push subscription(s), %d email opt-out(s)",
        erased.firstErasure() ? "" : " again",
        erased.deliveries(),
        erased.pendingDeliveries().size(),
        erased.preferences(),
        erased.pushSubscriptions(),
        erased.emailOptOuts());
    return erased;
  }
}
