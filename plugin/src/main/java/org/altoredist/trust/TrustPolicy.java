package org.altoredist.trust;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Whom a verifier trusts to speak for one ALTO service (signed-resources.md §3.4): the service's
 * identity (its root IRD URI, whose host the signer certificate must name), and trust anchors
 * (CA certificates) or pinned signer keys, or both, in which case both must hold.
 */
public final class TrustPolicy {

  /**
   * Default tolerance between the verifier's clock and the signer's: two minutes, well above what
   * NTP-synchronised hosts drift and well below any useful descriptor lifetime.
   */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(2);

  private final String service;
  private final String host;
  private final List<X509CertificateHolder> anchors;
  private final List<byte[]> pins;
  private final Duration clockSkew;
  private final Clock clock;

  private TrustPolicy(Builder b) {
    this.service = b.service;
    this.host = DescriptorSyntax.requireHttpUri(b.service, "service").getHost();
    this.anchors = List.copyOf(b.anchors);
    this.pins = List.copyOf(b.pins);
    this.clockSkew = b.clockSkew;
    this.clock = b.clock;
  }

  /** Starts a policy for the service whose root IRD is at {@code serviceUri}. */
  public static Builder forService(String serviceUri) {
    DescriptorSyntax.requireHttpUri(serviceUri, "service");
    return new Builder(serviceUri);
  }

  /** The pin of a certificate's key: SHA-256 of its DER SubjectPublicKeyInfo (as in RFC 7469 §2.4). */
  public static byte[] pinOf(X509Certificate cert) {
    return ChainValidator.spkiSha256(holder(cert));
  }

  public String service() {
    return service;
  }

  /** The host the signer certificate must name: the service URI's host. */
  public String host() {
    return host;
  }

  public Duration clockSkew() {
    return clockSkew;
  }

  public Clock clock() {
    return clock;
  }

  ChainValidator chainValidator() {
    return new ChainValidator(anchors, pins, clockSkew);
  }

  static X509CertificateHolder holder(X509Certificate cert) {
    try {
      return new X509CertificateHolder(cert.getEncoded());
    } catch (CertificateEncodingException | IOException e) {
      throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
    }
  }

  /** Collects a policy; {@link #build} needs at least one anchor or pin. */
  public static final class Builder {
    private final String service;
    private final List<X509CertificateHolder> anchors = new ArrayList<>();
    private final List<byte[]> pins = new ArrayList<>();
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private Clock clock = Clock.systemUTC();

    private Builder(String service) {
      this.service = service;
    }

    /** Trusts certificates that chain to this CA certificate. */
    public Builder anchor(X509Certificate ca) {
      anchors.add(holder(ca));
      return this;
    }

    public Builder anchors(Collection<X509Certificate> cas) {
      cas.forEach(this::anchor);
      return this;
    }

    /** Trusts a signer whose key has this pin (see {@link TrustPolicy#pinOf}). */
    public Builder pin(byte[] spkiSha256) {
      if (spkiSha256.length != 32) {
        throw new IllegalArgumentException("a pin is a 32-byte SHA-256 digest, not " + spkiSha256.length + " bytes");
      }
      pins.add(spkiSha256.clone());
      return this;
    }

    public Builder clockSkew(Duration skew) {
      if (skew.isNegative()) {
        throw new IllegalArgumentException("negative clock skew " + skew);
      }
      this.clockSkew = skew;
      return this;
    }

    /** The clock "now" is read from; tests and vectors fix it. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public TrustPolicy build() {
      if (anchors.isEmpty() && pins.isEmpty()) {
        throw new IllegalStateException("a trust policy needs a trust anchor or a pinned key");
      }
      return new TrustPolicy(this);
    }
  }

  @Override
  public String toString() {
    return "TrustPolicy[" + service + ", " + anchors.size() + " anchors, " + pins.size() + " pins, skew " + clockSkew
        + "]";
  }
}
