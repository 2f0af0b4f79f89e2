package org.altoredist.engine.sim.compact;

import java.util.Arrays;
import org.altoredist.wire.WireLimits;

/**
 * One end of a connection, and what the engine at that end knows about the peer (the engine's
 * {@code Peer}): its claims, the requests outstanding at it, its answer times, and what is still to
 * be announced to it. Versions of the three resources are packed 16 bits each in one long, so that
 * a million nodes' dozen links each stay small.
 */
final class Link {

  final Node owner;
  final Node remote;
  final boolean outgoing;
  Link other;
  /** The connection ended at this end. */
  boolean closed;
  /** The engine took the link as a peer (the engine's Connections.opened). */
  boolean peer;
  boolean dropped;
  /** Being closed as a duplicate; its close is on the way. */
  boolean closing;
  /** Order among the owner's peers, for telling endpoints once. */
  int openSeq;
  /** The highest {@link #openSeq} of the owner's other peers already told to this one. */
  int toldSeq;

  /** Versions the peer claims, per resource; and when each claim arrived (the order of holders). */
  long claims;
  final long[] claimedAt = new long[3];

  /** Requests outstanding at the peer: bundle id (16 bits), piece (16), round sent (31), lapsed (1). */
  private long[] asked;
  private int askedCount;
  long srttNanos;
  int consecutiveTimeouts;
  long answers;
  /** After a busy reject: no requests to the peer before this time (nanoseconds). */
  long busyUntil;
  long lastAnswerAt = Long.MIN_VALUE / 2;

  /**
   * Versions of each resource this end has sent the peer data of, packed as {@link #claims} (the
   * engine's Peer.served): a requester already being served a bundle is never turned away from it.
   */
  long served;

  /** Claims and withdrawals waiting for the announcement rate, per resource. */
  long pendingClaims;
  long pendingDrops;
  long inventoryRetryAt;
  long endpointsRetryAt;
  /** The last INVENTORY_BURST inventory and ENDPOINTS_BURST endpoints send rounds (the session's AnnounceRate). */
  private int[] sends;
  private int inventorySends;
  private int endpointsSends;

  Link(Node owner, Node remote, boolean outgoing) {
    this.owner = owner;
    this.remote = remote;
    this.outgoing = outgoing;
  }

  static int version(long packed, int resource) {
    return (int) (packed >>> (16 * resource)) & 0xffff;
  }

  static long with(long packed, int resource, int version) {
    return packed & ~(0xffffL << (16 * resource)) | (long) version << (16 * resource);
  }

  int claim(int resource) {
    return version(claims, resource);
  }

  // ---- requests outstanding at the peer ----

  int asked() {
    return askedCount;
  }

  boolean canRequest(int cap, long now) {
    return !dropped && now >= busyUntil && askedCount < (consecutiveTimeouts > 0 ? 1 : cap);
  }

  void ask(int bundle, int piece, int round) {
    if (asked == null) {
      asked = new long[16];
    } else if (askedCount == asked.length) {
      asked = Arrays.copyOf(asked, 2 * askedCount);
    }
    asked[askedCount++] = (long) bundle << 48 | (long) piece << 32 | (long) round << 1;
    owner.outstanding++;
  }

  /** The peer's smoothed answer time, or for one never timed the engine's default expectation. */
  long expectedAnswerNanos() {
    return srttNanos > 0 ? srttNanos : Rules.DEFAULT_ANSWER_NANOS;
  }

  boolean isAsked(int bundle, int piece) {
    return find(bundle, piece) >= 0;
  }

  private int find(int bundle, int piece) {
    long key = (long) bundle << 48 | (long) piece << 32;
    for (int i = 0; i < askedCount; i++) {
      if ((asked[i] & 0xffffffff00000000L) == key) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A request was answered: removes it and updates the answer times (the engine's Peer.answered).
   * Returns false when it was not outstanding.
   */
  boolean answered(int bundle, int piece, int round, long roundNanos) {
    int i = find(bundle, piece);
    if (i < 0) {
      return false;
    }
    long e = asked[i];
    System.arraycopy(asked, i + 1, asked, i, askedCount - i - 1);
    askedCount--;
    owner.outstanding--;
    if (askedCount == 0 && asked.length > 16) {
      asked = null;
    }
    answers++;
    long now = round * roundNanos;
    lastAnswerAt = now;
    if ((e & 1) == 0) {
      long rtt = now - ((e >>> 1) & 0x7fffffffL) * roundNanos;
      srttNanos = srttNanos == 0 ? rtt : srttNanos + (rtt - srttNanos) / 8;
    }
    return true;
  }

  /** Marks the requests sent at or before {@code cutoffRound} as lapsed; returns how many lapsed now. */
  int lapse(int cutoffRound) {
    int n = 0;
    for (int i = 0; i < askedCount; i++) {
      if ((asked[i] & 1) == 0 && ((asked[i] >>> 1) & 0x7fffffffL) <= cutoffRound) {
        asked[i] |= 1;
        n++;
      }
    }
    return n;
  }

  void forgetRequests() {
    owner.outstanding -= askedCount;
    asked = null;
    askedCount = 0;
  }

  // ---- the session's announcement rate ----

  /** Whether one more inventory at {@code round} keeps within the burst per interval; records it if so. */
  boolean inventoryAllowed(int round, int intervalRounds) {
    return allowed(0, WireLimits.INVENTORY_BURST, round, intervalRounds, true);
  }

  boolean endpointsAllowed(int round, int intervalRounds) {
    return allowed(WireLimits.INVENTORY_BURST, WireLimits.ENDPOINTS_BURST, round, intervalRounds, false);
  }

  private boolean allowed(int base, int burst, int round, int intervalRounds, boolean inventory) {
    if (sends == null) {
      sends = new int[WireLimits.INVENTORY_BURST + WireLimits.ENDPOINTS_BURST];
    }
    int count = inventory ? inventorySends : endpointsSends;
    int slot = base + count % burst;
    if (count >= burst && round - sends[slot] < intervalRounds) {
      return false;
    }
    sends[slot] = round;
    if (inventory) {
      inventorySends++;
    } else {
      endpointsSends++;
    }
    return true;
  }

  boolean pendingInventory() {
    return pendingClaims != 0 || pendingDrops != 0;
  }
}
