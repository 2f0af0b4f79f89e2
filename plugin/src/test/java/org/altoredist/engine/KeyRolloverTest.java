package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.http.AltoClient;
import org.altoredist.http.AltoServer;
import org.altoredist.http.ServiceConfig;
import org.altoredist.testing.Await;
import org.altoredist.trust.Descriptor;
import org.altoredist.trust.Descriptors;
import org.altoredist.trust.Pki;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.ResourceSigner;
import org.altoredist.trust.SignatureAlgorithm;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator procedures of plugin/OPERATIONS.md, each run on engines over the real peer-wire
 * endpoint on loopback with the real signing server (issue 16). Rotation: the server's key and
 * certificate roll over under the same CA; peers take the new chain from each other, and a peer
 * that still holds only bundles of the old key serves them, verified, to a newcomer until it meets
 * the new version. Compromise: a thief of the key signs a forged map under a far higher sequence
 * and every peer takes it; the operator moves to a new CA and key, the peers' anchor changes, and
 * the forged and old bundles are retired (refused from the store and from the thief) while the
 * new key's lower sequences are held.
 */
class KeyRolloverTest {

  static final InfoHash TORRENT = InfoHash.ofHex("ce1f0ce1f0ce1f0ce1f0ce1f0ce1f0ce1f0ce1f0");
  static final String HOST = "127.0.1.40";
  static final URI SERVICE = URI.create("http://" + HOST + "/alto/directory");
  static final String NM = "loopback-network-map";

  @TempDir
  Path dir;

  private final List<RedistributionEngine> engines = new ArrayList<>();
  private final Map<RedistributionEngine, InetSocketAddress> endpoints = new java.util.HashMap<>();
  private final ExecutorService http = Executors.newCachedThreadPool();
  private AltoServer server;
  private int port;

  /** A CA and the server keys it issued. */
  record Ca(KeyPair keys, X509Certificate cert) {
    static Ca make(String name) {
      Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
      KeyPair k = Pki.generateKeyPair(SignatureAlgorithm.ECDSA_P256);
      return new Ca(k, Pki.rootCa(k, name, from, from.plus(Duration.ofDays(30)), Pki.randomSerial()));
    }

    Signer issue() {
      Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
      KeyPair k = Pki.generateKeyPair(SignatureAlgorithm.ECDSA_P256);
      return new Signer(k, List.of(Pki.server(keys.getPrivate(), cert, k.getPublic(), HOST, from,
          from.plus(Duration.ofDays(30)), Pki.randomSerial())));
    }

    TrustPolicy trust() {
      return TrustPolicy.forService(SERVICE.toString()).anchor(cert).build();
    }
  }

  /** A server key with its certificate chain. */
  record Signer(KeyPair keys, List<X509Certificate> chain) {}

  @AfterEach
  void close() {
    engines.forEach(RedistributionEngine::close);
    if (server != null) {
      server.close();
    }
    http.shutdownNow();
  }

  /** (Re)starts the signing server with this key, on the same state, maps and port. */
  private void serve(Signer s) throws IOException {
    if (server != null) {
      server.close();
    }
    Path maps = dir.resolve("maps");
    if (!Files.isDirectory(maps)) {
      Files.createDirectories(maps);
      for (String f : List.of("ird.json", "networkmap.json", "costmap.json")) {
        Files.write(maps.resolve(f), LoopbackSwarmTest.example(f));
      }
    }
    server = AltoServer.builder(ServiceConfig.of(maps, dir.resolve("server-state"), SERVICE)
        .withSigner(s.keys().getPrivate(), s.chain())).bind(InetAddress.getByName(HOST)).httpPort(port)
        .pathPrefix("/alto/").start();
    port = server.httpDirectory().getPort();
  }

  /** A node on 127.0.p.h that dials {@code peers}; asks the server at once if {@code seeder}, else never. */
  private RedistributionEngine node(String host, TrustPolicy trust, boolean seeder, List<InetSocketAddress> peers)
      throws IOException {
    AltoClient client = AltoClient.builder(trust).directoryLocation(server.httpDirectory()).build();
    WireTransport t = WireTransport.open(new InetSocketAddress(host, 0), WireConfig.defaults());
    RedistributionEngine e = RedistributionEngine.builder().use(trust).localAddresses(List.of(InetAddress.getByName(host)))
        .transport(t).discovery(peers.isEmpty() ? Discovery.none() : Discovery.fixed(peers))
        .serverFallback(ServerFallback.http(Map.of(SERVICE.toString(), client), http),
            seeder ? Duration.ZERO : Duration.ofHours(1), 0)
        .stateDir(dir.resolve("node-" + host)).tick(Duration.ofMillis(100)).resourceRendezvous(false)
        .random(new SplittableRandom(engines.size())).build();
    e.start();
    e.join(TORRENT);
    engines.add(e);
    endpoints.put(e, t.localAddress());
    return e;
  }

  private InetSocketAddress endpoint(RedistributionEngine e) {
    return endpoints.get(e);
  }

  private static HeldResource networkMap(RedistributionEngine e) {
    return e.held().stream().filter(h -> NM.equals(h.resourceId())).reduce((a, b) -> a.sequence() > b.sequence() ? a : b)
        .orElse(null);
  }

  private static boolean holdsSignedBy(RedistributionEngine e, Signer s) {
    HeldResource h = networkMap(e);
    return h != null && h.resource().signer().equals(s.chain().get(0)) && e.held().size() >= 3;
  }

  @Test
  void rotatedKeyRollsOverThroughPeersAndOldBundlesStayServable() throws Exception {
    Ca ca = Ca.make("rotation CA");
    Signer oldKey = ca.issue();
    Signer newKey = ca.issue();
    serve(oldKey);
    RedistributionEngine seed = node("127.0.1.41", ca.trust(), true, List.of());
    RedistributionEngine a = node("127.0.2.41", ca.trust(), false, List.of(endpoint(seed)));
    RedistributionEngine b = node("127.0.3.41", ca.trust(), false, List.of(endpoint(seed)));
    for (RedistributionEngine e : List.of(seed, a, b)) {
      Await.until("every node holds the maps signed by the old key", () -> holdsSignedBy(e, oldKey));
    }
    List<byte[]> oldBundles = seed.held().stream().map(h -> h.resource().bundle().encoded()).toList();
    long oldSequence = networkMap(seed).sequence();

    serve(newKey);
    seed.refresh();
    for (RedistributionEngine e : List.of(seed, a, b)) {
      Await.until("every node holds the maps signed by the new key", () -> holdsSignedBy(e, newKey));
      assertTrue(networkMap(e).sequence() > oldSequence);
    }
    assertEquals(HeldResource.Source.PEER, networkMap(a).source(), "the new chain came from a peer, not the server");

    // A peer that was away holds only the old key's bundles; they are still valid, so it serves them.
    RedistributionEngine away = node("127.0.4.41", ca.trust(), false, List.of());
    for (byte[] bundle : oldBundles) {
      away.publish(bundle).get();
    }
    RedistributionEngine newcomer = node("127.0.4.42", ca.trust(), false, List.of(endpoint(away)));
    Await.until("the newcomer holds the old key's version from the peer that was away",
        () -> holdsSignedBy(newcomer, oldKey));
    assertEquals(HeldResource.Source.PEER, networkMap(newcomer).source());
    // Once it meets a peer with the new version, it rolls over too.
    RedistributionEngine bridge = node("127.0.4.43", ca.trust(), false, List.of(endpoint(seed), endpoint(newcomer)));
    Await.until("the bridge holds the new version", () -> holdsSignedBy(bridge, newKey));
    Await.until("the newcomer rolls over to the new key", () -> holdsSignedBy(newcomer, newKey));
  }

  @Test
  void compromisedKeyIsRetiredByAnAnchorChangeDespiteItsHigherSequence() throws Exception {
    Ca oldCa = Ca.make("old CA");
    Signer stolen = oldCa.issue();
    serve(stolen);
    RedistributionEngine seed = node("127.0.1.51", oldCa.trust(), true, List.of());
    RedistributionEngine a = node("127.0.2.51", oldCa.trust(), false, List.of(endpoint(seed)));
    for (RedistributionEngine e : List.of(seed, a)) {
      Await.until("every node holds the honest maps", () -> holdsSignedBy(e, stolen));
    }
    long honest = networkMap(seed).sequence();

    // The thief signs a forged network map with the stolen key, far above any honest sequence.
    long forgedSequence = honest + 1_000_000;
    byte[] forged = forge(oldCa, stolen, forgedSequence);
    RedistributionEngine thief = node("127.0.3.51", oldCa.trust(), false, List.of(endpoint(seed), endpoint(a)));
    thief.publish(forged).get();
    for (RedistributionEngine e : List.of(seed, a)) {
      Await.until("the forgery spreads: its signature is valid under the old anchor",
          () -> networkMap(e).sequence() == forgedSequence);
    }

    // The operator: a new CA and key; the server signs with it (its sequences go on from the
    // honest ones, below the forgery); the peers' anchor changes and they restart on their state.
    Ca newCa = Ca.make("new CA");
    Signer fresh = newCa.issue();
    serve(fresh);
    engines.remove(seed);
    engines.remove(a);
    seed.close();
    a.close();
    RedistributionEngine seed2 = node("127.0.1.51", newCa.trust(), true, List.of(endpoint(thief)));
    RedistributionEngine a2 = node("127.0.2.51", newCa.trust(), false, List.of(endpoint(seed2), endpoint(thief)));
    for (RedistributionEngine e : List.of(seed2, a2)) {
      Await.until("every node holds the new key's maps", () -> holdsSignedBy(e, fresh));
      long s = networkMap(e).sequence();
      assertTrue(s > honest && s < forgedSequence, "sequence " + s);
      assertTrue(e.held().stream().noneMatch(h -> h.resource().signer().equals(stolen.chain().get(0))),
          "nothing the old anchor vouched for survives the anchor change: " + e.held());
    }
    assertEquals(HeldResource.Source.PEER, networkMap(a2).source());
    assertEquals(forgedSequence, networkMap(thief).sequence(), "the thief offered its forgery all along");
  }

  /** The served network map with pid-1 claiming all of 127/8, signed with the stolen key under {@code sequence}. */
  private byte[] forge(Ca ca, Signer stolen, long sequence) throws Exception {
    AltoClient c = AltoClient.builder(ca.trust()).directoryLocation(server.httpDirectory()).build();
    InfoResourceDirectory ird = (InfoResourceDirectory) c.directory().document();
    String served = new String(c.fetch(NM).body(), StandardCharsets.UTF_8);
    assertTrue(served.contains("\"127.0.1.0/24\""), served);
    byte[] body = served.replace("\"127.0.1.0/24\"", "\"127.0.0.0/8\"").getBytes(StandardCharsets.UTF_8);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Descriptor d = Descriptors.fromDirectory(SERVICE.toString(), ird, NM, body, sequence, now, now.plus(Duration.ofDays(1)),
        RedistributionScope.SERVICE);
    return new ResourceSigner(stolen.keys().getPrivate(), stolen.chain()).sign(body, d, now).encoded();
  }
}
