package org.altoredist.bench;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.altoredist.trust.Descriptor;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.Pki;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.ResourceSigner;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.SignatureAlgorithm;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerificationException;
import org.altoredist.trust.VerifiedResource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing and verifying one signed resource, Ed25519 and ECDSA P-256 side by side, against raw JDK
 * SHA-256 and SHA-512 over the same bytes in the same run. A verification is the whole public
 * path: bundle framing, CMS parse, signature over the signed attributes, RFC 5280 chain validation
 * to the anchor (CA, then server certificate; remembered by a long-lived verifier, redone by the
 * "ColdChain" variants), descriptor parse and checks, body digest. The body
 * is opaque to the ALTO model (a property-map media type), so the figure is trust's own cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(1)
public class TrustBenchmark {

  private static final String SERVICE = "https://alto.example.com/directory";

  @Param({"1024", "1048576"})
  int bodyBytes;

  private byte[] body;
  private Descriptor descriptor;
  private Instant now;
  private Signer ed25519;
  private Signer p256;

  /** A signer, a bundle it made, and a verifier that trusts its CA (long-lived, as in a client). */
  private record Signer(ResourceSigner signer, byte[] bundle, TrustPolicy policy, ResourceVerifier verifier) {}

  @Setup
  public void setUp() {
    body = new byte[bodyBytes];
    new Random(1).nextBytes(body);
    now = Instant.parse("2025-06-02T00:00:00Z");
    descriptor = new Descriptor(SERVICE, "property-map", "application/alto-propmap+json",
        "https://alto.example.com/propmap", null, List.of(), null, 1, now.minusSeconds(60), now.plusSeconds(3600),
        RedistributionScope.SERVICE);
    ed25519 = signer(SignatureAlgorithm.ED25519);
    p256 = signer(SignatureAlgorithm.ECDSA_P256);
  }

  private Signer signer(SignatureAlgorithm alg) {
    KeyPair ca = Pki.generateKeyPair(alg);
    X509Certificate caCert = Pki.rootCa(ca, "bench CA", now.minusSeconds(86400), now.plusSeconds(86400), BigInteger.ONE);
    KeyPair server = Pki.generateKeyPair(alg);
    X509Certificate cert = Pki.server(ca.getPrivate(), caCert, server.getPublic(), "alto.example.com",
        now.minusSeconds(86400), now.plusSeconds(86400), BigInteger.TWO);
    ResourceSigner s = new ResourceSigner(server.getPrivate(), List.of(cert));
    TrustPolicy policy = TrustPolicy.forService(SERVICE).anchor(caCert).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    return new Signer(s, s.sign(body, descriptor, now).encoded(), policy, new ResourceVerifier(policy));
  }

  @Benchmark
  public VerifiedResource verifyEd25519() throws VerificationException {
    return ed25519.verifier().verify(ed25519.bundle(), Expectation.fromPeer("property-map"));
  }

  @Benchmark
  public VerifiedResource verifyP256() throws VerificationException {
    return p256.verifier().verify(p256.bundle(), Expectation.fromPeer("property-map"));
  }

  /** A fresh verifier each time: the RFC 5280 path validation a long-lived verifier remembers is redone. */
  @Benchmark
  public VerifiedResource verifyEd25519ColdChain() throws VerificationException {
    return new ResourceVerifier(ed25519.policy()).verify(ed25519.bundle(), Expectation.fromPeer("property-map"));
  }

  @Benchmark
  public VerifiedResource verifyP256ColdChain() throws VerificationException {
    return new ResourceVerifier(p256.policy()).verify(p256.bundle(), Expectation.fromPeer("property-map"));
  }

  @Benchmark
  public SignedBundle signEd25519() {
    return ed25519.signer().sign(body, descriptor, now);
  }

  @Benchmark
  public SignedBundle signP256() {
    return p256.signer().sign(body, descriptor, now);
  }

  /** The baseline: what hashing the body alone costs (P-256 signatures digest with SHA-256). */
  @Benchmark
  public byte[] sha256Jdk() throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(body);
  }

  /** Ed25519 in CMS digests with SHA-512 (RFC 8419 §3.1). */
  @Benchmark
  public byte[] sha512Jdk() throws Exception {
    return MessageDigest.getInstance("SHA-512").digest(body);
  }
}
