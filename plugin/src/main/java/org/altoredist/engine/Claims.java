package org.altoredist.engine;

import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;

/**
 * How a held version is named in an inventory, and back: the claim's {@code rid} is the resource
 * id, absent for the root IRD (bep_ar_alto.md, "inventory"), as a descriptor's {@code resource-id}.
 */
final class Claims {

  private Claims() {}

  static BundleClaim claimOf(ResourceKey key, long sequence, int size, BundleHash hash) {
    return new BundleClaim(key.service(), key.resourceId(), sequence, size, hash);
  }

  static ResourceKey keyOf(BundleClaim claim) {
    return new ResourceKey(claim.service(), claim.resourceId());
  }
}
