package org.altoredist.engine;

import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.RejectReason;

/**
 * Answers requests. A piece is always a read-only view of a held, verified bundle's bytes, or of a
 * delta whose target this node verified after rebuilding it (or made from two verified versions): nothing
 * else can be sent as data. A bundle that is not held, may not be passed on ("no reuse"), or is for
 * an audience the requester's address is outside of, is answered "not held".
 *
 * <p>Requests are answered at once and in order: the transport's queue then serves requesters first
 * come, first served, which hands out whole copies one after another, and a whole copy makes a new
 * holder. Except on a backlogged uplink: when the node knows its upload rate
 * ({@link RedistributionEngine.Builder#uploadRate}) and what its links have queued would keep a new
 * requester waiting more than {@link #BACKLOG_WAIT_NANOS}, that requester is answered "busy": it
 * leaves this holder alone for a round trip, asks the others meanwhile and keeps this one's claim
 * for later; one already sent part of the bundle gets the rest.
 * A requester has no way to tell a slow holder from a busy one before its first piece, and a node
 * hearing of a new version asks the first holder it hears of for the whole bundle: without this,
 * a slow uplink that announced early collected a queue of its neighbours' whole copies, and those
 * neighbours were the last 1 % of a flash crowd (BENCHMARKS.md, "Turning requesters away from a
 * backlogged uplink"). Turning away everyone (BitTorrent's upload slots, or a byte limit on the
 * backlog without the rate) was measured in the simulation and slowed propagation: a refused
 * requester loses a round trip. So did "budget exhausted" instead of "busy": the requester then
 * drops the holder's claim, and one with no other holder waits for a new claim.
 */
final class Uploads {

  /**
   * The longest a new requester's first piece may wait behind the node's backlog: three rounds of
   * the simulation (a round trip and a half on its paths). At 10,000 nodes under the default flash
   * crowd, this let 99 % of the nodes have each version within 27 rounds with 1.000 times its size
   * in piece bytes (at 100,000 nodes, 32 against a bound of 33.2); stuck holders had cost 37 rounds
   * and 1.09 times. 150 to 400 ms gave 27 to 31 (BENCHMARKS.md).
   */
  static final long BACKLOG_WAIT_NANOS = 300_000_000L;

  private final Config config;
  private final Connections connections;
  private final Holdings holdings;
  private final Deltas deltas;
  private final Counters counters;

  Uploads(Config config, Connections connections, Holdings holdings, Deltas deltas, Counters counters) {
    this.config = config;
    this.connections = connections;
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
    if (h == null || !h.redistributable() || !h.descriptor().scope().permits(p.link().remoteAddress().getAddress())) {
      answer = new ArAltoMessage.Reject(r.hash(), r.piece(), RejectReason.NOT_HELD);
    } else if (r.piece() >= Pieces.count(bytes.length)) {
      answer = new ArAltoMessage.Reject(r.hash(), r.piece(), RejectReason.PIECE_OUT_OF_RANGE);
    } else if (!p.isBeingServed(r.hash()) && backlogged()) {
      answer = new ArAltoMessage.Reject(r.hash(), r.piece(), RejectReason.BUSY);
    } else {
      answer = new ArAltoMessage.Data(r.hash(), r.piece(), bytes.length, Pieces.slice(bytes, r.piece()));
      counters.pieceServed();
      p.recordServed(r.hash());
    }
    p.answer(answer);
  }

  /**
   * Whether a new requester would wait longer than {@link #BACKLOG_WAIT_NANOS} behind what the
   * links have queued and the answers waiting for room in them; never when the rate is unknown.
   */
  private boolean backlogged() {
    long rate = config.uploadBytesPerSecond();
    if (rate == 0) {
      return false;
    }
    long queued = 0;
    for (Peer q : connections.peers()) {
      queued += q.queuedBytes();
    }
    return queued * 1e9 / rate > BACKLOG_WAIT_NANOS;
  }
}
