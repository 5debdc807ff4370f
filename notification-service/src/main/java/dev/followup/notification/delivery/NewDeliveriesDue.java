package dev.followup.notification.delivery;

/**
 * Deliveries due now were stored: fired by whoever stored them, observed by the {@link
 * DeliveryDispatcher} once their transaction has committed, so that they go out at once rather than
 * at the dispatcher's next scheduled run.
 *
 * @param count how many
 */
public record NewDeliveriesDue(int count) {}
