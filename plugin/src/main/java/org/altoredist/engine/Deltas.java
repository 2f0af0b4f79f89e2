package org.altoredist.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;

/**
 * Delta bundles (signed-resources.md §4.1): the ones peers offer, by handle with who offers each,
 * and the ones this node holds and serves, each tied to the held version it rebuilds.
 * Loop-confined.
 */
final class Deltas {

  /** A delta this node holds: its claim and bytes; served while its target is held. */
  record HeldDelta(DeltaClaim claim, byte[] bytes) {}

  /** Deltas held per target version: as many bases as the ALTO server keeps deltas from (alto-http.md §4.10). */
  static final int MAX_HELD_PER_TARGET = 3;

  private final Map<BundleHash, DeltaClaim> offered = new LinkedHashMap<>();
  private final Map<BundleHash, Set<Peer>> holders = new LinkedHashMap<>();
  private final Map<BundleHash, HeldDelta> held = new LinkedHashMap<>();

  void add(Peer peer, DeltaClaim claim) {
    BundleHash h = claim.delta().hash();
    DeltaClaim known = offered.get(h);
    if (known != null && !known.equals(claim)) {
      // One handle, two descriptions: at most one is true; the first stands, the bytes will tell.
      return;
    }
    offered.put(h, claim);
    holders.computeIfAbsent(h, k -> new LinkedHashSet<>()).add(peer);
  }

  void remove(Peer peer, BundleHash h) {
    Set<Peer> s = holders.get(h);
    if (s != null && s.remove(peer) && s.isEmpty()) {
      holders.remove(h);
      offered.remove(h);
    }
  }

  /**
   * The delta to fetch for {@code key} from {@code base}: the one whose target has the largest
   * sequence above {@code heldSequence}, not known bad and within {@code maxSize}; among equals, the
   * one most peers offer.
   */
  DeltaClaim best(ResourceKey key, BundleHash base, long heldSequence, Set<BundleHash> bad, long maxSize) {
    DeltaClaim best = null;
    int bestHolders = 0;
    for (DeltaClaim c : offered.values()) {
      if (!c.base().equals(base) || !Claims.keyOf(c.delta()).equals(key) || c.delta().sequence() <= heldSequence
          || bad.contains(c.delta().hash()) || bad.contains(c.target()) || c.delta().size() > maxSize) {
        continue;
      }
      int n = holders.get(c.delta().hash()).size();
      if (best == null || c.delta().sequence() > best.delta().sequence()
          || c.delta().sequence() == best.delta().sequence() && n > bestHolders) {
        best = c;
        bestHolders = n;
      }
    }
    return best;
  }

  /** Who offers the delta {@code h}, in the order they offered it. */
  List<Peer> holders(BundleHash h) {
    Set<Peer> s = holders.get(h);
    return s == null ? List.of() : new ArrayList<>(s);
  }

  /**
   * Holds a delta to a held target, unless that target already has {@link #MAX_HELD_PER_TARGET}
   * (then returns false). Bounded so that the deltas of a version never weigh more than the version:
   * each is under half of it (the Installer offers no bigger one), and a node gets one per base it
   * held, from a handful of recent bases at most.
   */
  boolean hold(DeltaClaim claim, byte[] bytes) {
    if (held.containsKey(claim.delta().hash())) {
      return true;
    }
    long forTarget = held.values().stream().filter(d -> d.claim().target().equals(claim.target())).count();
    if (forTarget >= MAX_HELD_PER_TARGET) {
      return false;
    }
    held.put(claim.delta().hash(), new HeldDelta(claim, bytes));
    return true;
  }

  HeldDelta held(BundleHash h) {
    return held.get(h);
  }

  Collection<HeldDelta> held() {
    return held.values();
  }

  /** Forgets the deltas that rebuild {@code target} (no longer held) and returns them. */
  List<HeldDelta> dropTarget(BundleHash target) {
    List<HeldDelta> gone = new ArrayList<>();
    held.values().removeIf(d -> d.claim().target().equals(target) && gone.add(d));
    return gone;
  }
}
