package dev.followup.schedule.incoming;

import dev.followup.database.TransientFailures;
import dev.followup.schedule.application.InvalidEventException;
import dev.followup.schedule.application.PlanningService;
import dev.followup.schedule.application.events.ChangeEvents;
import dev.followup.schedule.application.events.InterviewCompleted;
import dev.followup.schedule.metrics.ScheduleMetrics;
import dev.followup.schedule.tracing.TraceParents;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PessimisticLockException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.exception.LockAcquisitionException;
import org.jboss.logging.Logger;

/**
 * Reads interview events, a poll of records at a time, and hands each to the planning service. The
 * events arrive read and checked ({@link InterviewEventDeserializer}). A record that cannot be read
 * or acted on is nacked, so that the channel's failure strategy moves it to the dead-letter topic
 * with the reason, and the records after it are still processed. Event types this service does not
 * act on are skipped.
 *
 * <p>Each event is handled in the trace of its record ({@code traceparent} header), so that what it
 * plans (steps, plan events) is published later in that same trace.
 */
@ApplicationScoped
public class InterviewEventsConsumer {

  private static final Logger LOG = Logger.getLogger(InterviewEventsConsumer.class);
  private static final int CONFLICT_ATTEMPTS = 5;
  private static final String TOPIC = "interview-events";

  private final PlanningService planning;
  private final ScheduleMetrics metrics;
  private volatile boolean stopping;

  InterviewEventsConsumer(PlanningService planning, ScheduleMetrics metrics) {
    this.planning = planning;
    this.metrics = metrics;
  }

  /** Marks the start of shutdown, before the database and the channels go away. */
  void onShutdown(@Observes @Priority(1) ShutdownEvent event) {
    stopping = true;
  }

  /**
   * Handles a poll's worth of records in one transaction (each event still recorded in {@code
   * processed_event}, so a redelivered one does nothing), then acknowledges each record. Records
   * that cannot be read are dead-lettered on their own and left out of the batch. If the batch's
   * transaction fails, its events are handled again one transaction each, so that one bad event
   * goes to the dead-letter topic and the others are applied.
   *
   * <p>Runs on a worker thread, one batch after the other, so that events keep their order.
   */
  @Incoming(TOPIC)
  @Blocking
  public CompletionStage<Void> consume(KafkaRecordBatch<String, ReadEvent> batch) {
    List<CompletionStage<Void>> settled = new ArrayList<>();
    List<Readable> readable = new ArrayList<>();
    for (KafkaRecord<String, ReadEvent> record : batch) {
      try {
        readable.add(new Readable(record, reaction(record)));
      } catch (RuntimeException e) {
        settled.add(deadLetter(record, e));
      }
    }
    if (!readable.isEmpty()) {
      try {
        // A database outage is waited out, never dead-lettered: the records themselves are fine.
        TransientFailures.retrying(
            () ->
                retryingOnConflict(
                    () -> QuarkusTransaction.requiringNew().run(() -> applyInOrder(readable))));
        readable.forEach(event -> settled.add(event.record().ack()));
      } catch (RuntimeException batchFailed) {
        LOG.debugf(
            "A batch of %d event(s) failed, handling them one by one: %s",
            readable.size(), batchFailed.getMessage());
        for (Readable event : readable) {
          try {
            TransientFailures.retrying(() -> retryingOnConflict(event::applyInItsTrace));
            settled.add(event.record().ack());
          } catch (RuntimeException e) {
            settled.add(deadLetter(event.record(), e));
          }
        }
      }
    }
    return CompletableFuture.allOf(
        settled.stream()
            .map(CompletionStage::toCompletableFuture)
            .toArray(CompletableFuture[]::new));
  }

  /**
   * Applies the events in order, in the caller's transaction. Completions that follow each other
   * are planned together (their look-ups and writes made once for all of them); any other event is
   * applied on its own, between them, so that every interview sees its events in record order.
   */
  private void applyInOrder(List<Readable> events) {
    List<PlanningService.Completion> completions = new ArrayList<>();
    for (Readable event : events) {
      if (event.reaction().completion() != null) {
        completions.add(event.reaction().completion());
        continue;
      }
      planTogether(completions);
      event.applyInItsTrace();
    }
    planTogether(completions);
  }

  private void planTogether(List<PlanningService.Completion> completions) {
    if (!completions.isEmpty()) {
      planning.onInterviewsCompleted(List.copyOf(completions));
      completions.clear();
    }
  }

  /**
   * What applying an event does on its own, and for a completion the completion itself, which can
   * be planned together with its neighbours instead.
   */
  private record Reaction(Runnable alone, PlanningService.Completion completion) {

    static Reaction of(Runnable alone) {
      return new Reaction(alone, null);
    }
  }

  /** A record whose event was read and checked, with what applying it does. */
  private record Readable(KafkaRecord<String, ReadEvent> record, Reaction reaction) {

    /**
     * Applies the event on its own in the trace of its record, in the caller's transaction if any.
     */
    void applyInItsTrace() {
      try (Scope trace = traceOf(record.getHeaders()).makeCurrent()) {
        reaction.alone().run();
      }
    }
  }

  /** Thrown on, the record goes to the dead-letter topic, with the reason. */
  private CompletionStage<Void> deadLetter(
      KafkaRecord<String, ReadEvent> record, RuntimeException e) {
    if (stopping) {
      // The process is stopping (a retry of a database outage gives up when interrupted): the
      // record may be fine. Neither acknowledged nor dead-lettered, its offset is not committed
      // and it is read again after the restart; processed_event makes that harmless.
      LOG.debugf("Interview event left for the next consumer, the service is stopping: %s", e);
      return new CompletableFuture<>();
    }
    metrics.deadLetter(TOPIC, deadLetterReason(e));
    LOG.warnf("Interview event dead-lettered: %s", e.getMessage());
    return record.nack(e);
  }

  /** The record's {@code traceparent} header, if it has one. */
  private static String traceParentOf(Headers headers) {
    Header traceParent = headers.lastHeader(TraceParents.HEADER);
    return traceParent == null || traceParent.value() == null
        ? null
        : new String(traceParent.value(), StandardCharsets.UTF_8);
  }

  /**
   * The producer's context from the record's {@code traceparent} header: records of one batch
   * belong to different traces. Without the header, whatever is current.
   */
  private static Context traceOf(Headers headers) {
    Header traceParent = headers.lastHeader(TraceParents.HEADER);
    return traceParent == null || traceParent.value() == null
        ? Context.current()
        : TraceParents.context(new String(traceParent.value(), StandardCharsets.UTF_8));
  }

  /** A fixed word per kind of failure: a metric tag, so never the failure's message. */
  private static String deadLetterReason(RuntimeException e) {
    if (e instanceof InvalidEventException) {
      return "invalid-event";
    }
    if (e instanceof PessimisticLockException
        || e instanceof OptimisticLockException
        || e instanceof LockAcquisitionException) {
      return "lock-conflict";
    }
    return "processing-failed";
  }

  /**
   * A lock conflict with another transaction (the timer poller, another instance) is transient: try
   * again a few times before letting the record fail, rather than dead-letter a good event.
   */
  private static void retryingOnConflict(Runnable reaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        reaction.run();
        return;
      } catch (PessimisticLockException | OptimisticLockException | LockAcquisitionException e) {
        if (attempt == CONFLICT_ATTEMPTS) {
          throw e;
        }
        LOG.debugf("Lock conflict, retrying (attempt %d): %s", attempt, e.getMessage());
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * What applying the record's event does.
   *
   * @throws InvalidEventException if it is not a readable CloudEvent of a known type
   */
  private Reaction reaction(KafkaRecord<String, ReadEvent> record) {
    ReadEvent read = record.getPayload();
    if (read == null) {
      throw new InvalidEventException("Empty record");
    }
    if (read.invalid() != null) {
      throw read.invalid();
    }
    CloudEventHeaders event = read.event();
    return switch (event.type()) {
      case InterviewCompleted.TYPE -> {
        InterviewCompleted completed = read.data(InterviewCompleted.class);
        var completion =
            new PlanningService.Completion(
                event.id(),
                completed,
                read.text(),
                occurredAt(event, completed.completedAt()),
                traceParentOf(record.getHeaders()));
        yield new Reaction(() -> planning.onInterviewCompleted(completion), completion);
      }
      case ChangeEvents.InterviewRescheduled.TYPE -> {
        var rescheduled = read.data(ChangeEvents.InterviewRescheduled.class);
        yield Reaction.of(
            () ->
                planning.onInterviewRescheduled(event.id(), rescheduled, occurredAt(event, null)));
      }
      case ChangeEvents.InterviewCancelled.TYPE -> {
        var cancelled = read.data(ChangeEvents.InterviewCancelled.class);
        Instant occurredAt = occurredAt(event, cancelled.cancelledAt());
        yield Reaction.of(() -> planning.onInterviewCancelled(event.id(), cancelled, occurredAt));
      }
      case ChangeEvents.OutcomeRecorded.TYPE -> {
        var outcome = read.data(ChangeEvents.OutcomeRecorded.class);
        yield Reaction.of(() -> planning.onOutcomeRecorded(event.id(), outcome));
      }
      case ChangeEvents.EmployerReplied.TYPE -> {
        var replied = read.data(ChangeEvents.EmployerReplied.class);
        yield Reaction.of(() -> planning.onEmployerReplied(event.id(), replied));
      }
      case ChangeEvents.CandidateErased.TYPE -> {
        var erased = read.data(ChangeEvents.CandidateErased.class);
        yield Reaction.of(() -> planning.onCandidateErased(event.id(), erased));
      }
      default ->
          // Other interview events (later versions, other facts) are not this service's business.
          Reaction.of(() -> LOG.debugf("Skipping event type %s", event.type()));
    };
  }

  /**
   * When the event happened, to order it against others about the same interview: the CloudEvent
   * {@code time} the producer stamped, else the occurred-at its data carries, else unknown (null).
   */
  private static Instant occurredAt(CloudEventHeaders event, Instant fromData) {
    return event.time() != null ? event.time() : fromData;
  }
}
