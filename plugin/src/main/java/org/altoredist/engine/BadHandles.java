package org.altoredist.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.altoredist.wire.BundleHash;

/**
 * What the engine remembers of handles that let it down: those given up as bad, which no offer
 * may name again, and how often each of the others has arrived as bytes that did not hash to it.
 * Both are bounded: hostile peers can make up handles without end. Loop-confined.
 */
final class BadHandles {

  /** Handles remembered as bad; the oldest is forgotten beyond this. */
  static final int MAX_BAD_HANDLES = 1024;

  /**
   * Handles with a mismatch count, the least recently mismatched forgotten beyond this. A count
   * matters only while its handle is fetched again from one claimant at a time, and the engine
   * fetches one handle per resource at once, so honest use keeps a few; the rest are handles whose
   * download was abandoned (its claimants left, a newer version won), which would otherwise stay
   * for good. Forgetting a count early grants its handle at most {@link Refusals#MAX_HASH_RETRIES}
   * more single-claimant fetches, each of which drops its sender if the bytes are wrong again, so
   * the bound need not be large: as many as bad handles, about 100 KB.
   */
  static final int MAX_MISMATCHED_HANDLES = 1024;

  private final LinkedHashSet<BundleHash> bad = new LinkedHashSet<>();
  private final Set<BundleHash> badView = Collections.unmodifiableSet(bad);
  /** In access order: a handle's count moves to the end each time it mismatches again. */
  private final LinkedHashMap<BundleHash, Integer> mismatches = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<BundleHash, Integer> eldest) {
      return size() > MAX_MISMATCHED_HANDLES;
    }
  };

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

  /** {@code h} is not fetched again; its mismatches no longer matter. */
  void giveUp(BundleHash h) {
    mismatches.remove(h);
    bad.add(h);
    if (bad.size() > MAX_BAD_HANDLES) {
      bad.remove(bad.iterator().next());
    }
  }
}
