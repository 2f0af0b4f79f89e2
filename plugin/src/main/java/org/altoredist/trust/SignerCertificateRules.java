package org.altoredist.trust;

import org.altoredist.trust.VerificationException.Reason;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * What the signer's own certificate must say (signed-resources.md §3.4), beyond what RFC 5280 path
 * validation checks of every certificate: it is an end entity, its key may make signatures, and
 * any extended key usage it declares admits signing ALTO resources.
 */
final class SignerCertificateRules {

  /**
   * Extended key usage for a key that signs ALTO resources and nothing else, under the UUID arc
   * (UUID b8dfb10c-bf60-4867-a280-399acad6c391). A certificate without extendedKeyUsage needs none:
   * {@code openssl cms -verify}'s default S/MIME purpose check refuses an extendedKeyUsage without
   * emailProtection, so the demo certificates carry no extendedKeyUsage at all.
   */
  static final ASN1ObjectIdentifier ALTO_SIGNING =
      new ASN1ObjectIdentifier("2.25.245739424420343619368970630660902798225");

  private SignerCertificateRules() {}

  static void check(X509CertificateHolder signer) throws VerificationException {
    BasicConstraints bc = BasicConstraints.fromExtensions(signer.getExtensions());
    if (bc != null && bc.isCA()) {
      throw invalid("the signer certificate is a CA certificate; CAs issue, servers sign");
    }
    KeyUsage ku = KeyUsage.fromExtensions(signer.getExtensions());
    if (ku != null && !ku.hasUsages(KeyUsage.digitalSignature)) {
      throw invalid("the signer certificate's keyUsage lacks digitalSignature (RFC 5280 §4.2.1.3)");
    }
    Extension eku = signer.getExtension(Extension.extendedKeyUsage);
    if (eku != null) {
      ExtendedKeyUsage usages = ExtendedKeyUsage.getInstance(eku.getParsedValue());
      if (!usages.hasKeyPurposeId(KeyPurposeId.anyExtendedKeyUsage)
          && !usages.hasKeyPurposeId(KeyPurposeId.getInstance(ALTO_SIGNING))) {
        throw invalid("the signer certificate's extendedKeyUsage admits neither anyExtendedKeyUsage nor "
            + ALTO_SIGNING + " (ALTO resource signing)");
      }
    }
  }

  private static VerificationException invalid(String message) {
    return new VerificationException(Reason.INVALID_CHAIN, message);
  }
}
