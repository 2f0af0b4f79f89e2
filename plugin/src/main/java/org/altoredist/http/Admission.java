package org.altoredist.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded work for the ALTO server (RFC 7285 §8.5.3: an overloaded server answers 503; alto-http.md
 * §4.4). A request counts from its complete head until its answer has been handed to the
 * connection: at most {@code workers + queue} at once; one beyond is answered 503 at once, without
 * touching any resource. Slow clients cannot fill it: a head still arriving is not a request yet
 * (the server parses heads without a thread, and {@link HeadDeadline} closes a connection whose
 * head is late), and an answer is written without a thread, so a slow reader holds none.
 */
final class Admission {

  private final int limit;
  private final AtomicInteger admitted = new AtomicInteger();

  Admission(int workers, int queue) {
    if (workers < 1 || queue < 0) {
      throw new IllegalArgumentException("need at least one worker and a non-negative queue");
    }
    this.limit = workers + queue;
  }

  /** Admits one request, or returns false: answer it 503. Each true is followed by one {@link #exit}. */
  boolean enter() {
    if (admitted.incrementAndGet() > limit) {
      admitted.decrementAndGet();
      return false;
    }
    return true;
  }

  void exit() {
    admitted.decrementAndGet();
  }

  /** Requests admitted and not yet answered. */
  int inFlight() {
    return admitted.get();
  }
}
