package org.altoredist.trust;

/**
 * Every size and count limit of the signed-resource format (signed-resources.md §6). Each is checked
 * before anything of that size is allocated or parsed; exceeding one is {@code TOO_LARGE} or
 * {@code CHAIN_TOO_LONG}, never an out-of-memory error.
 */
public final class Limits {

  /**
   * Largest body. RFC 7971 §3.7 reports network maps "up to tens of megabytes" for the largest
   * ISPs; 32 MiB admits those while bounding what one peer can make another hold in memory.
   */
  public static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

  /**
   * Largest CMS signature. A descriptor (at most {@link #MAX_DESCRIPTOR_BYTES}) plus
   * {@link #MAX_CERTIFICATES} certificates of at most {@link #MAX_CERTIFICATE_BYTES} fit with room
   * to spare; a real Ed25519 or P-256 signature with a two-certificate chain is about 1.5 KiB.
   */
  public static final int MAX_SIGNATURE_BYTES = 64 * 1024;

  /** Largest bundle: its fixed header, the largest signature and the largest body. */
  public static final int MAX_BUNDLE_BYTES = SignedBundle.HEADER_BYTES + MAX_SIGNATURE_BYTES + MAX_BODY_BYTES;

  /**
   * Largest descriptor. The biggest field is an audience of {@link #MAX_AUDIENCE_PREFIXES} IPv6
   * prefixes (at most 43 characters each, plus quotes and comma): about 12 KiB.
   */
  public static final int MAX_DESCRIPTOR_BYTES = 16 * 1024;

  /**
   * Most certificates in the CMS certificates field: the signer, a few intermediates and perhaps
   * the root. Web PKI paths are three or four long; eight leaves room without inviting a
   * search over a bag of hundreds.
   */
  public static final int MAX_CERTIFICATES = 8;

  /** Longest path from the signer to an anchor, counting the signer and not the anchor. */
  public static final int MAX_CHAIN_DEPTH = 5;

  /**
   * Largest single certificate. Ed25519 and P-256 certificates are 300 to 700 bytes; RSA-4096 CA
   * certificates with several extensions stay under 2 KiB.
   */
  public static final int MAX_CERTIFICATE_BYTES = 8 * 1024;

  /**
   * Deepest DER nesting accepted. A CMS SignedData with certificates nests about a dozen levels;
   * the cap keeps the recursive ASN.1 parser's stack bounded on hostile input.
   */
  static final int MAX_DER_DEPTH = 32;

  /** Most prefixes in a target audience (RFC 6708 AR-25). Enough for an ISP's aggregates. */
  public static final int MAX_AUDIENCE_PREFIXES = 256;

  /**
   * Most dependent version tags. RFC 7285 cost maps carry exactly one; property maps (RFC 9240)
   * may depend on a few network maps.
   */
  public static final int MAX_DEPENDENT_VTAGS = 8;

  /** Longest service or request URI. Common HTTP stacks cap request lines near 8 KiB; ALTO URIs are short. */
  public static final int MAX_URI_CHARS = 2048;

  /** Longest media type: RFC 6838 §4.2 caps type and subtype at 127 characters each. */
  public static final int MAX_MEDIA_TYPE_CHARS = 255;

  private Limits() {}
}
