package org.altoredist.engine;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on a condition with a deadline, never a fixed sleep. */
public final class Await {

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
