package org.altoredist.trust;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * Re-encodings of a valid signature that change no signed byte: each is what a third party
 * without the key could make from one signed resource to get a second valid byte string (and a
 * second handle) for it. The profile fixes every one of these fields, so each must be refused
 * (signed-resources.md §3.1). The first three are the ones issue 13's mutation campaign found
 * accepted.
 */
final class Reencodings {

  private Reencodings() {}

  /** SignedData version 1 → 3: a byte outside everything signed. */
  static byte[] signedDataVersion(byte[] sig, int version) {
    byte[] out = sig.clone();
    int at = afterHeader(sig, 0) + 11; // the contentType OID id-signedData is 11 bytes
    at = afterHeader(sig, afterHeader(sig, at)); // [0] EXPLICIT, then the SignedData SEQUENCE
    return setInteger(out, at, version);
  }

  /** SignerInfo version 1 → 3, keeping the issuerAndSerialNumber sid. */
  static byte[] signerInfoVersion(byte[] sig, int version) {
    byte[] si;
    try {
      si = signerInfo(sig).toASN1Primitive().getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int at = lastIndexOf(sig, si);
    return setInteger(sig.clone(), afterHeader(sig, at), version);
  }

  /** The sid's copy of the issuer name with its letters upper-cased: equal as an X.500 name, not as bytes. */
  static byte[] sidIssuerCase(byte[] sig, String issuerCommonName) {
    byte[] from = issuerCommonName.getBytes(US_ASCII);
    byte[] to = issuerCommonName.toUpperCase(java.util.Locale.ROOT).getBytes(US_ASCII);
    int at = lastIndexOf(sig, from);
    byte[] out = sig.clone();
    System.arraycopy(to, 0, out, at, to.length);
    return out;
  }

  /** An unsigned attribute added to the SignerInfo: a counter-signature-like blob anyone can attach. */
  static byte[] unsignedAttribute(byte[] sig) {
    return withSignerInfo(sig, si -> new SignerInfo(si.getSID(), si.getDigestAlgorithm(), si.getAuthenticatedAttributes(),
        si.getDigestEncryptionAlgorithm(), si.getEncryptedDigest(),
        new DERSet(new Attribute(CMSAttributes.signingTime.branch("99"), new DERSet(new DEROctetString(new byte[4]))))));
  }

  /** The SignerInfo's digest algorithm written with NULL parameters (RFC 5754 §2 lets lenient readers accept it). */
  static byte[] digestNullParameters(byte[] sig) {
    return withSignerInfo(sig, si -> new SignerInfo(si.getSID(),
        new AlgorithmIdentifier(si.getDigestAlgorithm().getAlgorithm(), DERNull.INSTANCE), si.getAuthenticatedAttributes(),
        si.getDigestEncryptionAlgorithm(), si.getEncryptedDigest(), null));
  }

  /** SHA-256 added to digestAlgorithms beside the signer's own. */
  static byte[] extraDigestAlgorithm(byte[] sig) {
    SignedData sd = signedData(sig);
    ASN1EncodableVector algs = new ASN1EncodableVector();
    sd.getDigestAlgorithms().forEach(algs::add);
    algs.add(new AlgorithmIdentifier(org.bouncycastle.asn1.nist.NISTObjectIdentifiers.id_sha256));
    return encode(new SignedData(new DERSet(algs), sd.getEncapContentInfo(), sd.getCertificates(), null,
        sd.getSignerInfos()));
  }

  /** The certificates field with one more certificate than the signer listed. */
  static byte[] extraCertificate(byte[] sig, X509Certificate extra) {
    SignedData sd = signedData(sig);
    ASN1EncodableVector certs = new ASN1EncodableVector();
    sd.getCertificates().forEach(certs::add);
    try {
      certs.add(Certificate.getInstance(extra.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
    return encode(new SignedData(sd.getDigestAlgorithms(), sd.getEncapContentInfo(), new DERSet(certs), null,
        sd.getSignerInfos()));
  }

  /** An ECDSA signature value (r, s) rewritten as (r, n − s): it verifies just the same. */
  static byte[] ecdsaHighS(byte[] sig) {
    BigInteger n = SECNamedCurves.getByOID(SECObjectIdentifiers.secp256r1).getN();
    return withSignerInfo(sig, si -> {
      ASN1Sequence rs = ASN1Sequence.getInstance(si.getEncryptedDigest().getOctets());
      BigInteger s = ASN1Integer.getInstance(rs.getObjectAt(1)).getValue();
      try {
        byte[] flipped = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {rs.getObjectAt(0),
            new ASN1Integer(n.subtract(s))}).getEncoded(ASN1Encoding.DER);
        return new SignerInfo(si.getSID(), si.getDigestAlgorithm(), si.getAuthenticatedAttributes(),
            si.getDigestEncryptionAlgorithm(), new DEROctetString(flipped), null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static SignedData signedData(byte[] sig) {
    return SignedData.getInstance(ContentInfo.getInstance(sig).getContent());
  }

  private static SignerInfo signerInfo(byte[] sig) {
    return SignerInfo.getInstance(signedData(sig).getSignerInfos().getObjectAt(0));
  }

  private static byte[] withSignerInfo(byte[] sig, UnaryOperator<SignerInfo> change) {
    SignedData sd = signedData(sig);
    ASN1Set infos = new DERSet(change.apply(signerInfo(sig)));
    return encode(new SignedData(sd.getDigestAlgorithms(), sd.getEncapContentInfo(), sd.getCertificates(), null, infos));
  }

  private static byte[] encode(SignedData sd) {
    try {
      return new ContentInfo(CMSObjectIdentifiers.signedData, sd).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The offset just past the tag and length of the DER element at {@code at}. */
  private static int afterHeader(byte[] der, int at) {
    int first = der[at + 1] & 0xff;
    return at + 2 + (first < 0x80 ? 0 : first & 0x7f);
  }

  /** Sets the one-byte INTEGER at {@code at} (tag 02, length 01) to {@code value}. */
  private static byte[] setInteger(byte[] der, int at, int value) {
    if (der[at] != 0x02 || der[at + 1] != 0x01) {
      throw new IllegalStateException("no one-byte INTEGER at offset " + at);
    }
    der[at + 2] = (byte) value;
    return der;
  }

  private static int lastIndexOf(byte[] hay, byte[] needle) {
    for (int i = hay.length - needle.length; i >= 0; i--) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new IllegalStateException("pattern not found");
  }
}
