package org.altoredist.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Signs ALTO response bodies for an ALTO server (signed-resources.md §3): a detached CMS SignedData
 * whose signed attributes carry the body's digest and the descriptor, and whose certificates field
 * carries the signer's chain. Ed25519 and deterministic ECDSA P-256 signatures are both
 * reproducible: the same key, chain, body, descriptor and signing time give the same bytes.
 *
 * <p>Thread-safe: every call builds its own {@link Signature}.
 */
public final class ResourceSigner {

  private final PrivateKey key;
  private final List<Certificate> chain;
  /** The certificates field: the chain as a DER SET OF, which sorts it. */
  private final DERSet certificates;
  /** The certificates other than the signer's, in the order the field holds them. */
  private final List<Certificate> others;
  private final SignatureAlgorithm algorithm;

  /**
   * @param key the signer's private key, Ed25519 or EC P-256
   * @param chain the signer's certificate first, then the intermediates up to (optionally
   *     including) the root; all go in the CMS certificates field
   * @throws IllegalArgumentException if the key is of another type or does not belong to the
   *     first certificate, or the chain is longer than {@link Limits#MAX_CERTIFICATES}
   */
  public ResourceSigner(PrivateKey key, List<X509Certificate> chain) {
    if (chain.isEmpty() || chain.size() > Limits.MAX_CERTIFICATES) {
      throw new IllegalArgumentException("a chain of 1 to " + Limits.MAX_CERTIFICATES + " certificates is needed");
    }
    List<Certificate> certs = new ArrayList<>();
    try {
      for (X509Certificate c : chain) {
        certs.add(Certificate.getInstance(c.getEncoded()));
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
    }
    SubjectPublicKeyInfo spki = certs.get(0).getSubjectPublicKeyInfo();
    this.algorithm = SignatureAlgorithm.forKey(spki);
    if (algorithm == null) {
      throw new IllegalArgumentException("the signer certificate's key is " + spki.getAlgorithm().getAlgorithm()
          + "; this format signs with Ed25519 or ECDSA P-256");
    }
    this.key = key;
    this.chain = List.copyOf(certs);
    this.certificates = new DERSet(certs.toArray(new Certificate[0]));
    List<Certificate> rest = new ArrayList<>();
    boolean skipped = false;
    for (ASN1Encodable c : certificates) {
      if (!skipped && c.equals(this.chain.get(0))) {
        skipped = true;
      } else {
        rest.add(Certificate.getInstance(c));
      }
    }
    this.others = List.copyOf(rest);
    requireKeyMatchesCertificate(spki);
  }

  /** Signs {@code body} as described by {@code descriptor} and frames both as a bundle. */
  public SignedBundle sign(byte[] body, Descriptor descriptor, Instant signingTime) {
    return SignedBundle.of(signDetached(body, descriptor, signingTime), body);
  }

  /**
   * The detached signature alone: a DER CMS ContentInfo that {@code openssl cms -verify -binary
   * -inform DER -content body} accepts. Signing time is truncated to whole seconds.
   */
  public byte[] signDetached(byte[] body, Descriptor descriptor, Instant signingTime) {
    return signDetached(body, descriptor.encode(), signingTime);
  }

  /** Signs descriptor bytes as given; the test vectors use it to sign non-canonical descriptors. */
  byte[] signDetached(byte[] body, byte[] descriptor, Instant signingTime) {
    if (body.length > Limits.MAX_BODY_BYTES) {
      throw new IllegalArgumentException("body of " + body.length + " bytes exceeds " + Limits.MAX_BODY_BYTES);
    }
    MessageDigest digest = algorithm.newDigest();
    ASN1EncodableVector attrs = new ASN1EncodableVector();
    attrs.add(new Attribute(CMSAttributes.contentType, new DERSet(CMSObjectIdentifiers.data)));
    attrs.add(new Attribute(CMSAttributes.signingTime,
        new DERSet(new Time(Date.from(signingTime.truncatedTo(ChronoUnit.SECONDS))))));
    attrs.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(digest.digest(body)))));
    attrs.add(new Attribute(SignedAttributes.DESCRIPTOR, new DERSet(new DEROctetString(descriptor))));
    attrs.add(SigningCertificates.attribute(chain.get(0), others));
    DERSet signedAttrs = new DERSet(attrs);
    try {
      byte[] value = algorithm.canonical(rawSign(signedAttrs.getEncoded(ASN1Encoding.DER)));
      return CmsSignature.encode(new SignerIdentifier(new IssuerAndSerialNumber(chain.get(0))), algorithm, signedAttrs,
          value, certificates);
    } catch (IOException e) {
      throw new UncheckedIOException("DER encoding in memory failed", e);
    }
  }

  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  private byte[] rawSign(byte[] data) {
    try {
      Signature s = algorithm.newSigner(key);
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the key cannot make an " + algorithm + " signature: " + e.getMessage(), e);
    }
  }

  private void requireKeyMatchesCertificate(SubjectPublicKeyInfo spki) {
    byte[] probe = "altoredist signer key check".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = rawSign(probe);
    try {
      Signature v = algorithm.newVerifier(spki);
      v.update(probe);
      if (v.verify(sig)) {
        return;
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("the signer certificate's key is unusable: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("the private key does not belong to the signer certificate");
  }
}
