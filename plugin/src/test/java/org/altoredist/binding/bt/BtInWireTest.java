package org.altoredist.binding.bt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bt.torrent.maker.TorrentBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.altoredist.binding.AltoListener;
import org.altoredist.testing.Await;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.engine.WireTransport;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Bt clients on loopback with ar_alto in-wire: a Bt seeder holding the signed maps passes
 * them on its content connections to a Bt leecher, which downloads the content over the same
 * connection, and to an endpoint peer (the libtorrent4j binding's transport), which dials the
 * seeder's Bt port with the torrent's info-hash and finds ar_alto in that connection's handshake.
 */
class BtInWireTest {

  private static final String SERVICE = "https://alto.loopback.example/directory";

  @TempDir
  Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private SimulatedAltoServer server;
  private TrustPolicy trust;
  private Path torrent;
  private Path content;
  private final List<Path> bundles = new ArrayList<>();

  @BeforeEach
  void swarm() throws Exception {
    server = new SimulatedAltoServer(SERVICE, Clock.systemUTC(), 15);
    server.publish(new MapMaker.Maps(example("ird.json"), example("networkmap.json"), example("costmap.json"), 4), 1,
        Duration.ofHours(1), RedistributionScope.SERVICE);
    trust = server.trustPolicy(Clock.systemUTC());
    for (String id : new String[] {null, "loopback-network-map", "loopback-routingcost"}) {
      Path p = dir.resolve((id == null ? "ird" : id) + ".arsr");
      Files.write(p, server.bundle(id));
      bundles.add(p);
    }
    Path seedDir = Files.createDirectories(dir.resolve("seed"));
    content = seedDir.resolve("content.bin");
    byte[] bytes = new byte[3 * 1024 * 1024 + 1234];
    new Random(15).nextBytes(bytes);
    Files.write(content, bytes);
    torrent = dir.resolve("content.torrent");
    Files.write(torrent, new TorrentBuilder().rootPath(seedDir).addFile(content).pieceSize(256 * 1024).build());
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void mapsTravelOnBtContentConnectionsToBtAndEndpointPeersContentStillFlowsAndTheSteeringIsTold() throws Exception {
    AltoBt.Builder seeding = AltoBt.builder().trust(trust).noServerFallback();
    bundles.forEach(seeding::seed);
    BtPeer seeder = peer("127.0.1.1", dir.resolve("seed"), seeding.build());
    List<HeldResource> installed = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<AltoListener.SteeringChange> steering = new java.util.concurrent.CopyOnWriteArrayList<>();
    AltoBt leecherAlto = AltoBt.builder().trust(trust).noServerFallback().bootstrap(seeder.address)
        .listener(new AltoListener() {
          @Override
          public void mapInstalled(HeldResource held) {
            installed.add(held);
          }

          @Override
          public void steeringChanged(SteeringChange change) {
            steering.add(change);
          }
        }).build();
    BtPeer leecher = peer("127.0.2.1", Files.createDirectories(dir.resolve("leech")), leecherAlto);

    WireTransport t = WireTransport.open(new InetSocketAddress("127.0.3.1", 0), WireConfig.defaults());
    RedistributionEngine endpoint = RedistributionEngine.builder().use(trust)
        .localAddresses(List.of(InetAddress.getByName("127.0.3.1"))).transport(t)
        .discovery(Discovery.fixed(List.of(seeder.address))).tick(Duration.ofMillis(200))
        .resourceRendezvous(false).build();
    open.add(endpoint);
    endpoint.start();
    endpoint.join(InfoHash.of(torrentId()));

    Await.until("the Bt leecher holds the IRD and both maps", () -> leecherAlto.held().size() == 3);
    Await.until("the endpoint peer holds the IRD and both maps", () -> endpoint.held().size() == 3);
    assertTrue(leecherAlto.held().stream().allMatch(h -> h.source() == HeldResource.Source.PEER),
        leecherAlto.held().toString());
    assertTrue(installed.containsAll(leecherAlto.held()), "the listener heard of each map installed: " + installed);
    assertTrue(endpoint.held().stream().allMatch(h -> h.source() == HeldResource.Source.PEER),
        endpoint.held().toString());
    assertEquals(0, server.requests(), "nobody asked the ALTO server");
    Path got = dir.resolve("leech").resolve("content.bin");
    Await.until("the Bt leecher has the content", () -> Files.exists(got) && mismatch(got) == -1);
    assertEquals("pid-2", leecherAlto.ranker().orElseThrow().selfPid());
    Await.until("the listener hears that the network map orders the peers offered to Bt",
        () -> !steering.isEmpty());
    AltoListener.SteeringChange applied = steering.get(0);
    assertEquals(AltoListener.SteeringChange.Kind.MAP_APPLIED, applied.kind(), steering.toString());
    assertTrue(applied.detail().endsWith("own PID pid-2"), applied.detail());
    assertEquals(1, steering.size(), "one network map version, told once: " + steering);
  }

  private long mismatch(Path got) {
    try {
      return Files.mismatch(got, content);
    } catch (IOException e) {
      return 0;
    }
  }

  private byte[] torrentId() throws IOException {
    return new bt.metainfo.MetadataService().fromByteArray(Files.readAllBytes(torrent)).getTorrentId().getBytes();
  }

  private BtPeer peer(String host, Path data, AltoBt alto) throws IOException {
    BtPeer p = new BtPeer(host, torrent, data, alto);
    open.add(p);
    return p;
  }

  private static byte[] example(String name) throws IOException {
    try (InputStream in = BtInWireTest.class.getResourceAsStream("/org/altoredist/examples/" + name)) {
      return in.readAllBytes();
    }
  }
}
