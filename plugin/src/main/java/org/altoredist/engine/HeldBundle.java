package org.altoredist.engine;

import org.altoredist.alto.NetworkMap;
import org.altoredist.trust.Descriptor;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.wire.BundleClaim;

/**
 * A held version with its bytes, as the loop handles it: {@link HeldResource} is its public
 * description, {@link Holdings} the set of them. The byte array is shared, never written: pieces are served as
 * read-only views of it, and a {@link BundleCache} may hand the same array to several engines.
 */
record HeldBundle(ResourceKey key, HeldResource info, byte[] bytes) {

  Descriptor descriptor() {
    return info.resource().descriptor();
  }

  long sequence() {
    return info.sequence();
  }

  /** Whether peers may receive it from us; a "no reuse" resource stays with the node that fetched it. */
  boolean redistributable() {
    return descriptor().scope().kind() != RedistributionScope.Kind.NONE;
  }

  boolean isNetworkMap() {
    return info.resource().document() instanceof NetworkMap;
  }

  BundleClaim claim() {
    return Claims.claimOf(key, info.sequence(), bytes.length, info.hash());
  }
}
