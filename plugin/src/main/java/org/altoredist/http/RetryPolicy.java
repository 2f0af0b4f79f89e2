package org.altoredist.http;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How an {@link AltoClient} retries a request that failed in a way that may pass (I/O error, 5xx,
 * 429): exponential backoff with jitter, and a server's Retry-After honoured as a lower bound.
 *
 * <p>The n-th retry (n = 0, 1, ...) waits d/2 plus a uniformly random part of d/2, where
 * d = min(maxBackoff, initialBackoff · 2^n): the wait grows exponentially, never exceeds the cap,
 * and clients that failed together spread out ("equal jitter"). With a Retry-After, the wait is the
 * larger of the two; a Retry-After longer than {@code maxRetryAfter} is not waited for: the request
 * fails as OVERLOADED and carries the server's delay for the caller to schedule.
 *
 * @param maxAttempts attempts in all, the first included (at least 1)
 * @param initialBackoff the first retry's nominal delay
 * @param maxBackoff the cap of the nominal delay
 * @param maxRetryAfter the longest Retry-After the client waits for itself
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

  /** Four attempts over about two seconds, and Retry-After up to a minute. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(8), Duration.ofSeconds(60));

  public RetryPolicy {
    if (maxAttempts < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0
        || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("retry policy: at least one attempt, 0 <= initial <= max backoff");
    }
  }

  /** The wait before retry number {@code retry} (0 for the first retry). */
  public Duration backoff(int retry, RandomGenerator random) {
    long initial = initialBackoff.toMillis();
    long cap = maxBackoff.toMillis();
    long d = retry < 62 && initial <= cap >> retry ? initial << retry : cap;
    long half = d / 2;
    return Duration.ofMillis(half + (d - half == 0 ? 0 : random.nextLong(d - half + 1)));
  }

  /** Waits for the client; tests substitute one that records the waits. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
  }
}
