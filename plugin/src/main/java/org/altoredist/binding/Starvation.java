package org.altoredist.binding;

/**
 * Whether one torrent's download is starving behind the cost filter, and how far the filter gives
 * way: the rule that makes steering a preference rather than a wall. Fed one {@link Sample} per
 * watch tick; answers the relief level, the number of costlier-PID peers to let through being
 * {@link #admitted}.
 *
 * <p>A download starves when it lacks pieces and either
 *
 * <ul>
 *   <li>no connected peer that holds a piece it lacks is letting it download (unchoked and
 *       interesting), for {@link #NO_SOURCE_GRACE_NANOS}; or
 *   <li>its rate stays under {@link #SLOW_FRACTION} of a fair share for {@link #SLOW_GRACE_NANOS},
 *       the fair share being the mean rate at which the connected peers that are downloading too
 *       complete the torrent (from their have messages): a peer far behind the peers around it is
 *       being held back, whatever the absolute numbers.
 * </ul>
 *
 * <p>Each starving spell raises the level by one, and a spell that goes on raises it again every
 * {@link #ESCALATE_NANOS}, so the share of the swarm let through doubles until the download gets
 * what it needs. Relief is kept while it helps: only {@link #COOL_DOWN_NANOS} without starving
 * lowers the level by one, and a completed download resets it. P4P and Ono fall back to random
 * peers the same way when local ones cannot serve; RFC 5632's trial kept 10 % random peers on top,
 * which the hash-chosen exceptions of {@link CostFilter} still provide.
 *
 * <p>Not thread-safe: the steering thread owns it.
 */
final class Starvation {

  /**
   * How long a download may have no unchoked source of a piece it lacks: on loopback or a LAN a
   * local peer's handshake, bitfield and unchoke take milliseconds, so two seconds without one is
   * not a connection still forming; a download of a few seconds' length loses little more than that.
   */
  static final long NO_SOURCE_GRACE_NANOS = 2_000_000_000L;
  /** How long a download may run under {@link #SLOW_FRACTION} of a fair share: a few rate samples. */
  static final long SLOW_GRACE_NANOS = 5_000_000_000L;
  /** Under a third of what its neighbours get is well under a fair share, not noise. */
  static final double SLOW_FRACTION = 1.0 / 3;
  /** Fewer downloading neighbours than this make no fair share worth comparing against. */
  static final int MIN_PEERS_FOR_FAIR_SHARE = 2;
  /**
   * How long a level gets before the next one while the download still starves: long enough for
   * newly admitted peers to connect and unchoke it (libtorrent unchokes a newly interested peer at
   * once while it has a free upload slot).
   */
  static final long ESCALATE_NANOS = 3_000_000_000L;
  /** How long without starving lowers the level by one: relief that helped stays while it helps. */
  static final long COOL_DOWN_NANOS = 60_000_000_000L;
  /** Costlier-PID peers let through at level 1; each level doubles it. */
  static final int FIRST_RELIEF = 2;
  /** Level at which every known peer is let through: 2 << 10 is more than any torrent's peers. */
  static final int MAX_LEVEL = 11;

  /**
   * What one watch tick saw of a torrent.
   *
   * @param nanos when, on a monotonic clock
   * @param wanting whether it lacks pieces it wants and is not paused
   * @param sources connected peers that hold a piece it lacks and have it unchoked
   * @param rate its download rate, bytes/s
   * @param fairShare the mean download rate of its downloading neighbours, bytes/s; NaN when fewer
   *     than {@link #MIN_PEERS_FOR_FAIR_SHARE} are known
   */
  record Sample(long nanos, boolean wanting, int sources, double rate, double fairShare) {}

  private int level;
  private long noSourceSince = -1;
  private long slowSince = -1;
  private long lastRaise;
  private long calmSince = -1;
  private String reason = "";

  /** Takes one sample; returns the relief level now. */
  int observe(Sample s) {
    if (!s.wanting()) {
      level = 0;
      noSourceSince = slowSince = calmSince = -1;
      return level;
    }
    noSourceSince = s.sources() == 0 ? (noSourceSince < 0 ? s.nanos() : noSourceSince) : -1;
    boolean slow = !Double.isNaN(s.fairShare()) && s.rate() < SLOW_FRACTION * s.fairShare();
    slowSince = slow ? (slowSince < 0 ? s.nanos() : slowSince) : -1;
    boolean starving = false;
    if (noSourceSince >= 0 && s.nanos() - noSourceSince >= NO_SOURCE_GRACE_NANOS) {
      starving = true;
      reason = "no unchoked peer holds a piece it lacks";
    } else if (slowSince >= 0 && s.nanos() - slowSince >= SLOW_GRACE_NANOS) {
      starving = true;
      reason = String.format(java.util.Locale.ROOT, "%.0f KiB/s against its neighbours' %.0f KiB/s", s.rate() / 1024,
          s.fairShare() / 1024);
    }
    if (starving) {
      calmSince = -1;
      if (level < MAX_LEVEL && (level == 0 || s.nanos() - lastRaise >= ESCALATE_NANOS)) {
        level++;
        lastRaise = s.nanos();
      }
    } else if (level > 0) {
      if (calmSince < 0) {
        calmSince = s.nanos();
      } else if (s.nanos() - calmSince >= COOL_DOWN_NANOS) {
        level--;
        calmSince = s.nanos();
      }
    }
    return level;
  }

  int level() {
    return level;
  }

  /** Why the last raise happened, for the log. */
  String reason() {
    return reason;
  }

  /** Costlier-PID peers let through at {@code level}: none at 0, then 2, 4, 8, ... */
  static int admitted(int level) {
    return level <= 0 ? 0 : level >= MAX_LEVEL ? Integer.MAX_VALUE : FIRST_RELIEF << (level - 1);
  }
}
