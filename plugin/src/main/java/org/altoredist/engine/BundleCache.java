package org.altoredist.engine;

import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerifiedResource;
import org.altoredist.wire.BundleHash;

/**
 * Bundles by the SHA-256 of their exact bytes: one shared array per distinct bundle, and the
 * result of verifying it under a trust policy. An engine creates its own; engines in one JVM may
 * share one (the simulation runs thousands of nodes that way).
 *
 * <p>What sharing saves and what it does not: identical bytes are held once, and a bundle's
 * signature, certificate path, digest and body are checked once per {@link TrustPolicy} object.
 * Every engine still hashes what it received and compares the hash with the claim, and still runs
 * {@link org.altoredist.trust.ResourceVerifier#recheck} (freshness, scope, sequence, the path's
 * validity now) and its own claim checks. Entries are weak: a bundle no engine holds any more is
 * collected. Thread-safe.
 */
public final class BundleCache {

  /** Cleared entries are swept once the maps grow past this; a node holds a few dozen bundles. */
  private static final int SWEEP_THRESHOLD = 256;

  private record PolicyAndHash(TrustPolicy policy, BundleHash hash) {}

  private final ConcurrentHashMap<BundleHash, WeakReference<byte[]>> bytes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PolicyAndHash, WeakReference<VerifiedResource>> verified = new ConcurrentHashMap<>();
  private volatile int sweepAt = SWEEP_THRESHOLD;

  /** The shared array with this hash, or null when no one holds it. */
  byte[] bytes(BundleHash hash) {
    WeakReference<byte[]> r = bytes.get(hash);
    return r == null ? null : r.get();
  }

  /**
   * The array to keep for bytes whose SHA-256 the caller has just computed as {@code hash}: the
   * shared one if there is one (the caller drops its copy), else {@code candidate}.
   */
  byte[] intern(BundleHash hash, byte[] candidate) {
    sweep();
    byte[][] out = new byte[1][];
    bytes.compute(hash, (h, r) -> {
      byte[] held = r == null ? null : r.get();
      out[0] = held != null ? held : candidate;
      return held != null ? r : new WeakReference<>(candidate);
    });
    return out[0];
  }

  VerifiedResource verified(TrustPolicy policy, BundleHash hash) {
    WeakReference<VerifiedResource> r = verified.get(new PolicyAndHash(policy, hash));
    return r == null ? null : r.get();
  }

  void remember(TrustPolicy policy, BundleHash hash, VerifiedResource resource) {
    verified.put(new PolicyAndHash(policy, hash), new WeakReference<>(resource));
  }

  private void sweep() {
    if (bytes.size() + verified.size() > sweepAt) {
      bytes.values().removeIf(r -> r.get() == null);
      verified.values().removeIf(r -> r.get() == null);
      // Twice what is live, so a cache of many live bundles is not swept on every call.
      sweepAt = Math.max(SWEEP_THRESHOLD, 2 * (bytes.size() + verified.size()));
    }
  }
}
