package dev.followup.notification.persistence;

import dev.followup.notification.domain.Channel;
import dev.followup.notification.domain.DeliveryStatus;
import dev.followup.notification.domain.StepKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/**
 * One reminder to the candidate for one follow-up step on one channel, and how its sending went.
 */
@Entity
public class Delivery extends PanacheEntityBase {

  @Id public UUID id;

  @Column(name = "step_id", nullable = false)
  public UUID stepId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Channel channel;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public StepKind kind;

  /** Tenant of the candidate, '' when there is none. */
  @Column(name = "tenant_id", nullable = false)
  public String tenantId;

  @Column(name = "candidate_id")
  public String candidateId;

  /** The channels to try next, in order, comma-separated, if this one fails for good. */
  @Column(name = "channel_plan")
  public String channelPlan;

  /** Id of the CloudEvent that created this delivery. */
  @Column(name = "event_id", nullable = false)
  public String eventId;

  /**
   * Where the reminder goes: for email the candidate's address, for SMS their phone number; none
   * for push, which goes to every subscription the candidate has when it is sent.
   */
  public String address;

  /** The event data as received (JSON), rendered into a message only when it is sent. */
  @Column(nullable = false)
  public String payload;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public DeliveryStatus status;

  /** Attempts started so far, counted when a dispatcher claims the delivery. */
  @Column(nullable = false)
  public int attempts;

  /** When the delivery may next be claimed; while claimed, the end of the claimer's lease. */
  @Column(name = "next_attempt_at", nullable = false)
  public Instant nextAttemptAt;

  @Column(name = "last_error")
  public String lastError;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "sent_at")
  public Instant sentAt;

  /** The provider's id for the message (Twilio: the message SID), once it accepted it. */
  @Column(name = "provider_message_id")
  public String providerMessageId;

  /** The last status the provider reported (Twilio: queued, sent, delivered, undelivered...). */
  @Column(name = "provider_status")
  public String providerStatus;

  /** When the last send to the provider was started; with no provider id, the send is in doubt. */
  @Column(name = "send_started_at")
  public Instant sendStartedAt;

  /** W3C traceparent of the event this delivery came from; null if it carried none. */
  @Column(name = "trace_parent")
  public String traceParent;
}
