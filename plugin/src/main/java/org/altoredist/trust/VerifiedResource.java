package org.altoredist.trust;

import java.security.cert.X509Certificate;
import java.time.Instant;
import org.altoredist.alto.AltoDocument;

/**
 * A signed resource that passed every check of {@link ResourceVerifier}. Only the verifier makes these, so
 * holding one is the proof: its body is exactly what the service signed, for the descriptor given.
 */
public final class VerifiedResource {

  private final Descriptor descriptor;
  private final SignedBundle bundle;
  private final AltoDocument document;
  private final X509Certificate signer;
  private final Instant signingTime;
  private final SignatureAlgorithm algorithm;

  VerifiedResource(Descriptor descriptor, SignedBundle bundle, AltoDocument document, X509Certificate signer, Instant signingTime,
      SignatureAlgorithm algorithm) {
    this.descriptor = descriptor;
    this.bundle = bundle;
    this.document = document;
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

  /**
   * The body as parsed by the ALTO model (a network map, cost map or IRD, already checked against
   * the descriptor), or null for a media type the model does not parse.
   */
  public AltoDocument document() {
    return document;
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
