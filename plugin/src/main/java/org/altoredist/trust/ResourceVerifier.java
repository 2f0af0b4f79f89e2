package org.altoredist.trust;

import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.altoredist.alto.AltoDocument;
import org.altoredist.trust.VerificationException.Reason;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies signed resources for one {@link TrustPolicy}, in the order of signed-resources.md §5:
 * the framing and the signature's structure; the signature over the exact signed-attribute bytes;
 * the signer's trust; only then the descriptor is parsed and compared with what was asked for; only
 * then the body is digested; and only a body whose digest matched is parsed, by the ALTO model, and
 * compared with the descriptor.
 *
 * <p>Every failure, whatever the input, is a {@link VerificationException}: nothing else leaves a
 * public method. Thread-safe; apart from the policy it keeps only caches of validated paths and
 * converted signer certificates.
 */
public final class ResourceVerifier {

  private static final Logger log = LoggerFactory.getLogger(ResourceVerifier.class);

  /**
   * Signer certificates already converted for callers, by their exact encoding: the conversion costs
   * about 0.1 ms, a twentieth of the 2 ms budget for verifying a 1 MiB resource, and one server's
   * few certificates sign everything a verifier sees. Sized like the validated-path cache.
   */
  private static final int CERTIFICATE_CACHE_ENTRIES = 64;

  private final TrustPolicy policy;
  private final ChainValidator chain;
  private final Map<X509CertificateHolder, X509Certificate> converted = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<X509CertificateHolder, X509Certificate> eldest) {
          return size() > CERTIFICATE_CACHE_ENTRIES;
        }
      });

  public ResourceVerifier(TrustPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.chain = policy.chainValidator();
  }

  /** Parses the framing of {@code bundle} and verifies it. */
  public VerifiedResource verify(byte[] bundle, Expectation expected) throws VerificationException {
    return verify(SignedBundle.parse(bundle), expected);
  }

  /** Verifies a body and its detached signature, as served side by side over HTTP. */
  public VerifiedResource verifyDetached(byte[] body, byte[] signature, Expectation expected)
      throws VerificationException {
    if (body.length > Limits.MAX_BODY_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, "body of " + body.length + " bytes");
    }
    if (signature.length == 0) {
      throw new VerificationException(Reason.UNSIGNED, "empty signature");
    }
    if (signature.length > Limits.MAX_SIGNATURE_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, "signature of " + signature.length + " bytes");
    }
    return verify(SignedBundle.of(signature, body), expected);
  }

  public VerifiedResource verify(SignedBundle bundle, Expectation expected) throws VerificationException {
    try {
      return check(bundle, expected, policy.clock().instant());
    } catch (RuntimeException e) {
      // A parser corner no check above anticipated. Refuse rather than let it escape, and say so.
      log.warn("unexpected failure verifying a signed resource for {}", policy.service(), e);
      throw new VerificationException(Reason.MALFORMED, "unexpected: " + e, e);
    }
  }

  private VerifiedResource check(SignedBundle bundle, Expectation expected, Instant now)
      throws VerificationException {
    CmsSignature sig = CmsSignature.parse(bundle.signature());
    X509CertificateHolder signer = sig.signer();
    sig.verifySignature(signer);
    sig.requireBoundCertificates(signer);
    List<X509CertificateHolder> others = new ArrayList<>(sig.certificates());
    others.remove(signer);
    Instant[] pathValidity = chain.validate(signer, others, now, policy.host());

    SignedAttributes attrs = sig.signedAttributes();
    Descriptor d = Descriptor.decode(attrs.descriptor());
    checkDescriptor(d, expected, now);

    MessageDigest md = sig.algorithm().newDigest();
    bundle.digestBody(md);
    if (!MessageDigest.isEqual(md.digest(), attrs.messageDigest())) {
      throw new VerificationException(Reason.DIGEST_MISMATCH,
          "the body's digest differs from the signed message-digest (" + bundle.bodyLength() + " bytes)");
    }
    AltoDocument document = BodyCheck.parse(d, bundle.body());
    return new VerifiedResource(d, bundle, document, certificate(signer), attrs.signingTime(), sig.algorithm(), policy,
        pathValidity);
  }

  /**
   * Re-applies to a resource this verifier accepted earlier the checks that depend on the
   * verifier's situation rather than on the bytes: the validity period of the signer's path
   * (step 7, as for a remembered path) and steps 9 to 13 against {@code expected}, at the policy
   * clock's now. The bytes' own checks (signature, chain, digest, body) hold for the same bytes
   * forever, so a cache of verified bundles keyed by the SHA-256 of their exact bytes may run
   * this instead of {@link #verify} (signed-resources.md §5).
   *
   * @throws IllegalArgumentException if {@code resource} was verified under another policy object:
   *     the checks it passed say nothing about this policy's anchors or pins
   */
  public void recheck(VerifiedResource resource, Expectation expected) throws VerificationException {
    if (resource.policy() != policy) {
      throw new IllegalArgumentException("verified under " + resource.policy() + ", not under " + policy);
    }
    Instant now = policy.clock().instant();
    chain.requireNear(resource.pathValidity(), now);
    checkDescriptor(resource.descriptor(), expected, now);
  }

  private void checkDescriptor(Descriptor d, Expectation e, Instant now) throws VerificationException {
    mustEqual("service", policy.service(), d.service());
    if (e.resourceId() != null) {
      mustEqual("resource-id", e.resourceId(), d.resourceId());
    }
    if (e.mediaType() != null) {
      mustEqual("media-type", e.mediaType(), d.mediaType());
    }
    if (e.request() != null) {
      mustEqual("request", e.request(), d.request());
    }
    if (e.fromPeer()) {
      switch (d.scope().kind()) {
        case NONE -> throw new VerificationException(Reason.NOT_REDISTRIBUTABLE,
            d.resourceId() + " is marked not redistributable by " + d.service());
        case AUDIENCE -> {
          if (e.localAddresses().stream().noneMatch(a -> d.scope().permits(a))) {
            throw new VerificationException(Reason.OUTSIDE_AUDIENCE, "none of " + e.localAddresses()
                + " lies in the audience " + d.scope().audience());
          }
        }
        case SERVICE -> { }
      }
    }
    Duration skew = policy.clockSkew();
    if (d.notBefore().isAfter(now.plus(skew)) || !d.expires().isAfter(now.minus(skew))) {
      throw new VerificationException(Reason.DESCRIPTOR_NOT_VALID_NOW, "valid from " + d.notBefore()
          + " until " + d.expires() + ", now is " + now + " (skew " + skew + ")");
    }
    if (d.sequence() < e.heldSequence()) {
      throw new VerificationException(Reason.STALE_SEQUENCE,
          "sequence " + d.sequence() + " is older than the held " + e.heldSequence());
    }
    // Step 13 binds a resource to the network map it was computed over; a resource that names none
    // (a network map, an IRD) depends on nothing, whatever network map is held.
    if (e.dependsOn() != null && !d.dependentVtags().isEmpty() && !d.dependentVtags().contains(e.dependsOn())) {
      throw new VerificationException(Reason.DEPENDENT_VTAG_MISMATCH, "depends on " + d.dependentVtags()
          + ", not on the held network map " + e.dependsOn());
    }
  }

  private static void mustEqual(String field, String expected, String actual) throws VerificationException {
    if (!expected.equals(actual)) {
      throw new VerificationException(Reason.DESCRIPTOR_MISMATCH,
          field + " is " + actual + ", but " + expected + " was asked for");
    }
  }

  private X509Certificate certificate(X509CertificateHolder h) throws VerificationException {
    X509Certificate c = converted.get(h);
    if (c != null) {
      return c;
    }
    try {
      c = new JcaX509CertificateConverter().setProvider(SignatureAlgorithm.BC).getCertificate(h);
    } catch (CertificateException e) {
      throw new VerificationException(Reason.MALFORMED, "signer certificate: " + e.getMessage(), e);
    }
    converted.put(h, c);
    return c;
  }
}
