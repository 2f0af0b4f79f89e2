package org.altoredist.engine.sim.compact;

/**
 * What a node put on its uplink for one connection: a handshake step, an inventory, an endpoints
 * message, or a run of requests, data or rejects for pieces of one bundle (the engine sends one
 * message per piece; consecutive ones to the same peer travel as one run, and a run is split where
 * the uplink's budget for the round runs out).
 */
final class Frame {

  enum Kind { HANDSHAKE, ACCEPTOR_REPLY, DIALLER_REPLY, INVENTORY, ENDPOINTS, REQUESTS, DATA, REJECTS, BUSY }

  final Kind kind;
  /** The receiving end. */
  final Link to;
  /** Bytes on the wire; for runs, filled in per piece as the run is transmitted. */
  int size;
  /** Runs: the bundle, and pieces[from..until) in the order sent. */
  int bundle;
  int[] pieces;
  int from;
  int until;
  /** Inventories: versions claimed and withdrawn per resource (packed as in {@link Link}). */
  long claims;
  long drops;
  /** Endpoints: node ids. */
  int[] endpoints;

  Frame(Kind kind, Link to, int size) {
    this.kind = kind;
    this.to = to;
    this.size = size;
  }

  static Frame run(Kind kind, Link to, int bundle, int[] pieces, int from, int until) {
    Frame f = new Frame(kind, to, 0);
    f.bundle = bundle;
    f.pieces = pieces;
    f.from = from;
    f.until = until;
    return f;
  }

  boolean isRun() {
    return kind == Kind.REQUESTS || kind == Kind.DATA || kind == Kind.REJECTS || kind == Kind.BUSY;
  }
}
