package org.altoredist.trust;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.trust.VerificationException.Reason;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The signing-certificate-v2 attribute (RFC 5035) that binds the CMS certificates field to the
 * signature (signed-resources.md §3.2). Without it, anyone could add a certificate to the field,
 * drop one, or re-encode one (an ECDSA certificate signature also verifies with s replaced by
 * n − s) and get another valid byte string of the same signed map under another handle. With it,
 * the field must hold exactly the certificates the signer listed: the signer's first, then the
 * others in the order of the field's DER SET OF.
 */
final class SigningCertificates {

  private SigningCertificates() {}

  /** The attribute for {@code signer} and the other certificates, in the order the field will hold them. */
  static Attribute attribute(Certificate signer, List<Certificate> others) {
    List<Certificate> listed = new ArrayList<>(List.of(signer));
    listed.addAll(others);
    ESSCertIDv2[] ids = new ESSCertIDv2[listed.size()];
    for (int i = 0; i < ids.length; i++) {
      // The default hash algorithm (SHA-256) is omitted from the DER, and no issuerSerial: the
      // hash alone names a certificate, and one form is all this profile allows.
      ids[i] = new ESSCertIDv2(sha256(listed.get(i)));
    }
    return new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
        new DERSet(new SigningCertificateV2(ids)));
  }

  /**
   * Checks that the authenticated {@code signedAttributes} list exactly {@code signer} followed
   * by {@code others} (the rest of the certificates field, in its order). Run only after the
   * signature over the attributes has been checked.
   */
  static void requireListed(ASN1Set signedAttributes, Certificate signer, List<Certificate> others)
      throws VerificationException {
    SigningCertificateV2 value = null;
    try {
      for (ASN1Encodable e : signedAttributes) {
        Attribute a = Attribute.getInstance(e);
        if (!a.getAttrType().equals(PKCSObjectIdentifiers.id_aa_signingCertificateV2)) {
          continue;
        }
        if (value != null || a.getAttrValues().size() != 1) {
          throw malformed("signing-certificate-v2 must appear once, with one value");
        }
        value = SigningCertificateV2.getInstance(a.getAttrValues().getObjectAt(0));
      }
      if (value == null) {
        throw malformed("no signing-certificate-v2 attribute: the certificates field is not bound to the signature");
      }
      if (value.getPolicies() != null) {
        throw malformed("signing-certificate-v2 with policies");
      }
      ESSCertIDv2[] ids = value.getCerts();
      List<Certificate> field = new ArrayList<>(List.of(signer));
      field.addAll(others);
      if (ids.length != field.size()) {
        throw malformed("the certificates field holds " + field.size() + " certificates, the signer listed "
            + ids.length);
      }
      for (int i = 0; i < ids.length; i++) {
        if (!ids[i].getHashAlgorithm().getAlgorithm().equals(NISTObjectIdentifiers.id_sha256)
            || ids[i].getIssuerSerial() != null) {
          throw malformed("signing-certificate-v2 entry " + i + " is not a bare SHA-256 hash");
        }
        if (!MessageDigest.isEqual(ids[i].getCertHash(), sha256(field.get(i)))) {
          throw malformed("certificate " + i + " of the certificates field is not the one the signer listed");
        }
      }
    } catch (RuntimeException e) {
      throw new VerificationException(Reason.MALFORMED, "signing-certificate-v2: " + e.getMessage(), e);
    }
  }

  private static byte[] sha256(Certificate c) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException("SHA-256 over a certificate in memory cannot fail", e);
    }
  }

  private static VerificationException malformed(String message) {
    return new VerificationException(Reason.MALFORMED, "CMS: " + message);
  }
}
