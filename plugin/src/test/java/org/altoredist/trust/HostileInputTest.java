package org.altoredist.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.altoredist.trust.VerificationException.Reason;
import org.junit.jupiter.api.Test;

/**
 * Bad input never escapes as anything but a {@link VerificationException}, and never changes the
 * body that comes out: truncation at every length, byte-by-byte reads, and seeded random damage.
 */
class HostileInputTest {

  private static final SignedVectors.Pkis PKI = new SignedVectors.Pkis();
  private static final byte[] BODY = SignedVectors.NETWORK_MAP.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] BUNDLE = new ResourceSigner(PKI.serverEd.getPrivate(), List.of(PKI.serverEdCert))
      .sign(BODY, SignedVectors.networkMapDescriptor(RedistributionScope.SERVICE), SignedVectors.SIGNED_AT).encoded();
  private static final ResourceVerifier VERIFIER = new ResourceVerifier(TrustPolicy.forService(SignedVectors.SERVICE)
      .anchor(PKI.caEdCert).clock(Clock.fixed(SignedVectors.VERIFY_AT, ZoneOffset.UTC)).build());

  @Test
  void everyTruncationIsRefusedAsMalformed() {
    for (int n = 0; n < BUNDLE.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(BUNDLE, n);
      VerificationException e = assertThrows(VerificationException.class,
          () -> VERIFIER.verify(cut, Expectation.fromPeer(null)), "length " + n);
      assertEquals(Reason.MALFORMED, e.reason(), "length " + n + ": " + e.getMessage());
    }
  }

  @Test
  void readingOneByteAtATimeGivesTheSameBundle() throws Exception {
    InputStream slow = new InputStream() {
      private final ByteArrayInputStream in = new ByteArrayInputStream(BUNDLE);

      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return len == 0 ? 0 : in.read(b, off, 1);
      }
    };
    assertArrayEquals(BUNDLE, SignedBundle.read(slow).encoded());
  }

  @Test
  void streamReadRefusesAHugeDeclaredLengthBeforeAllocating() {
    byte[] head = {'a', 'r', 's', 'r', 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    VerificationException e = assertThrows(VerificationException.class,
        () -> SignedBundle.read(new ByteArrayInputStream(head)));
    assertEquals(Reason.TOO_LARGE, e.reason());
  }

  @Test
  void randomDamageIsRefusedOrLeavesTheBodyIntact() throws IOException {
    Random r = new Random(20250601);
    int verified = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] b = BUNDLE.clone();
      int flips = 1 + r.nextInt(3);
      for (int f = 0; f < flips; f++) {
        b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
      }
      try {
        VerifiedResource v = VERIFIER.verify(b, Expectation.fromPeer(null));
        assertArrayEquals(BODY, v.body(), "damage " + i + " verified with a different body");
        verified++;
      } catch (VerificationException expected) {
        // The refusal is the point; its type is what the test checks.
      } catch (RuntimeException e) {
        fail("damage " + i + " escaped as " + e, e);
      }
    }
    // Flips inside the certificates' unsigned parts can survive (e.g. a non-critical extension
    // nobody reads); they must stay rare, or the test is not exercising the signed bytes.
    if (verified > 30) {
      fail(verified + " of 3000 damaged bundles verified");
    }
  }
}
