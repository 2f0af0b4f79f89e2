package org.altoredist.engine.sim;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.alto.DocumentType;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.engine.ServerFallback;
import org.altoredist.trust.Descriptor;
import org.altoredist.trust.Descriptors;
import org.altoredist.trust.Pki;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.ResourceSigner;
import org.altoredist.trust.TrustPolicy;

/**
 * The ALTO server of a simulation: it really signs every version it publishes (Ed25519, with a
 * demo CA and a server certificate for the service's host made by {@link Pki}), serves the bundles
 * to engines that fall back to it, and counts every request. It is the server side of the
 * experiment, not a stand-in for anything the engine does.
 */
public final class SimulatedAltoServer implements ServerFallback {

  private final String service;
  private final Clock clock;
  private final X509Certificate anchor;
  private final ResourceSigner signer;
  private final Map<String, byte[]> bundles = new LinkedHashMap<>();
  private final Map<String, Long> requests = new LinkedHashMap<>();
  private boolean down;

  /**
   * @param service the service URI (its host is the one the server certificate names)
   * @param seed the keys derive from it (see {@link SimKeys})
   */
  public SimulatedAltoServer(String service, Clock clock, long seed) {
    this.service = service;
    this.clock = clock;
    String host = URI.create(service).getHost();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    KeyPair ca = SimKeys.ed25519("ca " + host, seed);
    KeyPair server = SimKeys.ed25519("server " + host, seed);
    Instant from = now.minus(Duration.ofDays(1));
    Instant to = now.plus(Duration.ofDays(365));
    this.anchor = Pki.rootCa(ca, "simulated ALTO CA for " + host, from, to, BigInteger.valueOf(seed & 0xffffL).add(BigInteger.ONE));
    X509Certificate cert = Pki.server(ca.getPrivate(), anchor, server.getPublic(), host, from, to,
        BigInteger.valueOf((seed >>> 16) & 0xffffL).add(BigInteger.TWO));
    this.signer = new ResourceSigner(server.getPrivate(), List.of(cert));
  }

  public String service() {
    return service;
  }

  /** The demo CA certificate a client of this service trusts. */
  public X509Certificate anchor() {
    return anchor;
  }

  /** The trust a client of this service configures, reading time from {@code clock}. */
  public TrustPolicy trustPolicy(Clock clock) {
    return TrustPolicy.forService(service).anchor(anchor).clock(clock).build();
  }

  /**
   * Signs and serves a new version of the three resources, valid from now for {@code lifetime}:
   * the IRD, its default network map, and the first cost map over that network map.
   *
   * @param sequence the descriptors' sequence number, larger than any before
   */
  public void publish(MapMaker.Maps maps, long sequence, Duration lifetime, RedistributionScope scope) {
    InfoResourceDirectory ird;
    try {
      ird = AltoDocuments.parseDirectory(maps.directory());
    } catch (AltoValidationException e) {
      throw new IllegalArgumentException("the IRD is invalid: " + e.first(), e);
    }
    String nm = ird.defaultNetworkMap();
    String cm = ird.resources().values().stream()
        .filter(e -> e.documentType() == DocumentType.COST_MAP && e.uses().contains(nm)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the IRD names no cost map over " + nm)).id();
    Instant from = clock.instant().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
    Instant until = from.plus(lifetime);
    bundles.put(key(null), sign(maps.directory(), Descriptors.fromDirectory(service, ird, null, maps.directory(),
        sequence, from, until, scope)));
    bundles.put(key(nm), sign(maps.networkMap(), Descriptors.fromDirectory(service, ird, nm, maps.networkMap(),
        sequence, from, until, scope)));
    bundles.put(key(cm), sign(maps.costMap(), Descriptors.fromDirectory(service, ird, cm, maps.costMap(), sequence,
        from, until, scope)));
  }

  private byte[] sign(byte[] body, Descriptor d) {
    return signer.sign(body, d, clock.instant()).encoded();
  }

  /** The current bundle of a resource (null for the root IRD), as served. */
  public byte[] bundle(String resourceId) {
    return bundles.get(key(resourceId));
  }

  private static String key(String resourceId) {
    return resourceId == null ? "(root IRD)" : resourceId;
  }

  /** While down, every fetch fails (the "server goes away" case). */
  public void down(boolean down) {
    this.down = down;
  }

  @Override
  public CompletionStage<byte[]> fetch(String service, String resourceId) {
    requests.merge(key(resourceId), 1L, Long::sum);
    byte[] b = bundles.get(key(resourceId));
    if (down || !this.service.equals(service) || b == null) {
      return CompletableFuture.failedFuture(new IOException(down ? "the ALTO server is down"
          : "no resource " + key(resourceId) + " at " + service));
    }
    return CompletableFuture.completedFuture(b);
  }

  /** Requests received, in all. */
  public long requests() {
    return requests.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Requests received per resource. */
  public Map<String, Long> requestsByResource() {
    return Map.copyOf(requests);
  }
}
