package org.altoredist.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.altoredist.trust.VerificationException.Reason;

/**
 * A signed resource bundle: the one self-contained byte string that travels between peers and sits
 * in files (signed-resources.md §4). It holds the detached CMS signature (which carries the
 * descriptor and the signer's certificates) followed by the exact body bytes:
 *
 * <pre>
 *   offset  size  field
 *   0       4     magic "arsr" (61 72 73 72)
 *   4       1     format version, 0x01
 *   5       4     S, signature length, unsigned big-endian, 1 .. MAX_SIGNATURE_BYTES
 *   9       S     signature: DER CMS ContentInfo (SignedData, detached)
 *   9+S     4     B, body length, unsigned big-endian, 0 .. MAX_BODY_BYTES
 *   13+S    B     body: the exact bytes of the ALTO response
 * </pre>
 *
 * Nothing may follow the body. The signature comes first so that a receiver can reject a bundle on
 * its signature before the body has arrived. Holding a {@code SignedBundle} proves only that the
 * framing is sound; {@link ResourceVerifier} decides whether it is trusted.
 */
public final class SignedBundle {

  static final byte[] MAGIC = {'a', 'r', 's', 'r'};
  static final int VERSION = 1;
  /** Bytes of framing around the signature and the body. */
  static final int HEADER_BYTES = MAGIC.length + 1 + 4 + 4;

  private final byte[] encoded;
  private final int signatureOffset;
  private final int signatureLength;
  private final int bodyOffset;

  private SignedBundle(byte[] encoded, int signatureLength) {
    this.encoded = encoded;
    this.signatureOffset = MAGIC.length + 1 + 4;
    this.signatureLength = signatureLength;
    this.bodyOffset = signatureOffset + signatureLength + 4;
  }

  /** Frames a signature and a body; the sizes must be within {@link Limits}. */
  public static SignedBundle of(byte[] signature, byte[] body) {
    if (signature.length == 0 || signature.length > Limits.MAX_SIGNATURE_BYTES) {
      throw new IllegalArgumentException("signature of " + signature.length + " bytes");
    }
    if (body.length > Limits.MAX_BODY_BYTES) {
      throw new IllegalArgumentException("body of " + body.length + " bytes exceeds " + Limits.MAX_BODY_BYTES);
    }
    byte[] out = new byte[HEADER_BYTES + signature.length + body.length];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[MAGIC.length] = VERSION;
    putU32(out, MAGIC.length + 1, signature.length);
    System.arraycopy(signature, 0, out, MAGIC.length + 5, signature.length);
    putU32(out, MAGIC.length + 5 + signature.length, body.length);
    System.arraycopy(body, 0, out, HEADER_BYTES + signature.length, body.length);
    return new SignedBundle(out, signature.length);
  }

  /** Checks the framing of {@code bytes}; the array is copied. */
  public static SignedBundle parse(byte[] bytes) throws VerificationException {
    if (bytes.length > Limits.MAX_BUNDLE_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, "bundle of " + bytes.length + " bytes");
    }
    int sigLen = checkHead(bytes, bytes.length);
    long bodyAt = (long) MAGIC.length + 5 + sigLen;
    if (bytes.length < bodyAt + 4) {
      throw new VerificationException(Reason.MALFORMED, "bundle truncated inside its signature");
    }
    long bodyLen = checkBodyLength(u32(bytes, (int) bodyAt));
    long expected = bodyAt + 4 + bodyLen;
    if (bytes.length != expected) {
      throw new VerificationException(Reason.MALFORMED, "bundle is " + bytes.length
          + " bytes but its lengths add up to " + expected + (bytes.length < expected ? " (truncated)" : ""));
    }
    return new SignedBundle(bytes.clone(), sigLen);
  }

  /**
   * Reads one bundle from {@code in} to its end, checking each declared length before allocating
   * for it. I/O failures are {@link IOException}; anything wrong with the bytes is a refusal.
   */
  public static SignedBundle read(InputStream in) throws IOException, VerificationException {
    byte[] head = new byte[MAGIC.length + 5];
    readFully(in, head, 0, head.length);
    int sigLen = checkHead(head, Integer.MAX_VALUE);
    byte[] sigAndLen = new byte[sigLen + 4];
    readFully(in, sigAndLen, 0, sigAndLen.length);
    int bodyLen = (int) checkBodyLength(u32(sigAndLen, sigLen));
    byte[] out = new byte[HEADER_BYTES + sigLen + bodyLen];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(sigAndLen, 0, out, head.length, sigAndLen.length);
    readFully(in, out, head.length + sigAndLen.length, bodyLen);
    if (in.read() != -1) {
      throw new VerificationException(Reason.MALFORMED, "bytes after the end of the bundle");
    }
    return new SignedBundle(out, sigLen);
  }

  /** Reads a bundle file; its size is checked before it is read. */
  public static SignedBundle read(Path file) throws IOException, VerificationException {
    long size = Files.size(file);
    if (size > Limits.MAX_BUNDLE_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, file + " is " + size + " bytes");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /** The whole bundle, as it travels. */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** The DER CMS signature, usable on its own as a detached signature of {@link #body()}. */
  public byte[] signature() {
    return Arrays.copyOfRange(encoded, signatureOffset, signatureOffset + signatureLength);
  }

  /** The exact body bytes. Unverified until {@link ResourceVerifier} says otherwise. */
  public byte[] body() {
    return Arrays.copyOfRange(encoded, bodyOffset, encoded.length);
  }

  public int bodyLength() {
    return encoded.length - bodyOffset;
  }

  /** Feeds the body to {@code digest} without copying it. */
  void digestBody(MessageDigest digest) {
    digest.update(encoded, bodyOffset, encoded.length - bodyOffset);
  }

  private static int checkHead(byte[] b, int available) throws VerificationException {
    if (available < MAGIC.length + 5) {
      throw new VerificationException(Reason.MALFORMED, "bundle truncated inside its header");
    }
    if (!Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new VerificationException(Reason.MALFORMED, "not a signed resource bundle (magic)");
    }
    if (b[MAGIC.length] != VERSION) {
      throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM,
          "bundle format version " + (b[MAGIC.length] & 0xff));
    }
    long sigLen = u32(b, MAGIC.length + 1);
    if (sigLen == 0) {
      throw new VerificationException(Reason.UNSIGNED, "bundle carries no signature");
    }
    if (sigLen > Limits.MAX_SIGNATURE_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, "signature of " + sigLen + " bytes");
    }
    return (int) sigLen;
  }

  private static long checkBodyLength(long bodyLen) throws VerificationException {
    if (bodyLen > Limits.MAX_BODY_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, "body of " + bodyLen + " bytes");
    }
    return bodyLen;
  }

  private static void readFully(InputStream in, byte[] b, int off, int len)
      throws IOException, VerificationException {
    if (in.readNBytes(b, off, len) < len) {
      throw new VerificationException(Reason.MALFORMED, "bundle truncated");
    }
  }

  static long u32(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24) | ((b[at + 1] & 0xffL) << 16) | ((b[at + 2] & 0xffL) << 8) | (b[at + 3] & 0xffL);
  }

  static void putU32(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
