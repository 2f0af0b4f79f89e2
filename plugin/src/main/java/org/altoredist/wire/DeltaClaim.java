package org.altoredist.wire;

/**
 * One entry of an inventory's {@code deltas} (bep_ar_alto.md, "inventory"): the sender holds a
 * delta bundle (signed-resources.md §4.1) that turns the bundle {@code base} into the bundle
 * {@code target}, and serves it under its own handle. Claims only, like every inventory entry: the
 * receiver trusts nothing of it until the rebuilt target hashes to {@code target} and verifies.
 *
 * @param delta the delta bundle itself: service, resource id, the target's sequence, the delta's
 *     size and the delta's handle
 * @param base the handle of the bundle the delta applies to
 * @param target the handle of the bundle it rebuilds
 */
public record DeltaClaim(BundleClaim delta, BundleHash base, BundleHash target) {

  public DeltaClaim {
    if (delta == null || base == null || target == null) {
      throw new IllegalArgumentException("a delta entry needs its claim, base and target");
    }
    if (base.equals(target) || delta.hash().equals(base) || delta.hash().equals(target)) {
      throw new IllegalArgumentException("a delta's handle, base and target are three different bundles");
    }
  }
}
