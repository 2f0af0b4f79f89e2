package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.altoredist.wire.BundleHash;
import org.junit.jupiter.api.Test;

/**
 * What the engine remembers of handles that let it down stays bounded whatever handles hostile
 * peers make up: a mismatch count lasts only until the handle verifies or is given up, and only
 * the newest {@link BadHandles#MAX_MISMATCHED_HANDLES} counts are kept.
 */
class BadHandlesTest {

  private final BadHandles handles = new BadHandles();

  private static BundleHash handle(int n) {
    return BundleHash.compute(ByteBuffer.allocate(4).putInt(n).array());
  }

  @Test
  void mismatchesAddUpUntilTheHandleVerifies() {
    BundleHash h = handle(0);
    assertEquals(1, handles.mismatched(h));
    assertEquals(2, handles.mismatched(h));
    handles.verified(h);
    assertEquals(1, handles.mismatched(h), "counted afresh after it verified");
  }

  @Test
  void aHandleGivenUpKeepsNoMismatchCount() {
    BundleHash h = handle(0);
    handles.mismatched(h);
    handles.mismatched(h);
    handles.giveUp(h);
    assertTrue(handles.bad().contains(h));
    for (int i = 1; i <= BadHandles.MAX_BAD_HANDLES; i++) {
      handles.giveUp(handle(i));
    }
    assertFalse(handles.bad().contains(h), "forgotten as bad, the oldest beyond the bound");
    assertEquals(1, handles.mismatched(h), "and nothing of its mismatches was kept meanwhile");
  }

  @Test
  void mismatchCountsOfHandlesNeverSettledAreForgottenOldestFirst() {
    BundleHash oldest = handle(0);
    handles.mismatched(oldest);
    handles.mismatched(oldest);
    for (int i = 1; i < BadHandles.MAX_MISMATCHED_HANDLES; i++) {
      handles.mismatched(handle(i));
    }
    BundleHash newest = handle(BadHandles.MAX_MISMATCHED_HANDLES - 1);
    handles.mismatched(handle(BadHandles.MAX_MISMATCHED_HANDLES));
    assertEquals(2, handles.mismatched(newest), "a recent count is kept");
    assertEquals(1, handles.mismatched(oldest), "the oldest count was forgotten");
  }
}
