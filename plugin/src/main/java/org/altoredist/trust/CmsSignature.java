package org.altoredist.trust;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.altoredist.trust.VerificationException.Reason;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The structure of a detached CMS SignedData as this format profiles it (signed-resources.md §3):
 * strict DER, one SignerInfo, eContentType id-data with no eContent, signed attributes present, no
 * CRLs, no unsigned attributes, and every field that the profile fixes at the one value it allows,
 * so that one signed resource has exactly one byte string. Parsing reads only structure; the
 * signed attributes stay as their exact DER bytes until {@link #verifySignature} has checked the
 * signature over them.
 */
final class CmsSignature {

  private final SignatureAlgorithm algorithm;
  private final ASN1Set signedAttributes;
  private final byte[] signedAttributesDer;
  private final byte[] signatureValue;
  private final SignerIdentifier signerId;
  private final List<X509CertificateHolder> certificates;

  private CmsSignature(SignatureAlgorithm algorithm, ASN1Set signedAttributes, byte[] signatureValue,
      SignerIdentifier signerId, List<X509CertificateHolder> certificates) throws IOException {
    this.algorithm = algorithm;
    this.signedAttributes = signedAttributes;
    this.signedAttributesDer = signedAttributes.getEncoded(ASN1Encoding.DER);
    this.signatureValue = signatureValue;
    this.signerId = signerId;
    this.certificates = certificates;
  }

  static CmsSignature parse(byte[] der) throws VerificationException {
    if (der.length > Limits.MAX_SIGNATURE_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, "signature of " + der.length + " bytes");
    }
    DerScanner.check(der);
    try {
      ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
      if (!Arrays.equals(info.getEncoded(ASN1Encoding.DER), der)) {
        throw malformed("the signature is BER, not DER");
      }
      if (!CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
        throw malformed("content type " + info.getContentType() + " is not id-signedData");
      }
      SignedData sd = SignedData.getInstance(info.getContent());
      if (!sd.getVersion().hasValue(1)) {
        throw malformed("SignedData version " + sd.getVersion().getValue() + "; this profile allows only 1");
      }
      ContentInfo encap = sd.getEncapContentInfo();
      if (!CMSObjectIdentifiers.data.equals(encap.getContentType())) {
        throw malformed("eContentType " + encap.getContentType() + " is not id-data");
      }
      if (encap.getContent() != null) {
        throw malformed("eContent present: the signature must be detached");
      }
      if (sd.getCRLs() != null) {
        throw malformed("revocation information present; this format carries none");
      }
      ASN1Set signerInfos = sd.getSignerInfos();
      if (signerInfos.size() == 0) {
        throw new VerificationException(Reason.UNSIGNED, "SignedData without a SignerInfo");
      }
      if (signerInfos.size() > 1) {
        throw malformed(signerInfos.size() + " SignerInfos; exactly one is allowed");
      }
      SignerInfo si = SignerInfo.getInstance(signerInfos.getObjectAt(0));
      if (!si.getVersion().hasValue(1) || si.getSID().isTagged()) {
        throw malformed("SignerInfo version " + si.getVersion().getValue()
            + (si.getSID().isTagged() ? " with a subjectKeyIdentifier" : "")
            + "; this profile allows only version 1 with issuerAndSerialNumber");
      }
      SignatureAlgorithm alg = SignatureAlgorithm.of(si.getDigestEncryptionAlgorithm(), si.getDigestAlgorithm());
      if (sd.getDigestAlgorithms().size() != 1
          || !alg.digestIdentifier().equals(AlgorithmIdentifier.getInstance(sd.getDigestAlgorithms().getObjectAt(0)))) {
        throw malformed("digestAlgorithms must be exactly the signer's digest algorithm");
      }
      if (si.getAuthenticatedAttributes() == null) {
        throw malformed("no signed attributes");
      }
      if (si.getUnauthenticatedAttributes() != null) {
        throw malformed("unsigned attributes present: anyone could add them");
      }
      byte[] value = si.getEncryptedDigest().getOctets();
      alg.requireCanonical(value);
      ASN1Set certs = sd.getCertificates();
      if (!Arrays.equals(encode(si.getSID(), alg, si.getAuthenticatedAttributes(), value, certs), der)) {
        throw malformed("not the one encoding this profile allows");
      }
      return new CmsSignature(alg, si.getAuthenticatedAttributes(), value, si.getSID(), certificates(certs));
    } catch (IOException | RuntimeException e) {
      throw new VerificationException(Reason.MALFORMED, "CMS: " + e.getMessage(), e);
    }
  }

  /**
   * The one DER encoding of a signature with these parts (signed-resources.md §3.1): the signer
   * writes it, and the verifier rebuilds it from what it parsed and requires the same bytes, so
   * that no field the profile fixes can take another value.
   */
  static byte[] encode(SignerIdentifier sid, SignatureAlgorithm alg, ASN1Set signedAttributes, byte[] signatureValue,
      ASN1Set certificates) throws IOException {
    SignerInfo si = new SignerInfo(sid, alg.digestIdentifier(), signedAttributes, alg.signatureIdentifier(),
        new DEROctetString(signatureValue), null);
    SignedData sd = new SignedData(new DERSet(alg.digestIdentifier()), new ContentInfo(CMSObjectIdentifiers.data, null),
        certificates, null, new DERSet(si));
    return new ContentInfo(CMSObjectIdentifiers.signedData, sd).getEncoded(ASN1Encoding.DER);
  }

  private static List<X509CertificateHolder> certificates(ASN1Set set) throws VerificationException, IOException {
    List<X509CertificateHolder> out = new ArrayList<>();
    if (set == null) {
      return out;
    }
    if (set.size() > Limits.MAX_CERTIFICATES) {
      throw new VerificationException(Reason.CHAIN_TOO_LONG,
          set.size() + " certificates; at most " + Limits.MAX_CERTIFICATES);
    }
    for (ASN1Encodable e : set) {
      if (!(e.toASN1Primitive() instanceof ASN1Sequence)) {
        throw malformed("a certificates entry that is not an X.509 certificate");
      }
      Certificate c = Certificate.getInstance(e);
      int size = c.getEncoded(ASN1Encoding.DER).length;
      if (size > Limits.MAX_CERTIFICATE_BYTES) {
        throw new VerificationException(Reason.TOO_LARGE, "certificate of " + size + " bytes");
      }
      out.add(new X509CertificateHolder(c));
    }
    return out;
  }

  /**
   * The certificate the SignerInfo names (RFC 5652 §5.3 sid), from the certificates field. The sid
   * must be byte-equal to the certificate's own issuer and serial: X.500 name matching ignores
   * case, and a sid that matched only that way would be a second encoding of the same signature.
   */
  X509CertificateHolder signer() throws VerificationException {
    byte[] wanted;
    IssuerAndSerialNumber isn;
    try {
      isn = IssuerAndSerialNumber.getInstance(signerId.getId());
      wanted = isn.getEncoded(ASN1Encoding.DER);
      for (X509CertificateHolder c : certificates) {
        if (Arrays.equals(new IssuerAndSerialNumber(c.toASN1Structure()).getEncoded(ASN1Encoding.DER), wanted)) {
          return c;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new VerificationException(Reason.MALFORMED, "CMS: unreadable signer identifier: " + e.getMessage(), e);
    }
    for (X509CertificateHolder c : certificates) {
      if (c.getIssuer().equals(isn.getName()) && c.getSerialNumber().equals(isn.getSerialNumber().getValue())) {
        throw malformed("the sid matches certificate " + c.getSubject() + " only as a name, not byte for byte");
      }
    }
    throw new VerificationException(Reason.UNKNOWN_SIGNER, "the certificates field lacks the signer's certificate");
  }

  /**
   * Checks that the certificates field is exactly what the signed signing-certificate-v2
   * attribute lists; only meaningful once {@link #verifySignature} has passed.
   */
  void requireBoundCertificates(X509CertificateHolder signer) throws VerificationException {
    List<Certificate> others = new ArrayList<>();
    boolean skipped = false;
    for (X509CertificateHolder c : certificates) {
      if (!skipped && c == signer) {
        skipped = true;
      } else {
        others.add(c.toASN1Structure());
      }
    }
    SigningCertificates.requireListed(signedAttributes, signer.toASN1Structure(), others);
  }

  /**
   * Checks the signature over the exact DER of the signed attributes (RFC 5652 §5.4), with the
   * signer certificate's key, which must be of the signature algorithm's type.
   */
  void verifySignature(X509CertificateHolder signer) throws VerificationException {
    if (!algorithm.fitsKey(signer.getSubjectPublicKeyInfo())) {
      throw new VerificationException(Reason.BAD_SIGNATURE, "signer key " + signer.getSubjectPublicKeyInfo()
          .getAlgorithm().getAlgorithm() + " cannot make an " + algorithm + " signature");
    }
    boolean valid;
    try {
      Signature s = algorithm.newVerifier(signer.getSubjectPublicKeyInfo());
      s.update(signedAttributesDer);
      valid = s.verify(signatureValue);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new VerificationException(Reason.BAD_SIGNATURE, "signature unusable: " + e.getMessage(), e);
    }
    if (!valid) {
      throw new VerificationException(Reason.BAD_SIGNATURE, "the signature does not verify with the signer's key");
    }
  }

  /** The signed attributes; only meaningful once {@link #verifySignature} has passed. */
  SignedAttributes signedAttributes() throws VerificationException {
    return SignedAttributes.parse(signedAttributes, algorithm);
  }

  /** The exact bytes the signature covers: the signed attributes as a DER SET (RFC 5652 §5.4). */
  byte[] signedAttributesDer() {
    return signedAttributesDer.clone();
  }

  byte[] signatureValue() {
    return signatureValue.clone();
  }

  SignatureAlgorithm algorithm() {
    return algorithm;
  }

  List<X509CertificateHolder> certificates() {
    return certificates;
  }

  private static VerificationException malformed(String message) {
    return new VerificationException(Reason.MALFORMED, "CMS: " + message);
  }
}
