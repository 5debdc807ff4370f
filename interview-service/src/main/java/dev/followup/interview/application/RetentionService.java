package dev.followup.interview.application;

import dev.followup.interview.domain.Outcome;
import dev.followup.interview.persistence.Interview;
import dev.followup.interview.persistence.Opportunity;
import io.quarkus.panache.common.Parameters;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Retention of the candidate's documents: the job description and the interview notes of an
 * opportunity are kept while it may still matter, and until {@code retention.after-acceptance}
 * after an offer was accepted; a periodic purge then removes them. The opportunity, its interviews
 * and its outcome stay. A purge is two set-based updates, harmless to repeat or to run on several
 * instances at once.
 */
@ApplicationScoped
public class RetentionService {

  private static final Logger LOG = Logger.getLogger(RetentionService.class);

  private final RetentionConfig config;
  private final Clock clock;

  RetentionService(RetentionConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** What one purge removed. */
  public record Purged(int jobDescriptions, int notes) {}

  @Scheduled(
      identity = "retention-purge",
      every = "${retention.purge-every:1h}",
      delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void purgeOnSchedule() {
    purge(config.afterAcceptance());
  }

  /**
   * Removes the job descriptions and interview notes of the opportunities whose offer was accepted
   * longer ago than {@code afterAcceptance}. Each changed record gets a new version, so a client
   * holding an old ETag sees that it changed.
   */
  @Transactional
  public Purged purge(Duration afterAcceptance) {
    Instant now = clock.instant();
    Parameters expired =
        Parameters.with("accepted", Outcome.ACCEPTED)
            .and("cutoff", now.minus(afterAcceptance))
            .and("now", now);
    int notes =
        Interview.update(
            "notes = null, version = version + 1, updatedAt = :now"
                + " where notes is not null and opportunity.id in (select o.id from Opportunity o"
                + " where o.outcome = :accepted and o.outcomeRecordedAt < :cutoff)",
            expired);
    int jobDescriptions =
        Opportunity.update(
            "jobDescription = null, jobDescriptionType = null, version = version + 1,"
                + " updatedAt = :now where jobDescription is not null and outcome = :accepted"
                + " and outcomeRecordedAt < :cutoff",
            expired);
    if (notes > 0 || jobDescriptions > 0) {
      LOG.infof(
          "Retention purge removed %d job descriptions and the notes of %d interviews",
          jobDescriptions, notes);
    }
    return new Purged(jobDescriptions, notes);
  }
}
