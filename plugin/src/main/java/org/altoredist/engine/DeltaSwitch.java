package org.altoredist.engine;

import java.util.HashMap;
import java.util.Map;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full download under way that gives way to a delta offered after it started (bep_ar_alto.md,
 * "Deltas"). A node fetches a version whole when no delta from its version is on offer yet: it met
 * the origin between the version's install and its delta being made, or the first holder it heard
 * of offers none. When a delta from the held version then appears, leading at least as far, and it
 * weighs less than what the full download still misses, the delta is fetched instead.
 *
 * <p>The full download is parked, not dropped: the delta may fail (bad bytes, a stale or forged
 * claim, its holders gone), and then the full download goes on from the pieces it had. It is
 * dropped, pieces and all, only once a version at least as new as its own is held. One download per
 * key still runs at a time, so a parked one asks nobody anything. A delta that brings no piece for
 * the request timeout (its holders alive but busy, or slow) is given up too, and not
 * switched to again while that full download lasts: its holders are not proven liars, but the full
 * bundle's are proven to deliver. Loop-confined.
 */
final class DeltaSwitch {

  private static final Logger log = LoggerFactory.getLogger(DeltaSwitch.class);

  private final Map<ResourceKey, Download> parked = new HashMap<>();
  /** Per key, the delta given up for delivering nothing while its full download waited. */
  private final Map<ResourceKey, BundleHash> givenUp = new HashMap<>();

  /**
   * Whether the full download {@code full} should give way to {@code d}: a delta leading at least
   * as far, smaller than the bytes still missing. Equal sizes keep the full download, which needs
   * no rebuild and whose holders are proven.
   */
  boolean worth(Download full, DeltaClaim d) {
    return full.delta == null && d != null && d.delta().sequence() >= full.claim.sequence()
        && d.delta().size() < full.missingBytes() && !d.delta().hash().equals(givenUp.get(full.key));
  }

  /** Whether a full download of {@code key} waits for the delta being fetched. */
  boolean parked(ResourceKey key) {
    return parked.containsKey(key);
  }

  /** The delta download {@code dl} brought no piece in time: its full download is to go on. */
  void giveUp(Download dl) {
    log.info("{}: no piece of the delta {} within the request timeout; back to the full download", dl.key,
        dl.claim.hash());
    givenUp.put(dl.key, dl.claim.hash());
  }

  /** Keeps {@code full} aside while the delta for its key is fetched. */
  void park(Download full, DeltaClaim d) {
    log.info("{}: fetching the {}-byte delta from {} instead of the {} bytes still missing of sequence {}", full.key,
        d.delta().size(), d.base(), full.missingBytes(), full.claim.sequence());
    parked.put(full.key, full);
  }

  /**
   * Takes back the parked full download of {@code key}, to go on with; null when there is none, or
   * when a held version at least as new ({@code heldSequence}) has made it useless: then its pieces
   * are dropped.
   */
  Download take(ResourceKey key, long heldSequence) {
    Download full = parked.remove(key);
    if (full != null && full.claim.sequence() <= heldSequence) {
      givenUp.remove(key);
      log.info("{}: sequence {} is held; the full download parked for it is cancelled ({} bytes of {} dropped)", key,
          heldSequence, full.claim.size() - full.missingBytes(), full.claim.size());
      return null;
    }
    return full;
  }
}
