package org.altoredist.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fuzz target: the signed-bundle framing and the CMS verifier (signed-resources.md §3-§5), under
 * the spec vectors' test PKI: a verifier anchored at each test CA and one pinned to the Ed25519
 * server key, at the vectors' verification time. Properties:
 * <ul>
 *   <li>the framing reads a bundle from bytes and from a stream alike;
 *   <li>a bundle and its body and signature served apart verify alike;
 *   <li>an accepted bundle is byte for byte what the signer writes for its body, descriptor and
 *       signing time (both test signers are deterministic), so no re-encoding is ever accepted;
 *   <li>at most one byte string is accepted per (body, descriptor, signer key).
 * </ul>
 * Only a {@link VerificationException} may come out of the verifier, and never from its net for
 * failures no check anticipated. Seeds: every bundle vector.
 */
class BundleFuzzTest {

  private static final SignedVectors.Pkis PKI = new SignedVectors.Pkis();
  private static final Map<X509Certificate, ResourceSigner> SIGNERS = Map.of(
      PKI.serverEdCert, new ResourceSigner(PKI.serverEd.getPrivate(), List.of(PKI.serverEdCert)),
      PKI.serverPCert, new ResourceSigner(PKI.serverP.getPrivate(), List.of(PKI.serverPCert, PKI.intPCert)));
  private static final List<ResourceVerifier> VERIFIERS = List.of(
      new ResourceVerifier(policy().anchor(PKI.caEdCert).build()),
      new ResourceVerifier(policy().anchor(PKI.caPCert).build()),
      new ResourceVerifier(policy().pin(TrustPolicy.pinOf(PKI.serverEdCert)).build()));
  /** Any descriptor, any scope: the widest expectation, so that as much as possible is accepted and checked. */
  private static final Expectation ANY = Expectation.fromOrigin(null);

  /** (body digest, descriptor, signer key) of each accepted bundle, to the digest of the bundle accepted. */
  private static final Map<String, String> ACCEPTED = new ConcurrentHashMap<>();

  private static TrustPolicy.Builder policy() {
    return TrustPolicy.forService(SignedVectors.SERVICE).clock(Clock.fixed(SignedVectors.VERIFY_AT, ZoneOffset.UTC));
  }

  @FuzzTest(maxDuration = "10m")
  void verify(byte[] input) throws IOException {
    SignedBundle framed = framing(input);
    for (ResourceVerifier v : VERIFIERS) {
      VerifiedResource r;
      try {
        r = v.verify(input, ANY);
      } catch (VerificationException refused) {
        requireAnticipated(refused);
        if (framed != null) {
          VerificationException apart = refusedApart(v, framed);
          assertEquals(refused.reason(), apart.reason(), "whole: " + refused.getMessage() + "; apart: " + apart.getMessage());
        }
        continue;
      }
      try {
        v.verifyDetached(framed.body(), framed.signature(), ANY);
      } catch (VerificationException e) {
        throw new AssertionError("accepted whole, refused as body and signature: " + e.getMessage(), e);
      }
      requireTheSignersOwnBytes(r, input);
    }
  }

  /** Reads the framing from bytes and from a stream; both must agree. Null when refused. */
  private static SignedBundle framing(byte[] input) throws IOException {
    SignedBundle fromBytes;
    try {
      fromBytes = SignedBundle.parse(input);
    } catch (VerificationException refused) {
      try {
        SignedBundle.read(new ByteArrayInputStream(input));
        throw new AssertionError("the stream reader accepted a bundle the byte parser refused: " + refused.getMessage());
      } catch (VerificationException alsoRefused) {
        return null;
      }
    }
    try {
      assertArrayEquals(input, SignedBundle.read(new ByteArrayInputStream(input)).encoded());
    } catch (VerificationException e) {
      throw new AssertionError("the stream reader refused a bundle the byte parser accepted", e);
    }
    assertArrayEquals(input, fromBytes.encoded());
    return fromBytes;
  }

  /**
   * ResourceVerifier refuses a RuntimeException that escapes its checks as "unexpected: ...", with
   * a warning and a stack trace: a safety net, which a peer's bytes must never reach.
   */
  private static void requireAnticipated(VerificationException refused) {
    if (refused.getMessage().contains("unexpected: ")) {
      throw new AssertionError("refused only by the verifier's safety net", refused);
    }
  }

  private static VerificationException refusedApart(ResourceVerifier v, SignedBundle framed) {
    try {
      v.verifyDetached(framed.body(), framed.signature(), ANY);
    } catch (VerificationException e) {
      return e;
    }
    throw new AssertionError("refused whole, accepted as body and signature");
  }

  private static void requireTheSignersOwnBytes(VerifiedResource r, byte[] input) {
    ResourceSigner signer = SIGNERS.get(r.signer());
    if (signer == null) {
      throw new AssertionError("accepted a bundle signed by " + r.signer().getSubjectX500Principal());
    }
    byte[] expected = signer.sign(r.body(), r.descriptor(), r.signingTime()).encoded();
    assertArrayEquals(expected, input, "an accepted bundle is not the signer's own encoding");
    String key = sha256(r.body()) + " " + HexFormat.of().formatHex(r.descriptor().encode()) + " "
        + sha256(r.signer().getPublicKey().getEncoded());
    String previous = ACCEPTED.putIfAbsent(key, sha256(input));
    if (previous != null && !previous.equals(sha256(input))) {
      throw new AssertionError("two byte strings accepted for one body, descriptor and key: " + previous + ", "
          + sha256(input));
    }
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
