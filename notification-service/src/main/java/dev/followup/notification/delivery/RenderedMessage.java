package dev.followup.notification.delivery;

import dev.followup.notification.domain.ReminderCategory;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * One reminder rendered for one channel or for all: an email (subject, plain text, HTML if the kind
 * has an HTML template), an SMS body, and a push notification (title, body, link). A part that the
 * channel it was rendered for does not show is null: an email has no short text or title, an SMS
 * only its short text, a push no subject or email bodies.
 *
 * @param html null when the kind has no HTML template; the email is then plain text only
 * @param shortText the SMS body and the push body
 * @param category the sort of reminder, which sets how urgent a push is
 * @param windowEnd after this the reminder is no longer worth showing
 * @param unsubscribeUrl the one-click unsubscribe link of an email (also in its footer), or null
 * @param language the language the texts were rendered in (an email's {@code Content-Language})
 */
public record RenderedMessage(
    String subject,
    String text,
    String html,
    String shortText,
    String title,
    String link,
    ReminderCategory category,
    UUID stepId,
    Instant windowEnd,
    String unsubscribeUrl,
    Locale language) {}
