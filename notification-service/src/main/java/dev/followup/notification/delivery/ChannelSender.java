package dev.followup.notification.delivery;

import dev.followup.notification.domain.Channel;
import dev.followup.notification.persistence.Delivery;

/** Sends deliveries on one channel. Blocking: called from the dispatcher's workers only. */
public interface ChannelSender {

  Channel channel();

  /**
   * Sends one delivery; returns once the provider accepted it.
   *
   * @param delivery the claimed delivery
   * @param message what to send, rendered for this delivery
   * @throws DeliveryFailure when the provider refused it, saying whether trying again may help
   */
  void send(Delivery delivery, RenderedMessage message);
}
