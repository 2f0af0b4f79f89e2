package org.altoredist.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.altoredist.trust.VerificationException.Reason;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The certificates in a signature are the signer's bytes, read before anything vouches for them,
 * and their names may hold strings that do not decode (invalid UTF-8 in a UTF8String). A refusal
 * that names such a certificate keeps its own reason: it must not fall into the verifier's net for
 * unanticipated failures, which refuses as MALFORMED (drop the peer) and logs a stack trace for
 * every such bundle a peer sends.
 */
class UndecodableNameTest {

  private static final SignedVectors.Pkis PKI = new SignedVectors.Pkis();
  /** CN as a UTF8String whose content, C3 28, is not UTF-8 (a lead byte, then no continuation). */
  private static final X500Name UNDECODABLE = new X500Name(new RDN[] {
      new RDN(BCStyle.CN, ASN1UTF8String.getInstance(new byte[] {0x0c, 0x02, (byte) 0xc3, 0x28}))});

  private static ResourceVerifier anchoredAtTheTestCa() {
    return new ResourceVerifier(TrustPolicy.forService(SignedVectors.SERVICE).anchor(PKI.caEdCert)
        .clock(Clock.fixed(SignedVectors.VERIFY_AT, ZoneOffset.UTC)).build());
  }

  /** Fuzz finding: sid-issuer-case with the signer certificate's subject made undecodable. */
  @Test
  void aSidMatchingOnlyAsANameIsMalformedEvenWhenTheCertificateNameDoesNotDecode() throws IOException {
    byte[] bundle;
    try (InputStream in = getClass().getResourceAsStream("BundleFuzzTestInputs/verify/finding-undecodable-name-in-sid-match")) {
      bundle = in.readAllBytes();
    }
    VerificationException e = assertThrows(VerificationException.class,
        () -> anchoredAtTheTestCa().verify(bundle, Expectation.fromOrigin(null)));
    assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("only as a name, not byte for byte"), e.getMessage());
  }

  @Test
  void aSignerWhoseIssuerNameDoesNotDecodeIsFromTheWrongAnchor() throws Exception {
    KeyPair caKey = TestKeys.of("undecodable-name-ca", SignatureAlgorithm.ED25519);
    X509Certificate ca = selfSignedCa(caKey, UNDECODABLE);
    KeyPair serverKey = TestKeys.of("undecodable-name-server", SignatureAlgorithm.ED25519);
    X509Certificate server = Pki.server(caKey.getPrivate(), ca, serverKey.getPublic(), SignedVectors.HOST,
        SignedVectors.SIGNED_AT.minus(Duration.ofDays(30)), SignedVectors.EXPIRES, BigInteger.TEN);
    byte[] bundle = new ResourceSigner(serverKey.getPrivate(), List.of(server))
        .sign(SignedVectors.NETWORK_MAP.getBytes(StandardCharsets.US_ASCII),
            SignedVectors.networkMapDescriptor(RedistributionScope.SERVICE), SignedVectors.SIGNED_AT)
        .encoded();
    VerificationException e = assertThrows(VerificationException.class,
        () -> anchoredAtTheTestCa().verify(bundle, Expectation.fromOrigin(null)));
    assertEquals(Reason.WRONG_ANCHOR, e.reason(), e.getMessage());
  }

  private static X509Certificate selfSignedCa(KeyPair key, X500Name name)
      throws IOException, OperatorCreationException, CertificateException {
    X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(SignedVectors.SIGNED_AT.minus(Duration.ofDays(60))), Date.from(SignedVectors.EXPIRES), name,
        SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    return new JcaX509CertificateConverter().setProvider(SignatureAlgorithm.BC)
        .getCertificate(b.build(new JcaContentSignerBuilder("Ed25519").setProvider(SignatureAlgorithm.BC)
            .build(key.getPrivate())));
  }
}
