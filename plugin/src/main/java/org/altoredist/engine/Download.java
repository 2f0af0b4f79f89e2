package org.altoredist.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireLimits;

/**
 * Fetching one bundle from the peers that claim it: which piece to ask whom, when to give up on a
 * request, and where the bytes go. Loop-confined.
 *
 * <p>Requests are spread: each free piece goes to the claimant with the fewest requests
 * outstanding, so one claimant gets the whole pipeline and many share it, and no piece is asked
 * twice while its first request is young. Only when nothing is left to ask and a request has waited
 * {@link #ENDGAME_FACTOR} times the typical answer time is that piece asked of a second peer (the
 * endgame); a duplicate costs bytes, so it is the exception. Which claimant gets the pipeline is
 * decided by speed: the one answering soonest (an untried one is expected to answer within
 * {@link #DEFAULT_ANSWER_NANOS}); and pieces stuck at a holder that has delivered none of the bundle
 * move elsewhere after {@link #STALLED_HOLDER_FACTOR} endgame waits.
 *
 * <p>Bytes: when another holder of the same bytes is known (a {@link BundleCache} entry for the
 * handle), a piece equal to its slice is only marked received and no private copy is made; the
 * first piece that differs, or no shared copy, makes one private buffer of the claimed size. Either
 * way {@link #bytes} is exactly what the peers sent, and the caller hashes it.
 */
final class Download {

  /**
   * A request older than this many typical answer times is asked again elsewhere in the endgame,
   * of the least loaded other claimant.
   */
  static final int ENDGAME_FACTOR = 4;
  /** Floor on the endgame wait, so a burst of fast answers does not make every later one "late". */
  static final long MIN_ENDGAME_NANOS = 500_000_000L;
  /**
   * A holder that has answered before but delivered none of this bundle's pieces is stuck, not slow
   * on one piece: its uplink is working through other requesters' whole copies first. Its pieces
   * are asked elsewhere after this many endgame waits, as many as are late rather than within the
   * one-in-ten budget. Each costs the piece twice when that holder serves it after all (there is no
   * cancel), so the wait is longer than the endgame's: with uneven uplinks (lognormal, sigma 1) at
   * 10,000 nodes, one endgame wait moved so much that piece bytes reached 1.135 times a version's
   * size; two kept them at 1.09 and brought 99 % of the nodes the version in 37 rounds instead of 46.
   */
  static final int STALLED_HOLDER_FACTOR = 2;
  /**
   * The answer time expected of a peer never timed, and of a download before any answer: a second,
   * several round trips on a slow path. A holder timed slower than this is asked after an untried
   * one, so untried holders get their chance and their speed learned.
   */
  static final long DEFAULT_ANSWER_NANOS = 1_000_000_000L;

  final ResourceKey key;
  final BundleClaim claim;
  /** One peer at a time: after a hash mismatch the bytes must come from a single claimant. */
  final Peer onlyFrom;
  /**
   * Set when the bytes are a delta bundle to rebuild {@code claim}'s target from the held base
   * with; {@code claim} is then the delta's own claim.
   */
  final DeltaClaim delta;
  private final int pieceCount;
  private final BitSet received;
  /** received or assigned: the pieces not to hand out again. */
  private final BitSet taken;
  private final Peer[] assigned;
  private final long[] assignedAt;
  private final int startPiece;
  private final Set<Peer> contributors = new LinkedHashSet<>();
  private byte[] shared;
  private byte[] buffer;
  private int missing;
  /**
   * Endgame requests left: one in ten pieces (at least one). Each may bring its piece twice, so
   * this caps what the endgame can add to the bytes received at 10 % of the bundle.
   */
  private int secondAsks;
  private long answerNanosSum;
  private int answers;
  long lastProgress;

  Download(ResourceKey key, BundleClaim claim, Peer onlyFrom, DeltaClaim delta, byte[] shared, int startPiece,
      long now) {
    this.key = key;
    this.claim = claim;
    this.onlyFrom = onlyFrom;
    this.delta = delta;
    this.shared = shared;
    this.pieceCount = Pieces.count(claim.size());
    this.received = new BitSet(pieceCount);
    this.taken = new BitSet(pieceCount);
    this.assigned = new Peer[pieceCount];
    this.assignedAt = new long[pieceCount];
    this.startPiece = Math.floorMod(startPiece, pieceCount);
    this.missing = pieceCount;
    this.secondAsks = Math.max(1, pieceCount / 10);
    this.lastProgress = now;
  }

  boolean complete() {
    return missing == 0;
  }

  /** Whether no piece has arrived yet: nothing shows that any claimant holds the bundle. */
  boolean unproven() {
    return missing == pieceCount;
  }

  /** The bytes of the bundle not received yet (requested or not). */
  long missingBytes() {
    long n = 0;
    for (int i = received.nextClearBit(0); i < pieceCount; i = received.nextClearBit(i + 1)) {
      n += Pieces.length(claim.size(), i);
    }
    return n;
  }

  Set<Peer> contributors() {
    return contributors;
  }

  /** The assembled bytes; only once complete. */
  byte[] bytes() {
    if (!complete()) {
      throw new IllegalStateException(missing + " of " + pieceCount + " pieces missing");
    }
    return buffer != null ? buffer : shared;
  }

  /** Hands free pieces to the claimants, then (with nothing left) re-asks late ones. */
  void pump(List<Peer> claimants, int cap, long now) {
    List<Peer> open = new ArrayList<>();
    for (Peer p : claimants) {
      if ((onlyFrom == null || onlyFrom == p) && p.canRequest(cap, now)) {
        open.add(p);
      }
    }
    // Each free piece is looked at once per pump: one nobody can be asked for waits for the next.
    int piece = nextFree(startPiece);
    for (int looked = 0; piece >= 0 && looked < pieceCount && !open.isEmpty(); looked++) {
      Peer p = choose(open, piece, true);
      boolean sent = p != null && ask(p, piece, now);
      if (p != null && !p.canRequest(cap, now)) {
        open.remove(p);
      }
      if (sent || p == null) {
        piece = nextFree(piece + 1 == pieceCount ? 0 : piece + 1);
      }
    }
    if (nextFree(0) < 0 && !open.isEmpty()) {
      endgame(open, cap, now);
    }
  }

  private void endgame(List<Peer> open, int cap, long now) {
    long lateNanos = Math.max(MIN_ENDGAME_NANOS, ENDGAME_FACTOR * typicalAnswerNanos(open));
    for (int i = received.nextClearBit(0); i < pieceCount && !open.isEmpty(); i = received.nextClearBit(i + 1)) {
      // Late, and its peer silent that long too: a peer still answering is working through a
      // queue, and asking again elsewhere would only bring the piece twice.
      Peer late = assigned[i];
      if (late == null || now - assignedAt[i] < lateNanos || now - late.lastAnswerAt() < lateNanos) {
        continue;
      }
      // A peer that has never answered anything is not expected to: asking again costs nothing
      // twice. One that has delivered none of this bundle is stuck behind other requesters: after a
      // longer wait, its pieces move as freely.
      boolean free = late.answers() == 0 || !contributors.contains(late);
      if (late.answers() > 0 && free && (now - assignedAt[i] < STALLED_HOLDER_FACTOR * lateNanos
          || now - late.lastAnswerAt() < STALLED_HOLDER_FACTOR * lateNanos)) {
        continue;
      }
      if (!free && secondAsks == 0) {
        continue;
      }
      Peer p = choose(open, i, false);
      if (p != null) {
        secondAsks -= ask(p, i, now) && !free ? 1 : 0;
        if (!p.canRequest(cap, now)) {
          open.remove(p);
        }
      }
    }
  }

  private boolean ask(Peer p, int piece, long now) {
    SendOutcome o = p.request(claim.hash(), piece, now);
    if (o == SendOutcome.SENT) {
      assigned[piece] = p;
      assignedAt[piece] = now;
      taken.set(piece);
      return true;
    }
    // Full, rate-limited or closing: this peer takes no more requests in this round of pumping.
    p.holdRequestsUntil(now + 1);
    return false;
  }

  /**
   * The open claimant to ask for {@code piece}, among those not yet asked for it: normally the one
   * already asked the most, so that a bundle comes whole from as few holders as the request cap
   * allows (a whole copy from one holder is what makes a new holder soonest); in the endgame the
   * one asked the least, to spread the second requests. Among equals, the one that answers soonest.
   */
  private Peer choose(List<Peer> open, int piece, boolean mostLoaded) {
    Peer best = null;
    for (Peer p : open) {
      int load = Integer.compare(p.outstanding(), best == null ? 0 : best.outstanding());
      // Among equals, the peer that answers soonest: a slow uplink serves its requesters one after
      // another, and whoever gets the pipeline serves the whole bundle. Then the one that has
      // answered us most: a claim is cheap, a track record is not.
      int speed = best == null ? 0 : Long.compare(expectedAnswerNanos(best), expectedAnswerNanos(p));
      boolean better = best == null || (mostLoaded ? load > 0 : load < 0)
          || load == 0 && (speed > 0 || speed == 0 && p.answers() > best.answers());
      if (better && !p.wasAsked(claim.hash(), piece)) {
        best = p;
      }
    }
    return best;
  }

  /** A peer's smoothed answer time; {@link #DEFAULT_ANSWER_NANOS} for one never timed. */
  static long expectedAnswerNanos(Peer p) {
    return p.srttNanos() > 0 ? p.srttNanos() : DEFAULT_ANSWER_NANOS;
  }

  /** The first piece at or after {@code from} (wrapping) that is neither received nor asked; -1 if none. */
  private int nextFree(int from) {
    int p = taken.nextClearBit(from);
    if (p < pieceCount) {
      return p;
    }
    p = taken.nextClearBit(0);
    return p < pieceCount ? p : -1;
  }

  /**
   * How long an answer takes: this download's average, or before it has one, the quickest round
   * trip any claimant has shown; one second when nothing is known.
   */
  long typicalAnswerNanos(List<Peer> claimants) {
    if (answers > 0) {
      return answerNanosSum / answers;
    }
    long best = 0;
    for (Peer p : claimants) {
      if (p.srttNanos() > 0 && (best == 0 || p.srttNanos() < best)) {
        best = p.srttNanos();
      }
    }
    return best > 0 ? best : DEFAULT_ANSWER_NANOS;
  }

  /**
   * A piece arrived from {@code from}. Returns false for a piece already in (a duplicate, counted).
   * The caller has checked that the peer was asked for it and that its total size is the claim's.
   */
  boolean accept(Peer from, int piece, ByteBuffer payload, byte[] sharedNow, long now) {
    if (received.get(piece)) {
      return false;
    }
    if (assigned[piece] == from) {
      answerNanosSum += now - assignedAt[piece];
      answers++;
    }
    if (buffer == null && shared == null) {
      shared = sharedNow;
    }
    int at = piece * WireLimits.PIECE_SIZE;
    if (buffer == null && (shared == null || !payload.equals(ByteBuffer.wrap(shared, at, payload.remaining())))) {
      buffer = new byte[claim.size()];
      if (shared != null) {
        for (int i = received.nextSetBit(0); i >= 0; i = received.nextSetBit(i + 1)) {
          System.arraycopy(shared, i * WireLimits.PIECE_SIZE, buffer, i * WireLimits.PIECE_SIZE, Pieces.length(claim.size(), i));
        }
      }
    }
    if (buffer != null) {
      payload.duplicate().get(buffer, at, payload.remaining());
    }
    received.set(piece);
    taken.set(piece);
    assigned[piece] = null;
    missing--;
    contributors.add(from);
    lastProgress = now;
    return true;
  }

  /** The request for {@code piece} to {@code from} will not be answered with data: hand it out again. */
  void release(Peer from, int piece) {
    if (assigned[piece] == from) {
      assigned[piece] = null;
      if (!received.get(piece)) {
        taken.clear(piece);
      }
    }
  }

  /** Every piece waiting on {@code from} is free again (the peer left or was dropped). */
  void releaseAll(Peer from) {
    for (int i = 0; i < pieceCount; i++) {
      release(from, i);
    }
  }

  /** Frees the pieces whose request is older than {@code timeoutNanos}, to be asked elsewhere. */
  void expire(long timeoutNanos, long now) {
    for (int i = 0; i < pieceCount; i++) {
      if (assigned[i] != null && now - assignedAt[i] >= timeoutNanos) {
        release(assigned[i], i);
      }
    }
  }
}
