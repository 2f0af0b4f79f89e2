package org.altoredist.binding;

import java.util.Locale;

/**
 * Whether one torrent's download is starving behind the cost filter, and how far the filter gives
 * way: the rule that makes steering a preference rather than a wall. Fed one {@link Sample} per
 * watch tick; answers the relief level, the number of costlier-PID peers to let through being
 * {@link #admitted}.
 *
 * <p>A download starves when it lacks pieces and
 *
 * <ul>
 *   <li>no connected peer holds any piece it lacks, for {@link #NO_HOLDER_GRACE_NANOS}: what it
 *       needs is not where the filter lets it look (the first seconds of a swarm, the last pieces
 *       of a download, a PID without a seeder); or
 *   <li>peers hold what it lacks but none of them lets it download (unchoked), and its rate is
 *       under {@link #SLOW_FRACTION} of a fair share (without one, nothing arrived since the last
 *       tick), for {@link #NO_SOURCE_GRACE_NANOS}: one holder that chokes it, a vanilla peer or
 *       a busy gateway, is starvation too; or
 *   <li>its rate stays under {@link #SLOW_FRACTION} of a fair share for {@link #SLOW_GRACE_NANOS},
 *       the fair share being the mean rate at which the connected peers that are downloading too
 *       complete the torrent (from their have messages): a peer far behind the peers around it is
 *       being held back, whatever the absolute numbers.
 * </ul>
 *
 * <p>Running slower than its gateway is not starving: the gateway passes each piece it imports to
 * all its PID-mates at once, so they trail it while they keep pace with one another. A rule that
 * relieved a mate under three quarters of its gateway's rate (measured on issue 12's transit runs)
 * made each seederless PID import 1.4 to 2.2 copies instead of about one, and 0.63 to 0.69 of the
 * all-vanilla swarm's bytes crossed PIDs; without it, 0.43 to 0.54. It had been needed only while
 * libtorrent dropped a gateway at its completion ({@link SeedConnections}).
 *
 * <p>A PID-mate waits for its gateway: while the gateway is connected, not behind it, and brought a
 * piece in within {@link #GATEWAY_IDLE_NANOS} (or nothing has arrived anywhere yet), nothing held
 * nearby is not starving, since what it lacks is on its way into the PID. Without this every peer of
 * a PID fetched the PID's missing pieces across on its own.
 *
 * <p>Each starving spell raises the level by one, and a spell that goes on raises it again every
 * {@link #ESCALATE_NANOS}, so the share of the swarm let through doubles until the download gets
 * what it needs, except while nothing at all is in sight ({@link #NOTHING_SEEN_LEVEL}). Relief
 * given in the first half of a download ends once nearby sources feed it again:
 * {@link #COOL_DOWN_NANOS} of them at a fair rate lowers the level by one; past
 * {@link #KEEP_RELIEF_PAST} it stays, and a completed download resets it. P4P and Ono
 * fall back to random peers the same way when local ones cannot serve.
 *
 * <p>Not thread-safe: the steering thread owns it.
 */
final class Starvation {

  /**
   * How long no connected peer may hold a piece the download lacks: peers announce their pieces
   * right after the handshake, and a swarm's first seconds (a seeder starting, peers dialling it)
   * take a round of connections; two watch ticks rule those out.
   */
  static final long NO_HOLDER_GRACE_NANOS = 2_000_000_000L;
  /**
   * How long holders may all choke a slow download: on loopback or a LAN a local peer's unchoke
   * takes milliseconds, so two seconds without one is not a connection still forming.
   */
  static final long NO_SOURCE_GRACE_NANOS = 2_000_000_000L;
  /**
   * How long a download may run under {@link #SLOW_FRACTION} of a fair share: three rate samples,
   * so one slow second (a piece finishing, a rechoke) is not enough.
   */
  static final long SLOW_GRACE_NANOS = 3_000_000_000L;
  /**
   * Under half of what its neighbours get is well under a fair share. Measured on the default demo
   * (8 runs each): at a third for 5 s the ALTO median ran 1.02 x the vanilla one (worst 1.05); at
   * half for 3 s, 1.005 (worst 1.03), with the same share of bytes crossing PIDs.
   */
  static final double SLOW_FRACTION = 1.0 / 2;
  /** Fewer downloading neighbours than this make no fair share worth comparing against. */
  static final int MIN_PEERS_FOR_FAIR_SHARE = 2;
  /**
   * How long a level gets before the next one while the download still starves. A remote peer
   * unchokes a newcomer at once only while it has a free upload slot, and otherwise at its next
   * rechoke (libtorrent: every 15 s); six seconds lets two levels' peers try before then, and a
   * walled download still reaches 16 peers within 20 s.
   */
  static final long ESCALATE_NANOS = 6_000_000_000L;
  /**
   * How long nearby sources must feed the download, at a fair rate, before the level drops by one:
   * relief is for getting what the PID lacks, and every byte it brings crosses PIDs. Nearby peers
   * that are sources keep feeding (an ALTO peer of the same PID unchokes its PID regardless of
   * upload slots), so a few seconds of them is no accident; a download that starves again gets
   * relief again within a grace.
   */
  static final long COOL_DOWN_NANOS = 5_000_000_000L;
  /**
   * Past this share of the torrent a download is in its tail: the pieces still missing are the ones
   * its PID is least likely to hold, its neighbours finish and stop downloading (leaving no fair
   * share to compare with), and a straggler is what relief is for. There relief comes without a
   * grace, as soon as no connected peer holds what it lacks, doubles every
   * {@link #TAIL_ESCALATE_NANOS}, and stays until the download completes.
   */
  static final double KEEP_RELIEF_PAST = 0.5;
  /**
   * In the tail relief doubles every watch tick while nothing it lacks is held nearby: the rest of
   * the swarm has finished or is finishing, so the seeds that could serve the last pieces are idle,
   * and the bytes still missing are few. Measured: doubling every 6 s there left one ALTO peer in
   * two demo runs 1.1 to 1.35 times slower than the slowest vanilla peer; every second, none.
   */
  static final long TAIL_ESCALATE_NANOS = 1_000_000_000L;
  /**
   * How long the PID's gateway may go without a new piece before its PID-mates stop waiting for it:
   * an importing gateway completes pieces many times a second (a 256 KiB piece at 2 MB/s every
   * 0.13 s), so a second and a half without one is a stall, or its own endgame, not a gap; read
   * once per watch tick, it is one tick and a half.
   */
  static final long GATEWAY_IDLE_NANOS = 1_500_000_000L;
  /**
   * The highest level while the download holds nothing and no connected peer holds anything, the
   * peers let through included and all of them connected: a swarm before its seeder, where more
   * peers let through are more peers holding nothing, each one a connection across PIDs that stays
   * until relief cools down. Level 1's peers (vanilla peers and gateways first, which block nobody)
   * are the look beyond the PID; as soon as any of them, or anyone nearby, holds a piece, the usual
   * rules apply, and while any of them cannot be reached the level rises as usual to reach others.
   * The cap lasts {@link #NOTHING_SEEN_NANOS} at most. Seen on issue 12's transit runs: the
   * seeder's PID-mates, relieved while the content was still held back, reached level 3 (8 peers
   * each) by its release, and were among another PID's gateway's peers when all of that gateway's
   * own PID-mates found every holder choking them.
   */
  static final int NOTHING_SEEN_LEVEL = 1;
  /**
   * How long nothing in sight holds relief at {@link #NOTHING_SEEN_LEVEL}: two of libtorrent's
   * 15 s rechoke rounds. Content anywhere the gateways reach is by then in some peer of the PID or
   * of those let through, all of which are in sight; past that, nothing in sight is more likely a
   * download cut off (its gateway and relieved peers walled in with it) than a swarm without
   * content, and the usual escalation looks further.
   */
  static final long NOTHING_SEEN_NANOS = 30_000_000_000L;
  /** Costlier-PID peers let through at level 1; each level doubles it. */
  static final int FIRST_RELIEF = 2;
  /** Level at which every known peer is let through: 2 << 10 is more than any torrent's peers. */
  static final int MAX_LEVEL = 11;

  /**
   * What one watch tick saw of a torrent.
   *
   * @param nanos when, on a monotonic clock
   * @param wanting whether it lacks pieces it wants and is not paused
   * @param progress the share of the torrent it holds, 0 to 1
   * @param holders connected peers that hold a piece it lacks
   * @param sources those of them that have it unchoked
   * @param nearSources sources the cost filter does not block (its own PID, or cheap enough)
   * @param rate its download rate, bytes/s
   * @param fairShare the mean download rate of its downloading neighbours, bytes/s; NaN when fewer
   *     than {@link #MIN_PEERS_FOR_FAIR_SHARE} are known
   * @param gatewayLead how far its PID's gateway is ahead of it, a share of the torrent (negative when
   *     behind); NaN when the gateway is not connected or this node is the gateway
   * @param gatewayIdleNanos how long since the gateway last completed a piece
   * @param reliefConnected whether peers are let through and every one of them is connected
   * @param received payload bytes that arrived since the previous tick; negative when not known
   */
  record Sample(long nanos, boolean wanting, double progress, int holders, int sources, int nearSources,
      double rate, double fairShare, double gatewayLead, long gatewayIdleNanos, boolean reliefConnected,
      long received) {

    /** A sample a second after one at the same steady {@code rate}, with no gateway and no relief. */
    Sample(long nanos, boolean wanting, double progress, int holders, int sources, int nearSources, double rate,
        double fairShare) {
      this(nanos, wanting, progress, holders, sources, nearSources, rate, fairShare, Double.NaN, Long.MAX_VALUE, false,
          (long) rate);
    }

    /**
     * Under half the fair share; without one, nothing arriving. libtorrent's rate is an average that
     * keeps four fifths of itself every second, so a download cut off at 1 MB/s reads 0 only a minute
     * later: with no neighbours to compare against, a tick that brought nothing is the measure.
     */
    boolean slow() {
      return Double.isNaN(fairShare) ? rate == 0 || received == 0 : rate < SLOW_FRACTION * fairShare;
    }
  }

  private int level;
  private long noHolderSince = -1;
  private long noSourceSince = -1;
  private long slowSince = -1;
  private long lastRaise;
  private long nothingSeenSince = -1;
  private long calmSince = -1;
  private String reason = "";

  /** Takes one sample; returns the relief level now. */
  int observe(Sample s) {
    if (!s.wanting()) {
      level = 0;
      noHolderSince = noSourceSince = slowSince = calmSince = nothingSeenSince = -1;
      return level;
    }
    long t = s.nanos();
    noHolderSince = s.holders() == 0 && !awaitingGateway(s) ? since(noHolderSince, t) : -1;
    nothingSeenSince = s.progress() == 0 && s.holders() == 0 ? since(nothingSeenSince, t) : -1;
    noSourceSince = s.holders() > 0 && s.sources() == 0 && s.slow() ? since(noSourceSince, t) : -1;
    boolean slowNow = !Double.isNaN(s.fairShare()) && s.slow();
    slowSince = slowNow ? since(slowSince, t) : -1;
    boolean tail = s.progress() >= KEEP_RELIEF_PAST;
    String why = null;
    if (noHolderSince >= 0 && (tail || t - noHolderSince >= NO_HOLDER_GRACE_NANOS)) {
      why = "no connected peer holds a piece it lacks" + (tail ? ", past half-way" : "") + gatewayState(s);
    } else if (noSourceSince >= 0 && t - noSourceSince >= NO_SOURCE_GRACE_NANOS) {
      why = "every peer holding a piece it lacks chokes it";
    } else if (slowSince >= 0 && t - slowSince >= SLOW_GRACE_NANOS) {
      why = String.format(Locale.ROOT, "%.0f KiB/s against its neighbours' %.0f KiB/s", s.rate() / 1024,
          s.fairShare() / 1024);
    }
    if (why != null) {
      reason = why;
      calmSince = -1;
      boolean capped = nothingSeenSince >= 0 && t - nothingSeenSince < NOTHING_SEEN_NANOS && s.reliefConnected()
          && level >= NOTHING_SEEN_LEVEL;
      if (capped) {
        // The next level comes a full step after the cap lifts, not at once: a relieved peer
        // reconnecting for one tick must not count as a step already waited.
        lastRaise = t;
      } else if (level < MAX_LEVEL && (level == 0 || t - lastRaise >= (tail ? TAIL_ESCALATE_NANOS : ESCALATE_NANOS))) {
        level++;
        lastRaise = t;
      }
    } else if (level > 0 && s.progress() < KEEP_RELIEF_PAST && s.nearSources() > 0 && !s.slow()) {
      calmSince = since(calmSince, t);
      if (t - calmSince >= COOL_DOWN_NANOS) {
        level--;
        calmSince = t;
      }
    } else {
      calmSince = -1;
    }
    return level;
  }

  /**
   * Whether the download waits for its PID's gateway to bring in what it lacks: the gateway is
   * connected, this download has had no relief, and the gateway made progress within
   * {@link #GATEWAY_IDLE_NANOS} (or nothing has arrived anywhere yet: a swarm before its seeder).
   */
  private boolean awaitingGateway(Sample s) {
    return s.gatewayLead() >= 0 && (s.gatewayIdleNanos() <= GATEWAY_IDLE_NANOS || s.progress() == 0);
  }

  /** Why the gateway is not worth waiting for, for the log: it is what a reader of a relief line asks next. */
  private static String gatewayState(Sample s) {
    if (Double.isNaN(s.gatewayLead())) {
      return "";
    }
    if (s.gatewayLead() < 0) {
      return String.format(Locale.ROOT, ", its gateway %.2f %% behind it", -100 * s.gatewayLead());
    }
    return String.format(Locale.ROOT, ", its gateway idle for %.1f s", s.gatewayIdleNanos() / 1e9);
  }

  private static long since(long start, long now) {
    return start < 0 ? now : start;
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
