package org.altoredist.wire;

import java.time.Duration;

/** A token bucket of bytes: full at {@code capacity}, refilling completely over {@code window}. */
final class UploadBudget {

  private final long capacity;
  private final long windowNanos;
  private final double bytesPerNano;
  private long tokens;
  private long last;

  UploadBudget(long capacity, Duration window, long now) {
    this.capacity = capacity;
    this.windowNanos = window.toNanos();
    this.bytesPerNano = (double) capacity / windowNanos;
    this.tokens = capacity;
    this.last = now;
  }

  boolean has(long bytes, long now) {
    refill(now);
    return tokens >= bytes;
  }

  /** Spends {@code bytes}; may go below zero when a piece was promised before the bucket ran dry. */
  void spend(long bytes, long now) {
    refill(now);
    tokens -= bytes;
  }

  private void refill(long now) {
    long elapsed = now - last;
    // A whole window refills exactly, whatever rounding the partial refills lost.
    tokens = elapsed >= windowNanos ? capacity : Math.min(capacity, tokens + (long) (elapsed * bytesPerNano));
    last = now;
  }
}
