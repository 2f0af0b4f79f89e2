package org.altoredist.engine;

import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.RejectReason;
import org.altoredist.wire.SendOutcome;

/**
 * Answers requests. A piece is always a read-only view of a held, verified bundle's bytes, or of a
 * delta whose target this node verified after rebuilding it (or made from two verified versions): nothing
 * else can be sent as data. A bundle that is not held, may not be passed on ("no reuse"), or is for
 * an audience the requester's address is outside of, is answered "not held".
 *
 * <p>Requests are answered at once and in order: the transport's queue then serves requesters first
 * come, first served, which hands out whole copies one after another, and a whole copy makes a new
 * holder. (Choking, as BitTorrent's upload slots, was measured in the simulation and did not speed
 * propagation: a refused requester loses a round trip that a queued one does not.)
 */
final class Uploads {

  private final Holdings holdings;
  private final Deltas deltas;
  private final Counters counters;

  Uploads(Holdings holdings, Deltas deltas, Counters counters) {
    this.holdings = holdings;
    this.deltas = deltas;
    this.counters = counters;
  }

  void serve(Peer p, ArAltoMessage.Request r) {
    HeldBundle h = holdings.byHash(r.hash());
    byte[] bytes = h == null ? null : h.bytes();
    Deltas.HeldDelta d = h == null ? deltas.held(r.hash()) : null;
    if (d != null) {
      // A delta is served under its target's rules: whoever may have the target may have the way to it.
      h = holdings.byHash(d.claim().target());
      bytes = d.bytes();
    }
    ArAltoMessage answer;
    if (h == null || !h.redistributable() || !h.descriptor().scope().permits(p.link.remoteAddress().getAddress())) {
      answer = new ArAltoMessage.Reject(r.hash(), r.piece(), RejectReason.NOT_HELD);
    } else if (r.piece() >= Pieces.count(bytes.length)) {
      answer = new ArAltoMessage.Reject(r.hash(), r.piece(), RejectReason.PIECE_OUT_OF_RANGE);
    } else {
      answer = new ArAltoMessage.Data(r.hash(), r.piece(), bytes.length, Pieces.slice(bytes, r.piece()));
      counters.pieceServed();
      p.piecesServed++;
    }
    if (!p.unsent.isEmpty() || p.link.send(answer) == SendOutcome.OUTBOUND_FULL) {
      p.unsent.add(answer);
    }
  }

  /** Sends answers the session could not queue before, in order, as far as it takes them now. */
  static void retry(Peer p) {
    while (!p.unsent.isEmpty()) {
      SendOutcome o = p.link.send(p.unsent.peek());
      if (o == SendOutcome.OUTBOUND_FULL) {
        return;
      }
      p.unsent.poll();
    }
  }
}
