package org.altoredist.trust;

import java.util.Objects;

/**
 * A signed resource was examined and refused. The only exception {@link ResourceVerifier} throws: every
 * failure, including garbage input, arrives here with a {@link Reason}, and each reason says what
 * the caller does about it ({@link Reason#remedy()}).
 */
public final class VerificationException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What the caller does about a refusal. */
  public enum Remedy {
    /**
     * No compliant peer sends these bytes (they are forged, corrupt, oversized or were never meant
     * to travel): count it against the peer that sent them, and drop that peer.
     */
    DROP_PEER,
    /**
     * The bytes may be honest but are of no use here (another service, stale, expired, a version
     * that needs a network map this peer does not hold): discard this copy, keep the peer, and look
     * for a usable copy elsewhere or later.
     */
    DISCARD
  }

  /** Why a signed resource was refused, in the order the checks run (see signed-resources.md §5). */
  public enum Reason {
    /** Bigger than the format allows; refused before anything was allocated for it. */
    TOO_LARGE(Remedy.DROP_PEER),
    /** Not a signed resource bundle or not a strict DER CMS SignedData of the required shape. */
    MALFORMED(Remedy.DROP_PEER),
    /** No signature at all. Unsigned data from a peer is never used. */
    UNSIGNED(Remedy.DROP_PEER),
    /** A digest or signature algorithm, key type or format version this verifier does not know. */
    UNSUPPORTED_ALGORITHM(Remedy.DISCARD),
    /** More certificates than the format allows, or a path longer than the depth limit. */
    CHAIN_TOO_LONG(Remedy.DROP_PEER),
    /** The signer certificate is absent, or its key is not one of the pinned keys. */
    UNKNOWN_SIGNER(Remedy.DISCARD),
    /** The signature does not verify with the signer certificate's key. */
    BAD_SIGNATURE(Remedy.DROP_PEER),
    /** The signer's certificate does not chain to any configured trust anchor. */
    WRONG_ANCHOR(Remedy.DISCARD),
    /** A path to an anchor exists but breaks RFC 5280 rules (CA flag, key usage, path length...). */
    INVALID_CHAIN(Remedy.DISCARD),
    /** A certificate of the path is outside its validity period, even allowing for clock skew. */
    CERT_NOT_VALID_NOW(Remedy.DISCARD),
    /** The signer certificate does not name the host of the expected ALTO service (RFC 6125). */
    WRONG_HOST(Remedy.DISCARD),
    /** The descriptor is not what was asked for: another service, resource or media type. */
    DESCRIPTOR_MISMATCH(Remedy.DROP_PEER),
    /** The ALTO server marked the resource not redistributable, and it came from a peer. */
    NOT_REDISTRIBUTABLE(Remedy.DROP_PEER),
    /** The resource is redistributable only to an audience this client is not part of. */
    OUTSIDE_AUDIENCE(Remedy.DISCARD),
    /** Now (allowing for clock skew) is outside the descriptor's not-before .. expires window. */
    DESCRIPTOR_NOT_VALID_NOW(Remedy.DISCARD),
    /** The descriptor's sequence is older than the sequence already held for this resource. */
    STALE_SEQUENCE(Remedy.DISCARD),
    /** The resource depends on a network-map version other than the one held (RFC 7285 §11.2.3.6). */
    DEPENDENT_VTAG_MISMATCH(Remedy.DISCARD),
    /** The body is not the body that was signed: its digest differs from the signed digest. */
    DIGEST_MISMATCH(Remedy.DROP_PEER),
    /**
     * The signed body is not a valid ALTO document of its media type, or its meta (vtag,
     * dependent vtags, cost type) contradicts the descriptor. A compliant peer verifies before it
     * passes anything on, so it would never have sent this.
     */
    BODY_INVALID(Remedy.DROP_PEER);

    private final Remedy remedy;

    Reason(Remedy remedy) {
      this.remedy = remedy;
    }

    /** What the caller does about a refusal for this reason. */
    public Remedy remedy() {
      return remedy;
    }
  }

  private final Reason reason;

  public VerificationException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public VerificationException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
