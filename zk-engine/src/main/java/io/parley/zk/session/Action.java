package io.parley.zk.session;

import io.parley.zk.messages.Envelope;

/** What a sans-I/O protocol core asks its driver to do. */
public sealed interface Action {
  /** Deliver the envelope to member {@code to}. */
  record Send(int to, Envelope envelope) implements Action {}

  /** Call back {@code onTimeout(step)} after the driver's per-step timeout unless it moved on. */
  record ScheduleTimeout(int step) implements Action {}
}
