package org.altoredist.trust;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A signed resource that passed every check of {@link ResourceVerifier}. Only the verifier makes these, so
 * holding one is the proof: its body is exactly what the service signed, for the descriptor given.
 */
public final class VerifiedResource {

  private final Descriptor descriptor;
  private final SignedBundle bundle;
  private final X509Certificate signer;
  private final Instant signingTime;
  private final SignatureAlgorithm algorithm;

  VerifiedResource(Descriptor descriptor, SignedBundle bundle, X509Certificate signer, Instant signingTime,
      SignatureAlgorithm algorithm) {
    this.descriptor = descriptor;
    this.bundle = bundle;
    this.signer = signer;
    this.signingTime = signingTime;
    this.algorithm = algorithm;
  }

  public Descriptor descriptor() {
    return descriptor;
  }

  /** The bundle as received, ready to pass on to peers the scope permits. */
  public SignedBundle bundle() {
    return bundle;
  }

  /** The exact body bytes the service signed; parse these, never a re-serialisation. */
  public byte[] body() {
    return bundle.body();
  }

  /** The certificate whose key made the signature. */
  public X509Certificate signer() {
    return signer;
  }

  /** When the signer says it signed; informational, freshness comes from the descriptor. */
  public Instant signingTime() {
    return signingTime;
  }

  public SignatureAlgorithm algorithm() {
    return algorithm;
  }
}
