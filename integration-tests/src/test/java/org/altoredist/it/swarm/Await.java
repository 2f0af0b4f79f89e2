package org.altoredist.it.swarm;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on a condition with a deadline: how every swarm test waits, never on a fixed sleep. */
public final class Await {

  /** How often a condition is re-checked; the wait ends as soon as it holds. */
  private static final long POLL_MILLIS = 50;

  private Await() {}

  /**
   * Returns once {@code condition} holds; fails with {@code what} and the diagnostics once the
   * deadline passes.
   */
  public static void until(String what, Duration deadline, BooleanSupplier condition, Supplier<String> diagnostics) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + deadline + " waiting until " + what + "\n" + diagnostics.get());
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what, e);
      }
    }
  }

  public static void until(String what, Duration deadline, BooleanSupplier condition) {
    until(what, deadline, condition, () -> "");
  }
}
