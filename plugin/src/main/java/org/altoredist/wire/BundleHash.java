package org.altoredist.wire;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a whole signed resource bundle: its handle in request, data and reject
 * messages. Content addressing: the receiver checks it before anything looks at the bytes.
 */
public final class BundleHash extends FixedBytes {

  public static final int LENGTH = 32;

  private BundleHash(byte[] bytes) {
    super(bytes, LENGTH, "bundle hash");
  }

  public static BundleHash of(byte[] sha256) {
    return new BundleHash(sha256);
  }

  public static BundleHash ofHex(String hex) {
    return new BundleHash(HexFormat.of().parseHex(hex));
  }

  /** The handle of these bundle bytes. */
  public static BundleHash compute(byte[] bundle) {
    return new BundleHash(sha256().digest(bundle));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (java.security.MessageDigest contract).
      throw new IllegalStateException(e);
    }
  }
}
