package org.altoredist.engine.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.altoredist.engine.EngineLoop;

/**
 * An {@link EngineLoop} in virtual time, shared by every node of a simulation: tasks run in the
 * order of their due time, and of their scheduling among equal times, on the thread that calls
 * {@link #runUntil}. Offloaded work runs at once. Nothing depends on the wall clock or on thread
 * scheduling, so a run is a function of its seed.
 */
public final class VirtualLoop implements EngineLoop {

  private record Task(long at, long seq, Runnable run, boolean[] cancelled) {}

  private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
      a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Clock clock;
  private long now;
  private long seq;
  private long executed;

  /** @param epoch the wall-clock instant virtual time 0 stands for */
  public VirtualLoop(Instant epoch) {
    this.clock = clock(epoch, () -> now);
  }

  /** A UTC clock that reads {@code epoch} plus the virtual nanoseconds {@code nanos} says have passed. */
  public static Clock clock(Instant epoch, LongSupplier nanos) {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return epoch.plusNanos(nanos.getAsLong());
      }
    };
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void execute(Runnable task) {
    queue.add(new Task(now, seq++, task, null));
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    queue.add(new Task(now + Math.max(0, delay.toNanos()), seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  @Override
  public void offload(Runnable work) {
    work.run();
  }

  /** Runs tasks due up to {@code deadline} (virtual nanoseconds) while {@code go} holds; returns the time reached. */
  public long runUntil(long deadline, BooleanSupplier go) {
    while (!queue.isEmpty() && queue.peek().at <= deadline && go.getAsBoolean()) {
      Task t = queue.poll();
      now = t.at;
      if (t.cancelled == null || !t.cancelled[0]) {
        executed++;
        t.run.run();
      }
    }
    if (go.getAsBoolean()) {
      now = Math.max(now, deadline);
    }
    return now;
  }

  /**
   * Runs the tasks due now, including those they queue for now. The network calls it after each
   * frame it delivers, so a frame's consequences are handled before the next frame is decoded
   * (and a round's pieces are not all in memory at once).
   */
  public void runDue() {
    while (!queue.isEmpty() && queue.peek().at <= now) {
      Task t = queue.poll();
      if (t.cancelled == null || !t.cancelled[0]) {
        executed++;
        t.run.run();
      }
    }
  }

  public long executed() {
    return executed;
  }

  @Override
  public void close() {
    queue.clear();
  }
}
