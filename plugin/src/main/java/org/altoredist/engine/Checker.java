package org.altoredist.engine;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.Descriptor;
import org.altoredist.trust.VerificationException;
import org.altoredist.trust.VerificationException.Remedy;
import org.altoredist.trust.VerifiedResource;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.SignedBundle;

/**
 * The receiver's checks on a complete bundle, in the specification's order (bep_ar_alto.md,
 * "Verification"): the SHA-256 of the exact bytes against the claimed handle; the bundle verifier
 * (signature, signer, descriptor, digest, body), whose byte-level result a {@link BundleCache} may
 * remember; the verifier's checks of freshness, scope and sequence for this node; and the claim
 * against the signed descriptor. Thread-safe and stateless; runs off the loop.
 */
final class Checker {

  /** What became of a bundle. */
  sealed interface Outcome {}

  /** Verified: held as {@code held}, whose bytes are the shared array for its hash. */
  record Accepted(HeldBundle held) implements Outcome {}

  /**
   * Refused. {@code blameSender} says whether whoever sent it is at fault (drop it); otherwise the
   * copy is only discarded.
   */
  record Refused(String why, boolean blameSender, VerificationException.Reason reason) implements Outcome {}

  private final BundleCache cache;
  private final List<InetAddress> localAddresses;

  Checker(BundleCache cache, List<InetAddress> localAddresses) {
    this.cache = cache;
    this.localAddresses = List.copyOf(localAddresses);
  }

  /**
   * @param key the resource asked for, or null to take whichever the signed descriptor names (a
   *     bundle read from the store or handed over by the owner)
   * @param claim what the peers claimed, or null for a copy from the ALTO server or the owner
   * @param heldSequence the sequence of the version held for the key, or -1
   */
  Outcome check(Service service, ResourceKey key, BundleClaim claim, byte[] bytes, long heldSequence,
      HeldResource.Source source, Instant now) {
    BundleHash hash = BundleHash.compute(bytes);
    if (claim != null && !hash.equals(claim.hash())) {
      return new Refused("the bytes hash to " + hash + ", not to the claimed " + claim.hash(), true, null);
    }
    boolean fromPeer = source == HeldResource.Source.PEER;
    VerifiedResource v;
    try {
      v = verified(service, hash, bytes);
    } catch (VerificationException x) {
      return new Refused(x.getMessage(), x.reason().remedy() == Remedy.DROP_PEER, x.reason());
    }
    try {
      String rid = key == null ? v.descriptor().resourceId() : key.resourceId();
      // The held sequence is compared last, below: a claim the descriptor contradicts is a
      // forgery even when the bytes are merely old, and must be found out as one.
      Expectation e = (fromPeer ? Expectation.fromPeer(rid) : Expectation.fromOrigin(rid))
          .withLocalAddresses(localAddresses);
      service.verifier().recheck(v, e);
    } catch (VerificationException x) {
      // The signature held, so the descriptor can be named: which resource and version failed.
      return new Refused(ResourceKey.of(v.descriptor()) + " #" + v.descriptor().sequence() + ": " + x.getMessage(),
          x.reason().remedy() == Remedy.DROP_PEER, x.reason());
    }
    Descriptor d = v.descriptor();
    if (key == null) {
      key = ResourceKey.of(d);
    } else if (!ResourceKey.of(d).equals(key)) {
      return new Refused("the signed descriptor is " + ResourceKey.of(d) + ", not the claimed " + key, true,
          VerificationException.Reason.DESCRIPTOR_MISMATCH);
    }
    if (claim != null && claim.sequence() != d.sequence()) {
      return new Refused("the signed sequence is " + d.sequence() + ", the claim said " + claim.sequence(), true,
          VerificationException.Reason.DESCRIPTOR_MISMATCH);
    }
    if (d.sequence() <= heldSequence) {
      return new Refused("sequence " + d.sequence() + " is not newer than the held " + heldSequence, false,
          VerificationException.Reason.STALE_SEQUENCE);
    }
    byte[] shared = cache.intern(hash, bytes);
    HeldResource info = new HeldResource(key.service(), key.resourceId(), d.sequence(), hash, shared.length, source, v,
        now);
    return new Accepted(new HeldBundle(key, info, shared));
  }

  /**
   * Rebuilds the target of the delta {@code d} from its bytes and the held base's, then checks the
   * target as a bundle from peers (signed-resources.md §4.1). Bytes that do not hash to the delta's
   * handle are a hash mismatch like any other; a delta that does not rebuild what its claim names
   * is a forgery by its claimants.
   */
  Outcome rebuild(Service service, ResourceKey key, DeltaClaim d, byte[] deltaBytes, byte[] baseBytes,
      long heldSequence, Instant now) {
    BundleHash hash = BundleHash.compute(deltaBytes);
    if (!hash.equals(d.delta().hash())) {
      return new Refused("the bytes hash to " + hash + ", not to the claimed delta " + d.delta().hash(), true, null);
    }
    SignedBundle target;
    try {
      DeltaBundle delta = DeltaBundle.parse(deltaBytes);
      if (!BundleHash.of(delta.baseHash()).equals(d.base()) || !BundleHash.of(delta.targetHash()).equals(d.target())) {
        return new Refused("delta " + hash + " joins other bundles than its claim says", true,
            VerificationException.Reason.DESCRIPTOR_MISMATCH);
      }
      target = delta.rebuild(SignedBundle.parse(baseBytes));
    } catch (VerificationException x) {
      return new Refused("delta " + hash + ": " + x.getMessage(), x.reason().remedy() == Remedy.DROP_PEER, x.reason());
    }
    byte[] bytes = target.encoded();
    BundleClaim claim = new BundleClaim(d.delta().service(), d.delta().resourceId(), d.delta().sequence(),
        bytes.length, d.target());
    return check(service, key, claim, bytes, heldSequence, HeldResource.Source.PEER, now);
  }

  /** The verifier's result for these exact bytes, from the cache when the same policy verified them before. */
  private VerifiedResource verified(Service service, BundleHash hash, byte[] bytes) throws VerificationException {
    VerifiedResource v = cache.verified(service.policy(), hash);
    if (v == null) {
      // Scope, sequence and resource are this node's questions; recheck asks them. Anything the
      // bytes themselves decide (signature, path, descriptor syntax, digest, body) is decided here.
      v = service.verifier().verify(bytes, Expectation.fromOrigin(null));
      cache.remember(service.policy(), hash, v);
    }
    return Objects.requireNonNull(v);
  }
}
