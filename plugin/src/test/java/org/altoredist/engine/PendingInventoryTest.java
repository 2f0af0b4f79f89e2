package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.Test;

/** What one inventory message carries of the changes queued for a peer. */
class PendingInventoryTest {

  private static BundleHash hash(int i) {
    byte[] b = new byte[BundleHash.LENGTH];
    b[0] = (byte) i;
    return BundleHash.of(b);
  }

  /**
   * bep_ar_alto.md, "inventory": with long service URIs fewer entries fit, and the sender splits
   * them over several messages. Nine claims of 2,048-character URIs are about 19 KB in one.
   */
  @Test
  void claimsWithLongServiceUrisAreSplitOverMessagesThatEachFit() {
    String service = "https://alto.example.net/" + "d".repeat(WireLimits.MAX_SERVICE_LENGTH - 25);
    PendingInventory pending = new PendingInventory();
    for (int i = 0; i < 9; i++) {
      pending.claim(hash(i), new BundleClaim(service, "map-" + i, 1, 1000, hash(i)));
    }
    Set<BundleHash> sent = new HashSet<>();
    int messages = 0;
    while (pending.due(0)) {
      PendingInventory.Batch b = pending.take();
      int size = ExtensionMessageCodec.encodeHeader(b.message()).length;
      assertTrue(size <= WireLimits.MAX_MESSAGE_SIZE, size + " bytes in message " + messages);
      b.claims().forEach(c -> sent.add(c.hash()));
      messages++;
    }
    assertEquals(9, sent.size(), "every claim goes out");
    assertEquals(2, messages);
  }
}
