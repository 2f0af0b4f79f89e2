package org.altoredist.trust;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.altoredist.alto.IpPrefix;
import org.altoredist.alto.VersionTag;
import org.altoredist.trust.SignedVectors.Pkis;
import org.altoredist.trust.VerificationException.Reason;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The negative and boundary vectors: each the smallest change to a valid bundle (or to the
 * verifier's inputs) that must make verification end in one named way.
 */
final class BadBundles {

  private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2030-01-01T00:00:00Z");

  private BadBundles() {}

  static void addAll(SignedVectors v, Pkis pki, byte[] nm, byte[] nmSig, byte[] nmBundle, byte[] cmBundle) {
    ResourceSigner ed = new ResourceSigner(pki.serverEd.getPrivate(), List.of(pki.serverEdCert));
    Descriptor nmd = SignedVectors.networkMapDescriptor(RedistributionScope.SERVICE);

    // Inputs that differ from what the bundle says.
    v.add(new VectorCase("wrong-anchor", Reason.WRONG_ANCHOR.name(), nmBundle,
        "the network map checked against another CA").anchors("certs/other-ca-ed25519.pem"));
    v.add(new VectorCase("pin-mismatch", Reason.UNKNOWN_SIGNER.name(), nmBundle,
        "the network map checked against a pin of another key").pins(TrustPolicy.pinOf(pki.serverPCert)));
    v.add(new VectorCase("descriptor-expired", Reason.DESCRIPTOR_NOT_VALID_NOW.name(), nmBundle,
        "checked a day after the descriptor expired").at(Instant.parse("2025-06-09T00:00:00Z")));
    v.add(new VectorCase("descriptor-not-yet-valid", Reason.DESCRIPTOR_NOT_VALID_NOW.name(), nmBundle,
        "checked a day before not-before").at(Instant.parse("2025-05-31T00:00:00Z")));
    v.add(new VectorCase("expired-within-skew", VectorCase.VERIFIED, nmBundle,
        "checked 60 s after expires: inside the 120 s clock skew").at(SignedVectors.EXPIRES.plusSeconds(60)));
    v.add(new VectorCase("stale-sequence", Reason.STALE_SEQUENCE.name(), nmBundle,
        "sequence 7 while sequence 8 is held").held(8));
    v.add(new VectorCase("same-sequence", VectorCase.VERIFIED, nmBundle,
        "sequence 7 while sequence 7 is held: not older").held(7));
    v.add(new VectorCase("wrong-resource", Reason.DESCRIPTOR_MISMATCH.name(), nmBundle,
        "another resource was asked for").resource("other-network-map"));
    v.add(new VectorCase("dependent-vtag-mismatch", Reason.DEPENDENT_VTAG_MISMATCH.name(), cmBundle,
        "the cost map, while the held network map has the tag of RFC 7285's cost-map example")
        .anchors("certs/ca-p256.pem")
        .dependsOn(new VersionTag("my-default-network-map", "3ee2cb7e8d63d9fab71b9b34cbf764436315542e")));
    v.add(new VectorCase("dependent-vtag-not-carried", VectorCase.VERIFIED, nmBundle,
        "the network map, which carries no dependent-vtags, while a network-map vtag is held: step 13 does not apply")
        .dependsOn(new VersionTag("my-default-network-map", "3ee2cb7e8d63d9fab71b9b34cbf764436315542e")));

    // Validly signed, but not for this verifier.
    KeyPair otherHostKey = TestKeys.of("server-other-host", SignatureAlgorithm.ED25519);
    X509Certificate otherHost = pki.server(otherHostKey, "other.example.org", "server-other-host".hashCode() & 0xffff, UNTIL);
    byte[] wrongHost = new ResourceSigner(otherHostKey.getPrivate(), List.of(otherHost)).sign(nm, nmd, SignedVectors.SIGNED_AT)
        .encoded();
    v.add(new VectorCase("wrong-host", Reason.WRONG_HOST.name(), wrongHost,
        "signed by a certificate from the same CA for other.example.org"));
    v.add(new VectorCase("pinned-and-anchored", VectorCase.VERIFIED, nmBundle,
        "the network map checked against its CA and the pin of its key: both hold")
        .pins(TrustPolicy.pinOf(pki.serverEdCert)).anchors("certs/ca-ed25519.pem"));
    v.add(new VectorCase("pinned-and-anchored-wrong-host", Reason.WRONG_HOST.name(), wrongHost,
        "signed for other.example.org by a key that is pinned, checked with the CA as well: with anchors the "
            + "host check is made even though the key is pinned")
        .pins(TrustPolicy.pinOf(otherHost)).anchors("certs/ca-ed25519.pem"));
    v.add(new VectorCase("cert-expired", Reason.CERT_NOT_VALID_NOW.name(),
        sign(pki, "server-expired", SignedVectors.HOST, Instant.parse("2025-02-01T00:00:00Z"), nm, nmd),
        "signed by a certificate that expired on 2025-02-01"));
    Descriptor otherService = new Descriptor("https://alto.example.com/other-directory", nmd.resourceId(),
        nmd.mediaType(), nmd.request(), nmd.vtag(), List.of(), null, 7, nmd.notBefore(), nmd.expires(), nmd.scope());
    v.add(new VectorCase("wrong-service", Reason.DESCRIPTOR_MISMATCH.name(), ed.sign(nm, otherService,
        SignedVectors.SIGNED_AT).encoded(), "a descriptor for another service on the same host"));
    byte[] none = ed.sign(nm, SignedVectors.networkMapDescriptor(RedistributionScope.NONE), SignedVectors.SIGNED_AT).encoded();
    v.add(new VectorCase("not-redistributable", Reason.NOT_REDISTRIBUTABLE.name(), none,
        "scope \"none\", received from a peer"));
    v.add(new VectorCase("not-redistributable-from-origin", VectorCase.VERIFIED, none,
        "scope \"none\", fetched from the ALTO server itself").fromOrigin());
    byte[] audience = ed.sign(nm, SignedVectors.networkMapDescriptor(
        RedistributionScope.audience(List.of(IpPrefix.parse("127.0.1.0/24"), IpPrefix.parse("2001:db8::/32")))), SignedVectors.SIGNED_AT).encoded();
    v.add(new VectorCase("audience-member", VectorCase.VERIFIED, audience,
        "scope \"audience\" and this client is 127.0.1.5").local("127.0.1.5"));
    v.add(new VectorCase("outside-audience", Reason.OUTSIDE_AUDIENCE.name(), audience,
        "scope \"audience\" and this client is 127.0.2.5").local("127.0.2.5"));
    v.add(new VectorCase("ca-as-signer", Reason.INVALID_CHAIN.name(),
        new ResourceSigner(pki.caEd.getPrivate(), List.of(pki.caEdCert)).sign(nm, nmd, SignedVectors.SIGNED_AT).encoded(),
        "signed by the CA's own key and certificate (basicConstraints cA)"));

    Descriptor otherTag = new Descriptor(nmd.service(), nmd.resourceId(), nmd.mediaType(), nmd.request(),
        new VersionTag(nmd.resourceId(), "3ee2cb7e8d63d9fab71b9b34cbf764436315542e"), List.of(), null, 7,
        nmd.notBefore(), nmd.expires(), nmd.scope());
    v.add(new VectorCase("body-vtag-disagrees", Reason.BODY_INVALID.name(),
        ed.sign(nm, otherTag, SignedVectors.SIGNED_AT).encoded(),
        "validly signed, but the descriptor's vtag is not the vtag in the body's meta"));
    v.add(new VectorCase("body-not-alto", Reason.BODY_INVALID.name(),
        ed.sign("{\"meta\":{}}\n".getBytes(US_ASCII), nmd, SignedVectors.SIGNED_AT).encoded(),
        "validly signed, but the body is not an RFC 7285 network map"));

    // Tampered bytes.
    byte[] body = replace(nm, "192.0.2.0/24", "192.0.2.0/25", false);
    v.add(new VectorCase("tampered-body", Reason.DIGEST_MISMATCH.name(), SignedBundle.of(nmSig, body).encoded(),
        "one byte of the body changed (192.0.2.0/24 became /25)"));
    byte[] sig = nmSig.clone();
    sig[sig.length - 1] ^= 1;
    v.add(new VectorCase("tampered-signature", Reason.BAD_SIGNATURE.name(), SignedBundle.of(sig, nm).encoded(),
        "the last bit of the signature value flipped"));
    v.add(new VectorCase("tampered-descriptor", Reason.BAD_SIGNATURE.name(),
        SignedBundle.of(replace(nmSig, "\"sequence\":7", "\"sequence\":9", false), nm).encoded(),
        "the descriptor's sequence changed from 7 to 9 inside the signed attributes"));
    v.add(new VectorCase("unsupported-algorithm", Reason.UNSUPPORTED_ALGORITHM.name(),
        SignedBundle.of(replaceBytes(nmSig, new byte[] {0x06, 0x03, 0x2b, 0x65, 0x70}, new byte[] {0x06, 0x03, 0x2b, 0x65, 0x71}), nm).encoded(),
        "the SignerInfo's signature algorithm changed from Ed25519 (1.3.101.112) to Ed448 (1.3.101.113)"));

    // Framing and DER.
    v.add(new VectorCase("truncated", Reason.MALFORMED.name(), Arrays.copyOf(nmBundle, nmBundle.length - 1),
        "the network map bundle without its last byte"));
    v.add(new VectorCase("trailing-byte", Reason.MALFORMED.name(), Arrays.copyOf(nmBundle, nmBundle.length + 1),
        "the network map bundle with a zero byte appended"));
    byte[] magic = nmBundle.clone();
    magic[0] = 'A';
    v.add(new VectorCase("bad-magic", Reason.MALFORMED.name(), magic, "magic \"Arsr\" instead of \"arsr\""));
    v.add(new VectorCase("unsigned", Reason.UNSIGNED.name(), frame(new byte[0], 0, nm),
        "a bundle whose signature length is 0"));
    v.add(new VectorCase("no-signer-info", Reason.UNSIGNED.name(), SignedBundle.of(withoutSignerInfos(nmSig), nm).encoded(),
        "a SignedData of the profile's shape whose signerInfos SET is empty"));
    v.add(new VectorCase("huge-signature-length", Reason.TOO_LARGE.name(),
        frameHeader(0xffffffffL), "declares a 4 GiB signature in a 9-byte bundle"));
    v.add(new VectorCase("huge-body-length", Reason.TOO_LARGE.name(), frame(nmSig, 0x7fffffffL, new byte[0]),
        "declares a 2 GiB body after a valid signature"));
    byte[] garbled = nmSig.clone();
    garbled[3] ^= 0x40;
    v.add(new VectorCase("garbled-der", Reason.MALFORMED.name(), SignedBundle.of(garbled, nm).encoded(),
        "the outer DER length of the signature corrupted"));
    v.add(new VectorCase("ber-indefinite-length", Reason.MALFORMED.name(), SignedBundle.of(indefinite(nmSig), nm).encoded(),
        "the signature's outer SEQUENCE re-encoded with a BER indefinite length"));
    v.add(new VectorCase("deep-nesting", Reason.MALFORMED.name(), SignedBundle.of(nested(40), nm).encoded(),
        "a signature of 40 nested empty SEQUENCEs"));

    // Certificate bags.
    v.add(new VectorCase("unknown-signer", Reason.UNKNOWN_SIGNER.name(),
        SignedBundle.of(withCertificates(nmSig, List.of()), nm).encoded(), "the certificates field left out"));
    List<X509Certificate> nine = new ArrayList<>(List.of(pki.serverEdCert));
    for (int i = 0; i < 8; i++) {
      nine.add(pki.server(TestKeys.of("filler-" + i, SignatureAlgorithm.ED25519), "filler-" + i + ".example.com", 20 + i, UNTIL));
    }
    v.add(new VectorCase("too-many-certificates", Reason.CHAIN_TOO_LONG.name(),
        SignedBundle.of(withCertificates(nmSig, nine), nm).encoded(), "nine certificates in the signature"));
    byte[] deep = deepChain(pki, nm, nmd);
    v.add(new VectorCase("chain-too-deep", Reason.CHAIN_TOO_LONG.name(), deep,
        "the server certificate is five intermediates below the anchor"));
    v.add(new VectorCase("chain-too-deep-unanchored", Reason.CHAIN_TOO_LONG.name(), deep,
        "the same six-certificate path checked against another CA, which never issues any of it: the path "
            + "reaches five certificates before it runs out, so the refusal is the length, not the anchor")
        .anchors("certs/other-ca-ed25519.pem"));
    v.add(new VectorCase("looping-chain", Reason.WRONG_ANCHOR.name(), loop(pki, nm, nmd),
        "intermediates \"loop A\" and \"loop B\" issue each other"));

    // Descriptors that are signed but not acceptable.
    String canonical = new String(nmd.encode(), US_ASCII);
    v.add(new VectorCase("non-canonical-descriptor", Reason.MALFORMED.name(),
        rawDescriptor(ed, nm, canonical.replace(",\"media-type\"", ", \"media-type\"")),
        "the descriptor with one space added: valid JSON, not RFC 8785 canonical"));
    v.add(new VectorCase("unknown-descriptor-member", Reason.MALFORMED.name(),
        rawDescriptor(ed, nm, canonical.substring(0, canonical.length() - 1) + ",\"x-extra\":true}"),
        "the descriptor with a member format version 1 does not define, in its canonical place (last, after "
            + "\"vtag\"), so that only the closed-member rule refuses it"));
    v.add(new VectorCase("descriptor-version-2", Reason.UNSUPPORTED_ALGORITHM.name(),
        rawDescriptor(ed, nm, canonical.replace("\"version\":1", "\"version\":2")),
        "a descriptor of format version 2"));
    v.add(new VectorCase("descriptor-version-2-non-canonical", Reason.UNSUPPORTED_ALGORITHM.name(),
        rawDescriptor(ed, nm, canonical.replace("\"version\":1", "\"version\":2").replace(",\"media-type\"", ", \"media-type\"")),
        "a descriptor of format version 2 that is not in version 1's canonical form: the version is read "
            + "before the encoding is judged"));
  }

  /** The signature with its signerInfos emptied, everything else as signed. */
  private static byte[] withoutSignerInfos(byte[] sig) {
    try {
      SignedData sd = SignedData.getInstance(ContentInfo.getInstance(sig).getContent());
      SignedData n = new SignedData(sd.getDigestAlgorithms(), sd.getEncapContentInfo(), sd.getCertificates(), null,
          new DERSet());
      return new ContentInfo(CMSObjectIdentifiers.signedData, n).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] sign(Pkis pki, String keyName, String host, Instant until, byte[] body, Descriptor d) {
    KeyPair k = TestKeys.of(keyName, SignatureAlgorithm.ED25519);
    X509Certificate c = pki.server(k, host, keyName.hashCode() & 0xffff, until);
    return new ResourceSigner(k.getPrivate(), List.of(c)).sign(body, d, SignedVectors.SIGNED_AT).encoded();
  }

  private static byte[] rawDescriptor(ResourceSigner s, byte[] body, String descriptor) {
    return SignedBundle.of(s.signDetached(body, descriptor.getBytes(US_ASCII), SignedVectors.SIGNED_AT), body).encoded();
  }

  private static byte[] deepChain(Pkis pki, byte[] body, Descriptor d) {
    List<X509Certificate> chain = new ArrayList<>();
    KeyPair issuer = pki.caEd;
    X509Certificate issuerCert = pki.caEdCert;
    for (int i = 1; i <= 5; i++) {
      KeyPair k = TestKeys.of("deep-" + i, SignatureAlgorithm.ED25519);
      issuerCert = Pki.intermediateCa(issuer.getPrivate(), issuerCert, k.getPublic(), "deep " + i, FROM, UNTIL,
          BigInteger.valueOf(40 + i));
      issuer = k;
      chain.add(0, issuerCert);
    }
    KeyPair server = TestKeys.of("deep-server", SignatureAlgorithm.ED25519);
    chain.add(0, Pki.server(issuer.getPrivate(), issuerCert, server.getPublic(), SignedVectors.HOST, FROM, UNTIL,
        BigInteger.valueOf(46)));
    return new ResourceSigner(server.getPrivate(), chain).sign(body, d, SignedVectors.SIGNED_AT).encoded();
  }

  private static byte[] loop(Pkis pki, byte[] body, Descriptor d) {
    KeyPair a = TestKeys.of("loop-a", SignatureAlgorithm.ED25519);
    KeyPair b = TestKeys.of("loop-b", SignatureAlgorithm.ED25519);
    X509Certificate bStandIn = Pki.rootCa(b, "loop B", FROM, UNTIL, BigInteger.valueOf(50));
    X509Certificate aCert = Pki.intermediateCa(b.getPrivate(), bStandIn, a.getPublic(), "loop A", FROM, UNTIL,
        BigInteger.valueOf(51));
    X509Certificate bCert = Pki.intermediateCa(a.getPrivate(), aCert, b.getPublic(), "loop B", FROM, UNTIL,
        BigInteger.valueOf(52));
    KeyPair server = TestKeys.of("loop-server", SignatureAlgorithm.ED25519);
    X509Certificate s = Pki.server(a.getPrivate(), aCert, server.getPublic(), SignedVectors.HOST, FROM, UNTIL,
        BigInteger.valueOf(53));
    return new ResourceSigner(server.getPrivate(), List.of(s, aCert, bCert)).sign(body, d, SignedVectors.SIGNED_AT)
        .encoded();
  }

  static byte[] withCertificates(byte[] sig, List<X509Certificate> certs) {
    try {
      SignedData sd = SignedData.getInstance(ContentInfo.getInstance(sig).getContent());
      List<Certificate> cs = new ArrayList<>();
      for (X509Certificate c : certs) {
        cs.add(Certificate.getInstance(c.getEncoded()));
      }
      SignedData n = new SignedData(sd.getDigestAlgorithms(), sd.getEncapContentInfo(),
          cs.isEmpty() ? null : new DERSet(cs.toArray(new Certificate[0])), null, sd.getSignerInfos());
      return new ContentInfo(CMSObjectIdentifiers.signedData, n).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] indefinite(byte[] der) {
    int headerLength = 2 + (der[1] & 0x7f);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.write(0x80);
    out.write(der, headerLength, der.length - headerLength);
    out.write(0);
    out.write(0);
    return out.toByteArray();
  }

  private static byte[] nested(int depth) {
    byte[] b = {0x30, 0x00};
    for (int i = 1; i < depth; i++) {
      byte[] n = new byte[b.length + 2];
      n[0] = 0x30;
      n[1] = (byte) b.length;
      System.arraycopy(b, 0, n, 2, b.length);
      b = n;
    }
    return b;
  }

  private static byte[] frameHeader(long signatureLength) {
    byte[] b = Arrays.copyOf(SignedBundle.MAGIC, 9);
    b[4] = SignedBundle.VERSION;
    putU32(b, 5, signatureLength);
    return b;
  }

  /** A bundle with a chosen body length field, which need not match the body given. */
  private static byte[] frame(byte[] sig, long bodyLength, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(frameHeader(sig.length));
    out.writeBytes(sig);
    byte[] len = new byte[4];
    putU32(len, 0, bodyLength);
    out.writeBytes(len);
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static void putU32(byte[] b, int at, long v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (24 - 8 * i));
    }
  }

  private static byte[] replace(byte[] hay, String needle, String with, boolean last) {
    return replaceBytes(hay, needle.getBytes(US_ASCII), with.getBytes(US_ASCII), last);
  }

  /** Replaces the last occurrence: in a signature, the SignerInfo comes after the certificates. */
  private static byte[] replaceBytes(byte[] hay, byte[] needle, byte[] with) {
    return replaceBytes(hay, needle, with, true);
  }

  private static byte[] replaceBytes(byte[] hay, byte[] needle, byte[] with, boolean last) {
    int found = -1;
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        found = i;
        if (!last) {
          break;
        }
      }
    }
    if (found < 0 || needle.length != with.length) {
      throw new IllegalStateException("vector construction: pattern not found");
    }
    byte[] out = hay.clone();
    System.arraycopy(with, 0, out, found, with.length);
    return out;
  }
}
