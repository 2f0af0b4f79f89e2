package org.altoredist.engine.sim.compact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * One bundle being fetched from the peers that claim it: the engine's {@code Download}, piece for
 * piece, without the bytes. Free pieces go, from a random start, to the claimant already asked the
 * most (so a bundle comes whole from as few holders as the request cap allows); with nothing left to
 * hand out, a piece late long enough at a silent peer is asked of the least loaded other claimant,
 * within one second ask per ten pieces unless the late peer never answered anything or (after a
 * longer wait) delivered none of this bundle.
 */
final class Fetch {

  final int resource;
  final int version;
  final int bundle;
  private final int pieces;
  private final BitSet received;
  private final BitSet taken;
  /** Pieces asked of someone at least once: only those can be outstanding at a peer unassigned. */
  private final BitSet everAsked;
  private final Link[] assigned;
  private final int[] assignedAt;
  private final int startPiece;
  private int missing;
  private int secondAsks;
  private long answerNanosSum;
  private int answers;
  int lastProgress;
  /** The claimants that have delivered a piece of this bundle (a few at most). */
  private final List<Link> contributors = new ArrayList<>(2);
  /** No request is older than this round: before it the endgame has nothing to look at. */
  private int oldestAsked = Integer.MAX_VALUE;

  Fetch(int resource, int version, int bundle, int pieces, int startPiece, int round) {
    this.resource = resource;
    this.version = version;
    this.bundle = bundle;
    this.pieces = pieces;
    this.received = new BitSet(pieces);
    this.taken = new BitSet(pieces);
    this.everAsked = new BitSet(pieces);
    this.assigned = new Link[pieces];
    this.assignedAt = new int[pieces];
    this.startPiece = Math.floorMod(startPiece, pieces);
    this.missing = pieces;
    this.secondAsks = Math.max(1, pieces / 10);
    this.lastProgress = round;
  }

  boolean complete() {
    return missing == 0;
  }

  boolean unproven() {
    return missing == pieces;
  }

  /** Requests to send, per peer in the order first asked: what one pump decided. */
  static final class Asks {
    final List<Link> to = new ArrayList<>(2);
    final List<int[]> pieces = new ArrayList<>(2);
    final List<int[]> counts = new ArrayList<>(2);

    void add(Link l, int piece) {
      int i = to.indexOf(l);
      if (i < 0) {
        to.add(l);
        pieces.add(new int[8]);
        counts.add(new int[1]);
        i = to.size() - 1;
      }
      int[] c = counts.get(i);
      int[] p = pieces.get(i);
      if (c[0] == p.length) {
        p = Arrays.copyOf(p, 2 * p.length);
        pieces.set(i, p);
      }
      p[c[0]++] = piece;
    }
  }

  /**
   * Whether a pump could ask anything: a piece is free, or a request is old enough for the endgame
   * (never before {@link Rules#MIN_ENDGAME_NANOS}). Most pumps after a piece arrives have neither.
   */
  boolean mayAsk(int round, long roundNanos) {
    return nextFree(0) >= 0 || (long) (round - oldestAsked) * roundNanos >= Rules.MIN_ENDGAME_NANOS;
  }

  /** Hands free pieces to the claimants, then (with nothing left) re-asks late ones; records the asks. */
  void pump(List<Link> claimants, int cap, int round, long roundNanos, Asks asks) {
    List<Link> open = new ArrayList<>(claimants.size());
    for (Link p : claimants) {
      if (p.canRequest(cap, (long) round * roundNanos)) {
        open.add(p);
      }
    }
    int piece = nextFree(startPiece);
    for (int looked = 0; piece >= 0 && looked < pieces && !open.isEmpty(); looked++) {
      Link p = choose(open, piece, true);
      if (p != null) {
        ask(p, piece, round, asks);
        if (!p.canRequest(cap, (long) round * roundNanos)) {
          open.remove(p);
        }
      }
      piece = nextFree(piece + 1 == pieces ? 0 : piece + 1);
    }
    if (nextFree(0) < 0 && !open.isEmpty()) {
      endgame(open, cap, round, roundNanos, asks);
    }
  }

  private void endgame(List<Link> open, int cap, int round, long roundNanos, Asks asks) {
    long lateNanos = Math.max(Rules.MIN_ENDGAME_NANOS, Rules.ENDGAME_FACTOR * typicalAnswerNanos(open));
    long now = round * roundNanos;
    if (now - (long) oldestAsked * roundNanos < lateNanos) {
      return;
    }
    int oldest = Integer.MAX_VALUE;
    for (int i = received.nextClearBit(0); i < pieces; i = received.nextClearBit(i + 1)) {
      Link late = assigned[i];
      if (late == null) {
        continue;
      }
      // Late, and its peer silent that long too; and someone left to ask. A peer that never
      // answered anything is free to ask around; one that delivered none of this bundle is, after
      // a longer wait.
      boolean free = late.answers == 0 || !contributors.contains(late);
      long wait = late.answers > 0 && free ? Rules.STALLED_HOLDER_FACTOR * lateNanos : lateNanos;
      if (!open.isEmpty() && now - (long) assignedAt[i] * roundNanos >= wait && now - late.lastAnswerAt >= wait
          && (free || secondAsks > 0)) {
        Link p = choose(open, i, false);
        if (p != null) {
          secondAsks -= free ? 0 : 1;
          ask(p, i, round, asks);
          if (!p.canRequest(cap, (long) round * roundNanos)) {
            open.remove(p);
          }
        }
      }
      oldest = Math.min(oldest, assignedAt[i]);
    }
    oldestAsked = oldest;
  }

  private void ask(Link p, int piece, int round, Asks asks) {
    p.ask(bundle, piece, round);
    assigned[piece] = p;
    assignedAt[piece] = round;
    oldestAsked = Math.min(oldestAsked, round);
    taken.set(piece);
    everAsked.set(piece);
    asks.add(p, piece);
  }

  /**
   * The open claimant to ask for {@code piece}, among those not yet asked for it: normally the one
   * asked the most, in the endgame the one asked the least; among equals, the one that answers
   * soonest (one never timed is expected within {@link Rules#DEFAULT_ANSWER_NANOS}), then the one
   * that has answered most, then the first to have claimed.
   */
  private Link choose(List<Link> open, int piece, boolean mostLoaded) {
    boolean maybeAsked = everAsked.get(piece);
    Link best = null;
    for (Link p : open) {
      int load = Integer.compare(p.asked(), best == null ? 0 : best.asked());
      int speed = best == null ? 0 : Long.compare(best.expectedAnswerNanos(), p.expectedAnswerNanos());
      boolean better = best == null || (mostLoaded ? load > 0 : load < 0)
          || load == 0 && (speed > 0 || speed == 0 && p.answers > best.answers);
      if (better && !(maybeAsked && p.isAsked(bundle, piece))) {
        best = p;
      }
    }
    return best;
  }

  private int nextFree(int from) {
    int p = taken.nextClearBit(from);
    if (p < pieces) {
      return p;
    }
    p = taken.nextClearBit(0);
    return p < pieces ? p : -1;
  }

  private long typicalAnswerNanos(List<Link> claimants) {
    if (answers > 0) {
      return answerNanosSum / answers;
    }
    long best = 0;
    for (Link p : claimants) {
      if (p.srttNanos > 0 && (best == 0 || p.srttNanos < best)) {
        best = p.srttNanos;
      }
    }
    return best > 0 ? best : Rules.DEFAULT_ANSWER_NANOS;
  }

  /** A piece arrived from {@code from}; false for one already in (a duplicate). */
  boolean accept(Link from, int piece, int round, long roundNanos) {
    if (received.get(piece)) {
      return false;
    }
    if (assigned[piece] == from) {
      answerNanosSum += (long) (round - assignedAt[piece]) * roundNanos;
      answers++;
    }
    if (!contributors.contains(from)) {
      contributors.add(from);
    }
    received.set(piece);
    taken.set(piece);
    assigned[piece] = null;
    missing--;
    lastProgress = round;
    return true;
  }

  void release(Link from, int piece) {
    if (assigned[piece] == from) {
      assigned[piece] = null;
      if (!received.get(piece)) {
        taken.clear(piece);
      }
    }
  }

  void releaseAll(Link from) {
    for (int i = 0; i < pieces; i++) {
      release(from, i);
    }
  }

  /** Frees the pieces asked at or before {@code cutoffRound}, to be asked elsewhere. */
  void expire(int cutoffRound) {
    for (int i = 0; i < pieces; i++) {
      if (assigned[i] != null && assignedAt[i] <= cutoffRound) {
        release(assigned[i], i);
      }
    }
  }
}
