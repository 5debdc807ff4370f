package dev.followup.localstack;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * One message a local sink caught instead of delivering it: an email at the SMTP server, an SMS at
 * the stand-in for Twilio, a push notification at the stand-in push service.
 *
 * @param channel {@code email}, {@code sms} or {@code push}
 * @param to the address, number or subscription it was sent to
 * @param title subject line, or the push notification's title; empty for an SMS
 * @param body the text the candidate would read
 * @param details what else the sink saw (push TTL, urgency, topic), empty if nothing
 */
record CapturedMessage(
    String channel, Instant receivedAt, String to, String title, String body, String details) {

  /** Everything one sink has caught so far, oldest first. */
  interface Source extends Supplier<List<CapturedMessage>> {}
}
