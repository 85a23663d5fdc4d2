package io.parley.consensus.simulation;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * A manual executor on a fake clock: tasks run in (time, insertion) order, time jumps to the next
 * task, and nothing depends on the wall clock, so a run is a pure function of its seed.
 */
final class Scheduler {
  private record Task(long time, long sequence, Runnable action) {}

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(Comparator.comparingLong(Task::time).thenComparingLong(Task::sequence));
  private long now;
  private long sequence;
  private long executed;

  long now() {
    return now;
  }

  long executed() {
    return executed;
  }

  void after(long delayMillis, Runnable action) {
    queue.add(new Task(now + Math.max(0, delayMillis), sequence++, action));
  }

  void at(long time, Runnable action) {
    queue.add(new Task(Math.max(now, time), sequence++, action));
  }

  /** Runs tasks up to {@code endTime}, or until {@code done} holds after a task. */
  void runUntil(long endTime, BooleanSupplier done) {
    while (!queue.isEmpty() && queue.peek().time() <= endTime) {
      Task task = queue.poll();
      now = task.time();
      task.action().run();
      executed++;
      if (done.getAsBoolean()) {
        return;
      }
    }
    now = Math.max(now, endTime);
  }
}
