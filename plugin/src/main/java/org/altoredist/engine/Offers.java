package org.altoredist.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;

/**
 * Every claim of every connected peer, grouped by resource: which versions are on offer and who
 * offers each. Identical claims (same handle, service, resource, sequence and size) from several
 * peers are one offer with several holders; a handle claimed with different details is several
 * offers, at most one of which can verify. Loop-confined.
 */
final class Offers {

  private final Map<ResourceKey, Map<BundleClaim, Set<Peer>>> byKey = new LinkedHashMap<>();

  void add(Peer peer, BundleClaim claim) {
    byKey.computeIfAbsent(Claims.keyOf(claim), k -> new LinkedHashMap<>())
        .computeIfAbsent(claim, c -> new LinkedHashSet<>()).add(peer);
  }

  void remove(Peer peer, BundleClaim claim) {
    ResourceKey key = Claims.keyOf(claim);
    Map<BundleClaim, Set<Peer>> offers = byKey.get(key);
    if (offers == null) {
      return;
    }
    Set<Peer> holders = offers.get(claim);
    if (holders != null && holders.remove(peer) && holders.isEmpty()) {
      offers.remove(claim);
      if (offers.isEmpty()) {
        byKey.remove(key);
      }
    }
  }

  /** The keys anyone offers something for, in the order first offered. */
  List<ResourceKey> keys() {
    return new ArrayList<>(byKey.keySet());
  }

  /**
   * The offer to fetch for {@code key}: the largest sequence above {@code heldSequence} whose handle
   * is not known bad and whose size fits; among equal sequences, the one most peers claim (the
   * others are the same resource or forgeries).
   */
  BundleClaim best(ResourceKey key, long heldSequence, Set<BundleHash> bad, long maxSize) {
    return best(key, heldSequence, Long.MAX_VALUE, bad, maxSize);
  }

  /** {@link #best(ResourceKey, long, Set, long)} among the sequences below {@code below}. */
  BundleClaim best(ResourceKey key, long heldSequence, long below, Set<BundleHash> bad, long maxSize) {
    Map<BundleClaim, Set<Peer>> offers = byKey.get(key);
    if (offers == null) {
      return null;
    }
    BundleClaim best = null;
    int bestHolders = 0;
    for (Map.Entry<BundleClaim, Set<Peer>> e : offers.entrySet()) {
      BundleClaim c = e.getKey();
      if (c.sequence() <= heldSequence || c.sequence() >= below || bad.contains(c.hash()) || c.size() > maxSize) {
        continue;
      }
      int n = e.getValue().size();
      if (best == null || c.sequence() > best.sequence() || c.sequence() == best.sequence() && n > bestHolders) {
        best = c;
        bestHolders = n;
      }
    }
    return best;
  }

  /** Who offers exactly this claim, in the order they offered it. */
  List<Peer> holders(BundleClaim claim) {
    Map<BundleClaim, Set<Peer>> offers = byKey.get(Claims.keyOf(claim));
    Set<Peer> holders = offers == null ? null : offers.get(claim);
    return holders == null ? List.of() : new ArrayList<>(holders);
  }
}
