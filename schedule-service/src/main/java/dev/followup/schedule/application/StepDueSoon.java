package dev.followup.schedule.application;

import java.time.Instant;

/**
 * A step was planned or moved to fall due before the claim loops would next look: they are woken
 * once its transaction commits (see {@link TimerPoller}).
 */
record StepDueSoon(Instant dueAt) {}
