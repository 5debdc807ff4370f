package dev.followup.notification.application;

import dev.followup.notification.delivery.UnsubscribeLinks;
import dev.followup.notification.domain.ContactPreferences;
import dev.followup.notification.domain.MessageLanguages;
import dev.followup.notification.persistence.Candidates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * The one-click unsubscribe link of reminder emails (RFC 8058): its signed token is the only
 * authentication. Using it turns email off for the candidate it was made for; the dispatcher then
 * hands their email reminders to their next channel, as it does for an opted-out phone number.
 */
@ApplicationScoped
public class EmailUnsubscribe {

  private static final Logger LOG = Logger.getLogger(EmailUnsubscribe.class);

  /** The link's token is missing, forged, altered, for another scope, or expired. */
  public static class InvalidLinkException extends RuntimeException {
    InvalidLinkException() {
      super("The unsubscribe link is not valid");
    }
  }

  private final UnsubscribeLinks links;
  private final Candidates candidates;
  private final Clock clock;

  EmailUnsubscribe(UnsubscribeLinks links, Candidates candidates, Clock clock) {
    this.links = links;
    this.candidates = candidates;
    this.clock = clock;
  }

  /**
   * Checks a link without acting on it (what a GET, which mail scanners follow, may do); returns
   * the language the candidate's reminders are written in, for the page it shows.
   */
  @Transactional
  public Locale check(String scope, String token) {
    return languageOf(subject(scope, token));
  }

  /**
   * Turns email off for the link's candidate, doing it again changes nothing; returns the language
   * of the candidate's reminders.
   */
  @Transactional
  public Locale unsubscribe(String scope, String token) {
    UnsubscribeLinks.Subject subject = subject(scope, token);
    if (candidates.optOutOfEmail(subject.tenantId(), subject.candidateId(), clock.instant())) {
      LOG.info("A candidate unsubscribed from reminder emails through the one-click link");
    }
    return languageOf(subject);
  }

  /** The language of the email the link came in: the candidate's locale, English without one. */
  private Locale languageOf(UnsubscribeLinks.Subject subject) {
    return MessageLanguages.resolve(
        candidates
            .preferences(subject.tenantId(), subject.candidateId())
            .map(ContactPreferences::locale)
            .orElse(ContactPreferences.DEFAULT_LOCALE));
  }

  private UnsubscribeLinks.Subject subject(String scope, String token) {
    if (!UnsubscribeLinks.EMAIL.equals(scope)) {
      throw new NotFoundException("No unsubscribe link of this kind");
    }
    return links.verify(token, scope).orElseThrow(InvalidLinkException::new);
  }
}
