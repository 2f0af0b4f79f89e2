package org.altoredist.engine;

import java.util.List;
import java.util.Set;
import org.altoredist.trust.VerificationException.Reason;
import org.altoredist.wire.BundleHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine does with a downloaded bundle that failed verification: whom to blame (the
 * claimants, the senders, or nobody for a merely stale version), and which handles never to fetch
 * again. Loop-confined.
 */
final class Refusals {

  private static final Logger log = LoggerFactory.getLogger(Refusals.class);

  /**
   * Bundles that failed verification with a discard remedy before a peer is dropped: a second
   * unusable claim is no accident. (A bundle that no compliant peer would send drops it at once.)
   */
  static final int MAX_STRIKES = 2;
  /** Single-peer retries of a handle whose bytes did not hash to it, before it is given up. */
  static final int MAX_HASH_RETRIES = 3;
  /** Cuts a peer off for what it did, and forgets what it claimed. */
  interface Dropper {
    void drop(Peer p, EngineEvents.DropReason reason, String why);
  }

  private final Downloads downloads;
  private final Counters counters;
  private final EngineEvents events;
  private final Dropper dropper;
  private final BadHandles handles = new BadHandles();

  Refusals(Downloads downloads, Counters counters, EngineEvents events, Dropper dropper) {
    this.downloads = downloads;
    this.counters = counters;
    this.events = events;
    this.dropper = dropper;
  }

  /** Handles known bad: no offer of one is taken. */
  Set<BundleHash> bad() {
    return handles.bad();
  }

  /** A handle's bytes verified: its earlier mismatches are forgotten. */
  void accepted(BundleHash h) {
    handles.verified(h);
  }

  void refused(Download dl, Checker.Refused r) {
    counters.refused();
    List<Peer> claimants = downloads.claimants(dl);
    log.warn("{}: refused bundle {} claimed by {} and sent by {}: {}", dl.key, dl.claim.hash(), claimants,
        dl.contributors(), r.why());
    events.mapRefused(new EngineEvents.MapRefusal(dl.key.service(), dl.key.resourceId(),
        dl.contributors().stream().map(c -> c.link().remoteAddress()).toList(), r.reason(), r.why()));
    if (r.reason() == null) {
      hashMismatch(dl);
    } else if (r.blameSender()) {
      handles.giveUp(dl.claim.hash());
      for (Peer p : claimants) {
        dropper.drop(p, EngineEvents.DropReason.FORGED_CLAIM, "claimed " + dl.key + " as bundle " + dl.claim.hash() + ", which no compliant peer sends: " + r.why());
      }
    } else if (r.reason() != Reason.STALE_SEQUENCE) {
      handles.giveUp(dl.claim.hash());
      for (Peer p : claimants) {
        int strikes = p.strike();
        if (strikes >= MAX_STRIKES) {
          dropper.drop(p, EngineEvents.DropReason.FAILED_CLAIMS, strikes + " claims that failed verification, the last: " + r.why());
        }
      }
    }
  }

  /**
   * The bytes did not hash to the handle. With one sender, that sender lied; with several, the
   * handle is fetched again from one claimant at a time, so the next mismatch names its culprit.
   */
  private void hashMismatch(Download dl) {
    int failures = handles.mismatched(dl.claim.hash());
    if (dl.onlyFrom != null || dl.contributors().size() == 1) {
      Peer culprit = dl.onlyFrom != null ? dl.onlyFrom : dl.contributors().iterator().next();
      dropper.drop(culprit, EngineEvents.DropReason.WRONG_BYTES, "sent bytes of " + dl.key + " that do not hash to the handle " + dl.claim.hash());
    }
    List<Peer> claimants = downloads.claimants(dl);
    claimants.removeIf(Peer::isDropped);
    if (failures > MAX_HASH_RETRIES || claimants.isEmpty()) {
      handles.giveUp(dl.claim.hash());
      return;
    }
    downloads.start(dl.key, dl.claim, claimants.get(0), dl.delta);
  }
}
