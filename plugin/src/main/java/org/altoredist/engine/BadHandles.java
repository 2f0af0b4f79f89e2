package org.altoredist.engine;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.altoredist.wire.BundleHash;

/**
 * What the engine remembers of handles that let it down: those given up as bad, which no offer
 * may name again, and how often each of the others has arrived as bytes that did not hash to it.
 * Loop-confined.
 */
final class BadHandles {

  /** Handles remembered as bad; the oldest is forgotten beyond this. */
  static final int MAX_BAD_HANDLES = 1024;

  private final LinkedHashSet<BundleHash> bad = new LinkedHashSet<>();
  private final Set<BundleHash> badView = Collections.unmodifiableSet(bad);
  private final Map<BundleHash, Integer> mismatches = new HashMap<>();

  /** The handles given up, as a live read-only view. */
  Set<BundleHash> bad() {
    return badView;
  }

  /** Bytes fetched for {@code h} did not hash to it; returns how often that has happened. */
  int mismatched(BundleHash h) {
    return mismatches.merge(h, 1, Integer::sum);
  }

  /** {@code h}'s bytes verified: its earlier mismatches are forgotten. */
  void verified(BundleHash h) {
    mismatches.remove(h);
  }

  /** {@code h} is not fetched again. */
  void giveUp(BundleHash h) {
    bad.add(h);
    if (bad.size() > MAX_BAD_HANDLES) {
      bad.remove(bad.iterator().next());
    }
  }
}
