package org.altoredist.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting on a condition with a deadline, as every plugin test waits: never a fixed sleep. The
 * message says what was awaited and for how long, which is all a failure at a deadline can tell.
 */
public final class Await {

  /** The default deadline: generous for a loaded CI machine, since a met condition ends the wait at once. */
  public static final Duration DEADLINE = Duration.ofSeconds(30);

  private Await() {}

  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    until(what, DEADLINE, condition);
  }

  public static void until(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline + ": " + what);
      }
      Thread.sleep(10);
    }
  }
}
