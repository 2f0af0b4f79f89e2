package org.altoredist.trust;

import org.bouncycastle.asn1.x500.X500Name;

/**
 * Certificate names as text for refusal messages. A certificate in a signature is the signer's
 * choice, and may be read before anything vouches for it: its names can hold strings that do not
 * decode (invalid UTF-8 in a UTF8String), on which Bouncy Castle's {@code toString} throws. A
 * message must never turn a refusal into a different one.
 */
final class CertificateNames {

  private CertificateNames() {
  }

  static String text(X500Name name) {
    try {
      return name.toString();
    } catch (RuntimeException undecodable) {
      return "<a name whose strings do not decode>";
    }
  }
}
