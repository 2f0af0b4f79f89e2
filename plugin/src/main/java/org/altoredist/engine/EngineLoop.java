package org.altoredist.engine;

import java.time.Clock;
import java.time.Duration;

/**
 * The one thread on which an engine's state lives. Every engine method that changes state runs as
 * a task here, so the engine needs no locks and a simulation that runs every engine on one
 * virtual-time loop is deterministic. Slow work (signature checks, parsing big maps, disk) goes to
 * {@link #offload}, and its result comes back as a task through {@link #execute}.
 *
 * <p>{@link #threaded} gives the loop real deployments use; the simulation brings its own.
 */
public interface EngineLoop extends AutoCloseable {

  /** A scheduled task that has not run yet can be cancelled. */
  interface Timer {
    void cancel();
  }

  /** Monotonic time in nanoseconds, for timeouts and rates. */
  long nanoTime();

  /** Wall-clock time, for descriptor validity; the trust policies should read the same clock. */
  Clock clock();

  /** Runs {@code task} on the loop after the tasks already queued. Any thread may call it. */
  void execute(Runnable task);

  /** Runs {@code task} on the loop after {@code delay}. */
  Timer schedule(Duration delay, Runnable task);

  /**
   * Runs blocking {@code work} off the loop (a real loop uses a worker pool; a simulation runs it
   * at once). The work must not touch engine state; it posts its result with {@link #execute}.
   */
  void offload(Runnable work);

  /** Stops the loop's threads; tasks not yet run are dropped. */
  @Override
  void close();

  /**
   * A loop on one daemon thread named {@code name}, with {@code workers} threads for offloaded
   * work, reading time from {@code clock}.
   */
  static EngineLoop threaded(String name, Clock clock, int workers) {
    return new ThreadedLoop(name, clock, workers);
  }
}
