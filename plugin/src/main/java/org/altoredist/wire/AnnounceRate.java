package org.altoredist.wire;

import java.time.Duration;

/**
 * The last {@code burst} times of one kind of announcement, as libtorrent's ut_pex keeps
 * ({@code m_last_pex[6]}): a burst is allowed, a sustained rate above burst/window is not.
 */
final class AnnounceRate {

  private final long[] times;
  private final long windowNanos;
  private int next;
  private int count;

  AnnounceRate(int burst, Duration window) {
    this.times = new long[burst];
    this.windowNanos = window.toNanos();
  }

  /** True if one more at {@code now} keeps within {@code burst} per window. */
  boolean allows(long now) {
    return count < times.length || now - times[next] >= windowNanos;
  }

  void record(long now) {
    times[next] = now;
    next = (next + 1) % times.length;
    count = Math.min(count + 1, times.length);
  }
}
