package dev.followup.notification.domain;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a candidate wants to be reminded: where (email address, phone number in E.164), on which
 * channels in which order for each sort of reminder, when not (quiet hours, in their time zone),
 * and in which language.
 *
 * @param channels for each category, the channels to try in order: the first that can deliver wins
 * @param quietHours empty if the candidate accepts reminders at any hour
 */
public record ContactPreferences(
    String email,
    String phone,
    ZoneId timeZone,
    Locale locale,
    Optional<QuietHours> quietHours,
    Map<ReminderCategory, List<Channel>> channels) {

  /** Drafts by email; calls by push, then SMS; nudges by push. */
  public static final Map<ReminderCategory, List<Channel>> DEFAULT_CHANNELS =
      Map.of(
          ReminderCategory.DRAFT, List.of(Channel.EMAIL),
          ReminderCategory.CALL, List.of(Channel.PUSH, Channel.SMS),
          ReminderCategory.NUDGE, List.of(Channel.PUSH));

  /** The locale of a candidate who named none; see {@link MessageLanguages} for the others. */
  public static final Locale DEFAULT_LOCALE = MessageLanguages.DEFAULT;

  /**
   * What a candidate who never said anything gets: email, to the address the event names, at any
   * hour, in English.
   */
  public static ContactPreferences unknownCandidate(String email, ZoneId zone) {
    List<Channel> byEmail = List.of(Channel.EMAIL);
    return new ContactPreferences(
        email,
        null,
        zone,
        DEFAULT_LOCALE,
        Optional.empty(),
        Map.of(
            ReminderCategory.DRAFT, byEmail,
            ReminderCategory.CALL, byEmail,
            ReminderCategory.NUDGE, byEmail));
  }

  /**
   * The preferences that apply to a reminder: the candidate's own if they stored any, completed by
   * what the event says (their email address and time zone), else email only.
   */
  public static ContactPreferences applying(
      Optional<ContactPreferences> stored, String eventEmail, ZoneId eventZone) {
    return stored
        .map(
            own ->
                new ContactPreferences(
                    own.email() != null ? own.email() : eventEmail,
                    own.phone(),
                    own.timeZone() != null ? own.timeZone() : eventZone,
                    own.locale(),
                    own.quietHours(),
                    own.channels()))
        .orElseGet(() -> unknownCandidate(eventEmail, eventZone));
  }

  /** Where a reminder on this channel goes: none for push, which goes to every subscription. */
  public String addressOn(Channel channel) {
    return switch (channel) {
      case EMAIL -> email;
      case SMS -> phone;
      case PUSH -> null;
    };
  }

  /** The channels to try, in order, for a reminder of this category; never empty. */
  public List<Channel> channelsFor(ReminderCategory category) {
    List<Channel> chosen = channels.get(category);
    if (chosen == null || chosen.isEmpty()) {
      chosen = DEFAULT_CHANNELS.get(category);
    }
    return chosen;
  }
}
