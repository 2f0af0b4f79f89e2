package org.altoredist.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.altoredist.trust.VerificationException.Reason;
import org.junit.jupiter.api.Test;

/**
 * {@link ResourceVerifier#recheck}: a resource verified once is checked again, for another
 * expectation and at another time, without its bytes being verified again; only under the policy
 * that verified it.
 */
class RecheckTest {

  private final SignedVectors.Pkis pki = new SignedVectors.Pkis();
  private final MovableClock clock = new MovableClock(SignedVectors.VERIFY_AT);
  private final TrustPolicy policy = TrustPolicy.forService(SignedVectors.SERVICE).anchor(pki.caEdCert).clock(clock)
      .build();
  private final ResourceVerifier verifier = new ResourceVerifier(policy);

  private VerifiedResource networkMap(long sequence, RedistributionScope scope) throws VerificationException {
    Descriptor d = new Descriptor(SignedVectors.SERVICE, "my-default-network-map", Descriptor.NETWORK_MAP,
        "https://alto.example.com/networkmap", SignedVectors.NETWORK_MAP_VTAG, List.of(), null, sequence,
        SignedVectors.NOT_BEFORE, SignedVectors.EXPIRES, scope);
    var cert = pki.server(pki.serverEd, SignedVectors.HOST, 7, Instant.parse("2026-01-01T00:00:00Z"));
    byte[] bundle = new ResourceSigner(pki.serverEd.getPrivate(), List.of(cert))
        .sign(SignedVectors.NETWORK_MAP.getBytes(StandardCharsets.US_ASCII), d, SignedVectors.SIGNED_AT).encoded();
    return verifier.verify(bundle, Expectation.fromOrigin(null));
  }

  private Reason refusal(VerifiedResource r, Expectation e) {
    return assertThrows(VerificationException.class, () -> verifier.recheck(r, e)).reason();
  }

  @Test
  void recheckAppliesTheSequenceHeldNow() throws Exception {
    VerifiedResource r = networkMap(7, RedistributionScope.SERVICE);
    verifier.recheck(r, Expectation.fromPeer("my-default-network-map").withHeldSequence(7));
    assertEquals(Reason.STALE_SEQUENCE, refusal(r, Expectation.fromPeer(null).withHeldSequence(8)));
  }

  @Test
  void recheckAppliesTheScopeToACopyFromAPeer() throws Exception {
    VerifiedResource r = networkMap(7, RedistributionScope.NONE);
    verifier.recheck(r, Expectation.fromOrigin(null));
    assertEquals(Reason.NOT_REDISTRIBUTABLE, refusal(r, Expectation.fromPeer(null)));
  }

  @Test
  void recheckAppliesTheResourceAskedFor() throws Exception {
    VerifiedResource r = networkMap(7, RedistributionScope.SERVICE);
    assertEquals(Reason.DESCRIPTOR_MISMATCH, refusal(r, Expectation.fromPeer("another-map")));
  }

  @Test
  void recheckReadsTheClockAgain() throws Exception {
    VerifiedResource r = networkMap(7, RedistributionScope.SERVICE);
    clock.now = SignedVectors.EXPIRES.plusSeconds(121);
    assertEquals(Reason.DESCRIPTOR_NOT_VALID_NOW, refusal(r, Expectation.fromPeer(null)));
    clock.now = Instant.parse("2026-01-01T00:02:01Z");
    assertEquals(Reason.CERT_NOT_VALID_NOW, refusal(r, Expectation.fromOrigin(null)));
  }

  @Test
  void recheckRefusesAResourceVerifiedUnderAnotherPolicyObject() throws Exception {
    VerifiedResource r = networkMap(7, RedistributionScope.SERVICE);
    ResourceVerifier same = new ResourceVerifier(policy);
    same.recheck(r, Expectation.fromPeer(null));
    ResourceVerifier other = new ResourceVerifier(TrustPolicy.forService(SignedVectors.SERVICE)
        .anchor(pki.caEdCert).clock(clock).build());
    assertThrows(IllegalArgumentException.class, () -> other.recheck(r, Expectation.fromPeer(null)));
  }
}
