package org.altoredist.trust;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.altoredist.trust.VerificationException.Reason;

/**
 * A delta bundle (signed-resources.md §4.1): the way from one held version of a resource to the
 * next, a few percent of the next version's size. It names the bundle it applies to (the base) and
 * the bundle it rebuilds (the target) by their handles, and carries the target's own signature and a
 * VCDIFF patch from the base's body to the target's body:
 *
 * <pre>
 *   offset  size  field
 *   0       4     magic "arsd" (61 72 73 64)
 *   4       1     format version, 0x01
 *   5       32    base: SHA-256 of the whole base bundle
 *   37      32    target: SHA-256 of the whole target bundle
 *   69      4     S, signature length, unsigned big-endian, 1 .. MAX_SIGNATURE_BYTES
 *   73      S     the target bundle's signature, byte for byte
 *   73+S    4     P, patch length, unsigned big-endian, 1 .. MAX_BODY_BYTES
 *   77+S    P     VCDIFF (RFC 3284) from the base body to the target body
 * </pre>
 *
 * The delta adds no trust of its own: {@link #rebuild} frames the signature and the patched body as
 * a bundle, and that bundle must hash to the target handle and then pass {@link ResourceVerifier}
 * like any other, whose signature covers the digest of the target body's exact bytes.
 */
public final class DeltaBundle {

  static final byte[] MAGIC = {'a', 'r', 's', 'd'};
  static final int VERSION = 1;
  static final int HASH_BYTES = 32;
  private static final int SIGNATURE_AT = MAGIC.length + 1 + 2 * HASH_BYTES + 4;
  /** Largest delta: its framing, the largest signature and a patch no longer than the largest body. */
  public static final int MAX_DELTA_BYTES = SIGNATURE_AT + Limits.MAX_SIGNATURE_BYTES + 4 + Limits.MAX_BODY_BYTES;

  private final byte[] encoded;
  private final int signatureLength;

  private DeltaBundle(byte[] encoded, int signatureLength) {
    this.encoded = encoded;
    this.signatureLength = signatureLength;
  }

  /** The delta from {@code base} to {@code target}; deterministic: the same two bundles give the same bytes. */
  public static DeltaBundle between(SignedBundle base, SignedBundle target) {
    byte[] sig = target.signature();
    byte[] patch = Vcdiff.encode(base.body(), target.body());
    if (patch.length > Limits.MAX_BODY_BYTES) {
      throw new IllegalArgumentException("patch of " + patch.length + " bytes");
    }
    return new DeltaBundle(frame(sha256(base.encoded()), sha256(target.encoded()), sig, patch), sig.length);
  }

  /** The bytes of §4.1 around the given parts, unchecked (the test vectors frame broken parts too). */
  static byte[] frame(byte[] baseHash, byte[] targetHash, byte[] sig, byte[] patch) {
    byte[] out = new byte[SIGNATURE_AT + sig.length + 4 + patch.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[MAGIC.length] = VERSION;
    System.arraycopy(baseHash, 0, out, MAGIC.length + 1, HASH_BYTES);
    System.arraycopy(targetHash, 0, out, MAGIC.length + 1 + HASH_BYTES, HASH_BYTES);
    SignedBundle.putU32(out, SIGNATURE_AT - 4, sig.length);
    System.arraycopy(sig, 0, out, SIGNATURE_AT, sig.length);
    SignedBundle.putU32(out, SIGNATURE_AT + sig.length, patch.length);
    System.arraycopy(patch, 0, out, SIGNATURE_AT + sig.length + 4, patch.length);
    return out;
  }

  /**
   * Checks the framing of {@code bytes} (the array is copied), each declared length against its
   * limit and against the bytes present, in the order of signed-resources.md §4.1.
   */
  public static DeltaBundle parse(byte[] bytes) throws VerificationException {
    if (bytes.length > MAX_DELTA_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, "delta bundle of " + bytes.length + " bytes");
    }
    if (bytes.length < SIGNATURE_AT) {
      throw new VerificationException(Reason.MALFORMED, "delta bundle truncated inside its header");
    }
    if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new VerificationException(Reason.MALFORMED, "not a delta bundle (magic)");
    }
    if (bytes[MAGIC.length] != VERSION) {
      throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM, "delta format version " + (bytes[MAGIC.length] & 0xff));
    }
    long sigLen = SignedBundle.u32(bytes, SIGNATURE_AT - 4);
    if (sigLen == 0) {
      throw new VerificationException(Reason.UNSIGNED, "delta bundle carries no signature");
    }
    if (sigLen > Limits.MAX_SIGNATURE_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, "signature of " + sigLen + " bytes");
    }
    long patchAt = SIGNATURE_AT + sigLen + 4;
    if (bytes.length < patchAt) {
      throw new VerificationException(Reason.MALFORMED, "delta bundle truncated inside its signature");
    }
    long patchLen = SignedBundle.u32(bytes, (int) patchAt - 4);
    if (patchLen > Limits.MAX_BODY_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, "patch of " + patchLen + " bytes");
    }
    if (patchLen == 0) {
      throw new VerificationException(Reason.MALFORMED, "empty patch");
    }
    if (bytes.length != patchAt + patchLen) {
      throw new VerificationException(Reason.MALFORMED, "delta bundle is " + bytes.length
          + " bytes but its lengths add up to " + (patchAt + patchLen));
    }
    return new DeltaBundle(bytes.clone(), (int) sigLen);
  }

  public byte[] encoded() {
    return encoded.clone();
  }

  /** The handle of a bundle: the SHA-256 of its whole encoding, as a delta names its base and target. */
  public static byte[] handleOf(SignedBundle b) {
    return sha256(b.encoded());
  }

  /** The target bundle's signature, carried byte for byte. */
  public byte[] signature() {
    return Arrays.copyOfRange(encoded, SIGNATURE_AT, SIGNATURE_AT + signatureLength);
  }

  /** The handle of the bundle this delta applies to. */
  public byte[] baseHash() {
    return Arrays.copyOfRange(encoded, MAGIC.length + 1, MAGIC.length + 1 + HASH_BYTES);
  }

  /** The handle of the bundle this delta rebuilds. */
  public byte[] targetHash() {
    return Arrays.copyOfRange(encoded, MAGIC.length + 1 + HASH_BYTES, SIGNATURE_AT - 4);
  }

  /**
   * Rebuilds the target bundle from {@code base}: the patch applied to the base's body, framed with
   * the carried signature. Refuses a base other than the one named ({@code DESCRIPTOR_MISMATCH}), a
   * patch that does not decode or would exceed the body limit ({@code MALFORMED}, {@code TOO_LARGE}),
   * and a result whose SHA-256 is not the target handle ({@code DIGEST_MISMATCH}). The result still
   * has to pass {@link ResourceVerifier}.
   */
  public SignedBundle rebuild(SignedBundle base) throws VerificationException {
    byte[] baseBytes = base.encoded();
    if (!MessageDigest.isEqual(sha256(baseBytes), baseHash())) {
      throw new VerificationException(Reason.DESCRIPTOR_MISMATCH, "the delta applies to another base bundle");
    }
    int patchAt = SIGNATURE_AT + signatureLength + 4;
    byte[] patch = Arrays.copyOfRange(encoded, patchAt, encoded.length);
    byte[] body;
    try {
      body = Vcdiff.decode(base.body(), patch, Limits.MAX_BODY_BYTES);
    } catch (Vcdiff.TooLargeException x) {
      throw new VerificationException(Reason.TOO_LARGE, "patch: " + x.getMessage());
    } catch (IllegalArgumentException x) {
      throw new VerificationException(Reason.MALFORMED, "patch: " + x.getMessage());
    }
    SignedBundle target = SignedBundle.of(signature(), body);
    if (!MessageDigest.isEqual(sha256(target.encoded()), targetHash())) {
      throw new VerificationException(Reason.DIGEST_MISMATCH, "the rebuilt bundle is not the target the delta names");
    }
    return target;
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException x) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", x);
    }
  }
}
