package org.altoredist.engine.sim;

/**
 * Hostile behaviours a simulation can include, each played by its own scripted nodes (libtorrent's
 * simulation tests name their flags the same way). Honest nodes must still converge, stay within
 * bounded memory, and drop the offenders.
 */
public enum Fault {
  /** Claims a newer network map and serves a bundle whose signature was altered: BAD_SIGNATURE drops it. */
  FORGED_SIGNATURE,
  /** Serves the previous, validly signed network map under a newer sequence: the descriptor contradicts the claim. */
  REPLAYED_SEQUENCE,
  /**
   * Serves another ISP's validly signed maps as this service's: they fail this service's trust
   * (a copy to discard, not proof of forgery), so the peer is dropped at its second such claim.
   */
  OTHER_SERVICE,
  /** Claims the real network map and never answers a request: dropped after its requests time out. */
  NEVER_DELIVERS,
  /**
   * Claims a network map one sequence newer than the published one, under a handle no one holds,
   * and never answers a request: honest nodes try it first (it is the newest claim), drop the peer
   * once their requests time out, and must then go back to the real version.
   */
  PHANTOM_VERSION,
  /** Claims the real network map and answers each request only after several seconds. */
  SLOW,
  /** Claims the real network map but sends pieces of a bundle larger than it announced. */
  LARGER_THAN_ANNOUNCED,
  /** Sends inventories faster than the announcement rate allows: the session disconnects it. */
  INVENTORY_FLOOD,
  /** Sends an ar_alto message that is not canonical bencode: the session disconnects it. */
  MALFORMED_MESSAGE,
  /** Sends data nobody asked for: ignored a few times, then disconnected. */
  UNSOLICITED_DATA,
  /**
   * Offers a delta from the previous network map to the real new one whose patch rebuilds other
   * bytes: holders of the base try it first (a delta is cheaper), find DIGEST_MISMATCH, drop the
   * peer, and fetch the new version another way.
   */
  FORGED_DELTA
}
