package org.altoredist.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import org.altoredist.trust.VerificationException.Reason;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The signer algorithms a signed resource may use (signed-resources.md §3.3), each with the one
 * digest it is paired with. Everything else is {@code UNSUPPORTED_ALGORITHM}.
 */
public enum SignatureAlgorithm {
  /** RFC 8419: PureEdDSA, and §3.1 requires SHA-512 for the message digest with signed attributes. */
  ED25519(EdECObjectIdentifiers.id_Ed25519, NISTObjectIdentifiers.id_sha512, "SHA-512", "Ed25519", "Ed25519"),
  /**
   * RFC 5753 / RFC 5754: ECDSA on P-256 with SHA-256. Signing uses RFC 6979 deterministic nonces
   * (Bouncy Castle's "ECDDSA"), which verifies as ordinary ECDSA and never depends on an RNG.
   */
  ECDSA_P256(X9ObjectIdentifiers.ecdsa_with_SHA256, NISTObjectIdentifiers.id_sha256, "SHA-256",
      "SHA256withECDSA", "SHA256withECDDSA");

  private static final BigInteger P256_N = SECNamedCurves.getByOID(SECObjectIdentifiers.secp256r1).getN();
  private static final BigInteger HALF_N = P256_N.shiftRight(1);

  /** One Bouncy Castle provider instance, passed explicitly; nothing is installed JVM-wide. */
  static final Provider BC = new BouncyCastleProvider();

  private final ASN1ObjectIdentifier signatureOid;
  private final ASN1ObjectIdentifier digestOid;
  private final String digestName;
  private final String verifyName;
  private final String signName;

  SignatureAlgorithm(ASN1ObjectIdentifier signatureOid, ASN1ObjectIdentifier digestOid, String digestName,
      String verifyName, String signName) {
    this.signatureOid = signatureOid;
    this.digestOid = digestOid;
    this.digestName = digestName;
    this.verifyName = verifyName;
    this.signName = signName;
  }

  /** The algorithm of a SignerInfo; both identifiers must be ones this table pairs. */
  static SignatureAlgorithm of(AlgorithmIdentifier signature, AlgorithmIdentifier digest)
      throws VerificationException {
    for (SignatureAlgorithm a : values()) {
      if (a.signatureOid.equals(signature.getAlgorithm())) {
        if (signature.getParameters() != null) {
          throw new VerificationException(Reason.MALFORMED, a + " signature algorithm with parameters");
        }
        if (!a.digestOid.equals(digest.getAlgorithm())) {
          throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM,
              a + " with digest " + digest.getAlgorithm() + " (only " + a.digestName + ")");
        }
        if (digest.getParameters() != null) {
          // RFC 5754 §2 lets readers accept NULL too, but that is a second encoding of one signature.
          throw new VerificationException(Reason.MALFORMED, a.digestName + " digest algorithm with parameters");
        }
        return a;
      }
    }
    throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM,
        "signature algorithm " + signature.getAlgorithm() + " (supported: Ed25519, ECDSA P-256 with SHA-256)");
  }

  /** The algorithm for a key, or null when this format has none for it. */
  static SignatureAlgorithm forKey(SubjectPublicKeyInfo key) {
    for (SignatureAlgorithm a : values()) {
      if (a.fitsKey(key)) {
        return a;
      }
    }
    return null;
  }

  boolean fitsKey(SubjectPublicKeyInfo key) {
    AlgorithmIdentifier k = key.getAlgorithm();
    return switch (this) {
      case ED25519 -> k.getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519);
      case ECDSA_P256 -> k.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)
          && SECObjectIdentifiers.secp256r1.equals(k.getParameters());
    };
  }

  AlgorithmIdentifier signatureIdentifier() {
    return new AlgorithmIdentifier(signatureOid);
  }

  /** RFC 5754 §2: SHA-2 identifiers are written with absent parameters. */
  AlgorithmIdentifier digestIdentifier() {
    return new AlgorithmIdentifier(digestOid);
  }

  /** The JDK digest: its intrinsics beat Bouncy Castle's pure-Java digests several times over. */
  MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(digestName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java 17 runtime has " + digestName, e);
    }
  }

  int digestLength() {
    return this == ED25519 ? 64 : 32;
  }

  Signature newVerifier(SubjectPublicKeyInfo key) throws GeneralSecurityException, IOException {
    Signature s = Signature.getInstance(verifyName, BC);
    s.initVerify(publicKey(key));
    return s;
  }

  /**
   * A signer for {@code key}: Bouncy Castle's deterministic one for a key in memory; for a key that
   * stays in a token ({@link Pkcs11Key}, whose encoding is null), the standard algorithm from
   * whichever registered provider holds the key (randomised ECDSA: signatures are then valid but
   * not reproducible).
   */
  Signature newSigner(PrivateKey key) throws GeneralSecurityException {
    if (key.getEncoded() != null) {
      return Signature.getInstance(signName, BC);
    }
    return Signature.getInstance(this == ED25519 ? "Ed25519" : "SHA256withECDSA");
  }

  static PublicKey publicKey(SubjectPublicKeyInfo key) throws GeneralSecurityException, IOException {
    String family = key.getAlgorithm().getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519) ? "Ed25519" : "EC";
    return KeyFactory.getInstance(family, BC).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
  }

  /**
   * The one encoding of a signature value this profile allows. An ECDSA signature (r, s) also
   * verifies as (r, n − s), so anyone could turn one signed resource into two byte strings; the
   * profile allows only s ≤ n/2 (signed-resources.md §3.3). Ed25519 has one encoding already:
   * RFC 8032 §5.1.7 refuses S ≥ L and a non-canonical R, as Bouncy Castle does.
   */
  void requireCanonical(byte[] signatureValue) throws VerificationException {
    if (this != ECDSA_P256) {
      return;
    }
    BigInteger s;
    try {
      s = ASN1Integer.getInstance(ASN1Sequence.getInstance(signatureValue).getObjectAt(1)).getValue();
    } catch (RuntimeException e) {
      return; // not an ECDSA-Sig-Value at all: the signature check refuses it as BAD_SIGNATURE
    }
    if (s.compareTo(HALF_N) > 0) {
      throw new VerificationException(Reason.MALFORMED, "ECDSA signature with a high s: only s <= n/2 is allowed");
    }
  }

  /** Rewrites an ECDSA signature with s > n/2 as (r, n − s), which verifies alike. */
  byte[] canonical(byte[] signatureValue) {
    if (this != ECDSA_P256) {
      return signatureValue;
    }
    ASN1Sequence seq = ASN1Sequence.getInstance(signatureValue);
    BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
    if (s.compareTo(HALF_N) <= 0) {
      return signatureValue;
    }
    try {
      return new DERSequence(new ASN1Encodable[] {seq.getObjectAt(0), new ASN1Integer(P256_N.subtract(s))})
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException("DER encoding in memory failed", e);
    }
  }
}
