package org.altoredist.trust;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.altoredist.trust.VerificationException.Reason;
import org.junit.jupiter.api.Test;

/**
 * One signed resource has exactly one byte string (signed-resources.md §3.1): re-encodings that
 * change no signed byte are refused, and so is every copy of a valid bundle with one bit flipped,
 * under a CA and under a pin (which checks nothing of the certificate but its key, so only the
 * signing-certificate-v2 binding keeps the certificate's other bytes fixed).
 */
class OneEncodingTest {

  private static final SignedVectors.Pkis PKI = new SignedVectors.Pkis();
  /** A network map as small as the model allows, so that flipping each of its bits stays quick. */
  private static final byte[] BODY = ("{\"meta\":{\"vtag\":{\"resource-id\":\"my-default-network-map\",\"tag\":"
      + "\"da65eca2eb7a10ce8b059740b0b2e3f8eb1d4785\"}},\"network-map\":{\"P\":{\"ipv4\":[\"0.0.0.0/0\"]}}}")
      .getBytes(US_ASCII);

  private static TrustPolicy anchored(X509Certificate anchor) {
    return TrustPolicy.forService(SignedVectors.SERVICE).anchor(anchor)
        .clock(Clock.fixed(SignedVectors.VERIFY_AT, ZoneOffset.UTC)).build();
  }

  private static TrustPolicy pinned(X509Certificate signer) {
    return TrustPolicy.forService(SignedVectors.SERVICE).pin(TrustPolicy.pinOf(signer))
        .clock(Clock.fixed(SignedVectors.VERIFY_AT, ZoneOffset.UTC)).build();
  }

  private static byte[] edSignature() {
    return new ResourceSigner(PKI.serverEd.getPrivate(), List.of(PKI.serverEdCert))
        .signDetached(BODY, SignedVectors.networkMapDescriptor(RedistributionScope.SERVICE), SignedVectors.SIGNED_AT);
  }

  private static byte[] p256Signature(byte[] body) {
    return new ResourceSigner(PKI.serverP.getPrivate(), List.of(PKI.serverPCert, PKI.intPCert))
        .signDetached(body, SignedVectors.costMapDescriptor(), SignedVectors.SIGNED_AT);
  }

  @Test
  void reencodingsOfAValidSignatureAreRefusedAsMalformed() throws Exception {
    byte[] cm = SignedVectors.COST_MAP.getBytes(US_ASCII);
    byte[] edSig = edSignature();
    byte[] pSig = p256Signature(cm);
    ResourceVerifier ed = new ResourceVerifier(anchored(PKI.caEdCert));
    ResourceVerifier edPin = new ResourceVerifier(pinned(PKI.serverEdCert));
    ResourceVerifier p = new ResourceVerifier(anchored(PKI.caPCert));
    Expectation cost = Expectation.fromPeer(null).dependingOn(SignedVectors.NETWORK_MAP_VTAG);
    ed.verifyDetached(BODY, edSig, Expectation.fromPeer(null));
    edPin.verifyDetached(BODY, edSig, Expectation.fromPeer(null));
    p.verifyDetached(cm, pSig, cost);

    Map<String, byte[]> ed25519 = Map.of(
        "SignedData version", Reencodings.signedDataVersion(edSig, 3),
        "SignerInfo version", Reencodings.signerInfoVersion(edSig, 3),
        "byte for byte", Reencodings.sidIssuerCase(edSig, "altoredist TEST-ONLY CA Ed25519"),
        "unsigned attributes", Reencodings.unsignedAttribute(edSig),
        "with parameters", Reencodings.digestNullParameters(edSig),
        "digestAlgorithms", Reencodings.extraDigestAlgorithm(edSig),
        "the signer listed", Reencodings.extraCertificate(edSig, PKI.otherCaCert));
    for (Map.Entry<String, byte[]> e : ed25519.entrySet()) {
      for (ResourceVerifier v : List.of(ed, edPin)) {
        VerificationException x = assertThrows(VerificationException.class,
            () -> v.verifyDetached(BODY, e.getValue(), Expectation.fromPeer(null)), e.getKey());
        assertEquals(Reason.MALFORMED, x.reason(), x.getMessage());
        assertTrue(x.getMessage().contains(e.getKey()), e.getKey() + ": " + x.getMessage());
      }
    }
    VerificationException x = assertThrows(VerificationException.class,
        () -> p.verifyDetached(cm, Reencodings.ecdsaHighS(pSig), cost));
    assertEquals(Reason.MALFORMED, x.reason(), x.getMessage());
    assertTrue(x.getMessage().contains("high s"), x.getMessage());
  }

  @Test
  void theSignerWritesOnlyLowSEcdsaSignatures() throws Exception {
    for (int i = 0; i < 16; i++) {
      byte[] body = (SignedVectors.COST_MAP + " ".repeat(i)).getBytes(US_ASCII);
      CmsSignature cms = CmsSignature.parse(p256Signature(body));
      SignatureAlgorithm.ECDSA_P256.requireCanonical(cms.signatureValue());
    }
  }

  @Test
  void everySingleBitFlipOfASmallBundleIsRefused() throws Exception {
    byte[] bundle = SignedBundle.of(edSignature(), BODY).encoded();
    List<ResourceVerifier> verifiers = List.of(new ResourceVerifier(anchored(PKI.caEdCert)),
        new ResourceVerifier(pinned(PKI.serverEdCert)));
    for (ResourceVerifier v : verifiers) {
      v.verify(bundle, Expectation.fromPeer(null));
    }
    List<String> accepted = new ArrayList<>();
    for (int bit = 0; bit < bundle.length * 8; bit++) {
      byte[] flipped = bundle.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      for (ResourceVerifier v : verifiers) {
        try {
          v.verify(flipped, Expectation.fromPeer(null));
          accepted.add("byte " + bit / 8 + " bit " + bit % 8);
        } catch (VerificationException refused) {
          // the only acceptable outcome
        }
      }
    }
    assertEquals(List.of(), accepted, bundle.length * 8 + " flipped copies of a " + bundle.length + "-byte bundle");
  }
}
