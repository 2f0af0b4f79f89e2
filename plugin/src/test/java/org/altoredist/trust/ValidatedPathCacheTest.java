package org.altoredist.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.altoredist.trust.VerificationException.Reason;
import org.junit.jupiter.api.Test;

/** A path validated once is remembered, but the clock is still checked against it every time. */
class ValidatedPathCacheTest {

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void rememberedPathStillExpiresWithItsCertificates() throws Exception {
    SignedVectors.Pkis pki = new SignedVectors.Pkis();
    byte[] body = SignedVectors.NETWORK_MAP.getBytes(StandardCharsets.US_ASCII);
    Instant until = Instant.parse("2025-07-01T00:00:00Z");
    var cert = pki.server(pki.serverEd, SignedVectors.HOST, 99, until);
    Descriptor d = new Descriptor(SignedVectors.SERVICE, "my-default-network-map", Descriptor.NETWORK_MAP,
        "https://alto.example.com/networkmap", SignedVectors.NETWORK_MAP_VTAG, List.of(), null, 7,
        SignedVectors.NOT_BEFORE, Instant.parse("2026-01-01T00:00:00Z"), RedistributionScope.SERVICE);
    byte[] bundle = new ResourceSigner(pki.serverEd.getPrivate(), List.of(cert)).sign(body, d, SignedVectors.SIGNED_AT)
        .encoded();
    MovableClock clock = new MovableClock(SignedVectors.VERIFY_AT);
    ResourceVerifier v = new ResourceVerifier(TrustPolicy.forService(SignedVectors.SERVICE).anchor(pki.caEdCert)
        .clock(clock).build());
    v.verify(bundle, Expectation.fromPeer(null));
    v.verify(bundle, Expectation.fromPeer(null));
    clock.now = until.plusSeconds(121);
    VerificationException e = assertThrows(VerificationException.class, () -> v.verify(bundle, Expectation.fromPeer(null)));
    assertEquals(Reason.CERT_NOT_VALID_NOW, e.reason());
    clock.now = until.plusSeconds(119);
    v.verify(bundle, Expectation.fromPeer(null));
  }
}
