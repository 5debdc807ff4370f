package dev.followup.notification.delivery;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The short texts every message and page shares, as a Qute type-safe message bundle: the email
 * footer, the unsubscribe pages, the stand-in for a contact without a name. Templates use them as
 * {@code {msg:footerReason}}, in the locale set on the template instance; Java code injects the
 * bundle ({@code @Localized("es") MessageTexts}). English here, other languages in a
 * {@code @Localized} interface that overrides every method (see {@link SpanishMessageTexts}).
 *
 * <p>The reminders themselves are whole localized templates instead (see {@link MessageRenderer}).
 */
@MessageBundle(value = "msg", locale = "en")
public interface MessageTexts {

  @Message("You get this email because you use Interview follow-up.")
  String footerReason();

  @Message("Stop reminder emails")
  String footerStopLink();

  @Message("To stop reminder emails, open: {url}")
  String footerStopText(String url);

  @Message("Stop reminder emails")
  String unsubscribeConfirmTitle();

  @Message("Stop reminder emails?")
  String unsubscribeConfirmHeading();

  @Message(
      "You will get no more reminder emails from Interview follow-up. Reminders you chose to get"
          + " by push or text message still come that way, and you can turn emails back on in your"
          + " settings.")
  String unsubscribeConfirmBody();

  @Message("Stop reminder emails")
  String unsubscribeButton();

  @Message("Reminder emails stopped")
  String unsubscribeDoneTitle();

  @Message("You will get no more reminder emails. You can turn them back on in your settings.")
  String unsubscribeDoneBody();

  /** Who a message speaks of when the step names no person. */
  @Message("your contact")
  String yourContact();
}
