package org.altoredist.engine.sim;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.math.BigInteger;
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
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.engine.ServerFallback;
import org.altoredist.trust.Descriptors;
import org.altoredist.trust.Pki;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.ResourceSigner;
import org.altoredist.trust.SignatureAlgorithm;
import org.altoredist.trust.TrustPolicy;

/**
 * A signing ALTO server with twelve redistributable resources: the root IRD, one network map and
 * ten cost maps over it, each of its own (private) cost metric, as services with several cost
 * maps publish. Every version really is signed; fetches are counted.
 */
final class TwelveResourceServer implements ServerFallback {

  static final int COST_MAPS = 10;

  private final String service;
  private final Clock clock;
  private final X509Certificate anchor;
  private final ResourceSigner signer;
  private final Map<String, byte[]> bundles = new LinkedHashMap<>();
  private long requests;

  TwelveResourceServer(String service, Clock clock) {
    this.service = service;
    this.clock = clock;
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    KeyPair ca = Pki.generateKeyPair(SignatureAlgorithm.ED25519);
    KeyPair server = Pki.generateKeyPair(SignatureAlgorithm.ED25519);
    anchor = Pki.rootCa(ca, "twelve-resource CA", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
        BigInteger.ONE);
    X509Certificate cert = Pki.server(ca.getPrivate(), anchor, server.getPublic(),
        java.net.URI.create(service).getHost(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)),
        BigInteger.TWO);
    signer = new ResourceSigner(server.getPrivate(), List.of(cert));
  }

  TrustPolicy trustPolicy() {
    return TrustPolicy.forService(service).anchor(anchor).clock(clock).build();
  }

  /** Signs version {@code version} of all twelve resources. */
  void publish(long version, int pids, int networkMapBytes) {
    MapMaker.Maps maps = MapMaker.make(pids, networkMapBytes, 12, (int) version);
    StringBuilder types = new StringBuilder("{\"num-routing\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"routingcost\"}");
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < COST_MAPS; i++) {
      types.append(",\"m").append(i).append("\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"priv:m").append(i)
          .append("\"}");
      entries.append(",\"cost-m").append(i).append("\":{\"uri\":\"costmap/m").append(i)
          .append("\",\"media-type\":\"application/alto-costmap+json\",\"capabilities\":{\"cost-type-names\":[\"m")
          .append(i).append("\"]},\"uses\":[\"").append(MapMaker.NETWORK_MAP_ID).append("\"]}");
    }
    byte[] directory = ("{\"meta\":{\"cost-types\":" + types + "},\"default-alto-network-map\":\""
        + MapMaker.NETWORK_MAP_ID + "\"},\"resources\":{\"" + MapMaker.NETWORK_MAP_ID
        + "\":{\"uri\":\"networkmap\",\"media-type\":\"application/alto-networkmap+json\"}" + entries + "}}\n")
        .getBytes(US_ASCII);
    InfoResourceDirectory ird;
    try {
      ird = AltoDocuments.parseDirectory(directory);
    } catch (AltoValidationException e) {
      throw new IllegalStateException(e.first().toString(), e);
    }
    Instant from = clock.instant().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
    Instant until = from.plus(Duration.ofDays(1));
    sign(null, directory, ird, version, from, until);
    sign(MapMaker.NETWORK_MAP_ID, maps.networkMap(), ird, version, from, until);
    String costMap = new String(maps.costMap(), US_ASCII);
    for (int i = 0; i < COST_MAPS; i++) {
      sign("cost-m" + i, costMap.replace("\"cost-metric\":\"routingcost\"", "\"cost-metric\":\"priv:m" + i + "\"")
          .getBytes(US_ASCII), ird, version, from, until);
    }
  }

  private void sign(String id, byte[] body, InfoResourceDirectory ird, long version, Instant from, Instant until) {
    bundles.put(id == null ? "" : id, signer.sign(body, Descriptors.fromDirectory(service, ird, id, body, version, from,
        until, RedistributionScope.SERVICE), clock.instant()).encoded());
  }

  long requests() {
    return requests;
  }

  @Override
  public CompletionStage<byte[]> fetch(String service, String resourceId) {
    requests++;
    byte[] b = bundles.get(resourceId == null ? "" : resourceId);
    return b != null && this.service.equals(service) ? CompletableFuture.completedFuture(b)
        : CompletableFuture.failedFuture(new IOException("no resource " + resourceId));
  }
}
