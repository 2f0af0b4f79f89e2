package org.altoredist.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.altoredist.fuzz.WorkBound;
import org.altoredist.trust.VerificationException.Reason;

/**
 * Fuzz target: the descriptor's JSON (signed-resources.md §2.1), which a verifier reads out of a
 * signature whose signer it trusts but whose bytes it still treats as hostile. Any input is
 * refused with a {@link VerificationException} or decodes to a descriptor whose one encoding is
 * exactly the input; one past {@link Limits#MAX_DESCRIPTOR_BYTES} is refused as
 * {@code TOO_LARGE} before it is read; and decoding allocates no more than a linear bound of the
 * input. Seeds: the spec's valid descriptors and the descriptors inside its bundle vectors.
 */
class DescriptorFuzzTest {

  /** A descriptor's tree and strings take about 30 bytes per input byte; eight times that is the bound. */
  private static final WorkBound BOUND = new WorkBound(256, 256 * 1024);
  /** What refusing an oversized descriptor may cost: the exception, nothing read. */
  private static final WorkBound UNREAD = new WorkBound(0, 16 * 1024);

  @FuzzTest(maxDuration = "10m")
  void decode(byte[] input) {
    try {
      Descriptor d = BOUND.check("descriptor", input.length, () -> Descriptor.decode(input));
      assertArrayEquals(input, d.encode(), "an accepted descriptor is not its own encoding");
    } catch (VerificationException refused) {
      // the typed refusal
    }
    byte[] oversized = Arrays.copyOf(input, Limits.MAX_DESCRIPTOR_BYTES + 1);
    try {
      UNREAD.check("an oversized descriptor", oversized.length, () -> Descriptor.decode(oversized));
      throw new AssertionError("a descriptor over the size limit was accepted");
    } catch (VerificationException e) {
      assertEquals(Reason.TOO_LARGE, e.reason(), e.getMessage());
    }
  }
}
