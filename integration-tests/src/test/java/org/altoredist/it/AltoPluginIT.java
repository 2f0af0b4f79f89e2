package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.binding.SteeringEvent;
import org.altoredist.engine.HeldResource;
import org.altoredist.http.AltoClient;
import org.altoredist.it.swarm.AltoService;
import org.altoredist.it.swarm.Await;
import org.altoredist.it.swarm.LibtorrentPeer;
import org.altoredist.it.swarm.Loopback;
import org.altoredist.it.swarm.SwarmContent;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerifiedResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libtorrent4j.PeerInfo;

/**
 * The plugin in real libtorrent4j sessions on loopback (issue 7): a seeder holding signed maps, two
 * ALTO-enabled clients and one vanilla client share a torrent; the sessions meet each other's
 * extension endpoints through their own DHT.
 */
class AltoPluginIT {

  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");

  @TempDir
  Path dir;

  @Test
  void altoClientsGetVerifiedMapsFromPeersAndSteerWhileAVanillaClientIsUntouched() throws Exception {
    try (AltoService server = AltoService.start(dir.resolve("alto"), SERVICE, Loopback.host(0, 10))) {
      TrustPolicy trust = server.trust();
      List<Path> signed = fetchSignedMaps(trust, server, dir.resolve("signed"));
      long requestsBefore = server.stats().totalRequests();

      SwarmContent content = SwarmContent.create(dir.resolve("content"), 4L << 20, 7, "http://127.0.0.1:1/announce");
      List<AutoCloseable> open = new ArrayList<>();
      try {
        LibtorrentPeer seed = LibtorrentPeer.withDht("alto-seed", Loopback.host(1, 1), null, content, true, null);
        open.add(seed);
        AltoPlugin seedAlto = plugin(trust, server, dir.resolve("state-seed"), signed);
        open.add(0, seedAlto);
        seedAlto.attach(seed.session());

        InetSocketAddress boot = seed.listenAddress();
        LibtorrentPeer a1 = LibtorrentPeer.withDht("alto", Loopback.host(1, 2), dir.resolve("a1"), content, false, boot);
        LibtorrentPeer a2 = LibtorrentPeer.withDht("alto", Loopback.host(2, 1), dir.resolve("a2"), content, false, boot);
        LibtorrentPeer vanilla = LibtorrentPeer.withDht("vanilla", Loopback.host(3, 1), dir.resolve("v"), content, false, boot);
        open.addAll(List.of(a1, a2, vanilla));
        AltoPlugin alto1 = plugin(trust, server, dir.resolve("state-a1"), List.of());
        AltoPlugin alto2 = plugin(trust, server, dir.resolve("state-a2"), List.of());
        open.add(0, alto1);
        open.add(0, alto2);
        alto1.attach(a1.session());
        alto2.attach(a2.session());
        // The tracker's part: every leecher learns the seeder.
        for (LibtorrentPeer p : List.of(a1, a2, vanilla)) {
          p.connect(boot);
        }

        for (AltoPlugin p : List.of(alto1, alto2)) {
          Await.until("an ALTO client holds the IRD, network map and cost map, verified, from peers", DEADLINE,
              () -> fromPeers(p).size() == 3, () -> "held " + p.held() + " stats " + p.stats());
        }
        assertEquals(requestsBefore, server.stats().totalRequests(), "no ALTO client asked the ALTO server");

        Await.until("every peer holds the content", DEADLINE, () -> List.of(a1, a2, vanilla).stream()
            .allMatch(p -> p.progress() >= 1.0 && content.isCompleteIn(p.downloadDir())),
            () -> List.of(seed, a1, a2, vanilla).stream().map(LibtorrentPeer::diagnostics).collect(Collectors.joining("\n")));

        Set<InetSocketAddress> endpoints = Set.of(seedAlto.endpoint(), alto1.endpoint(), alto2.endpoint());
        for (PeerInfo p : vanilla.handle().peerInfo()) {
          assertFalse(endpoints.stream().anyMatch(e -> p.ip().endsWith(":" + e.getPort())
              && p.ip().startsWith(e.getAddress().getHostAddress())), "the vanilla client met an ar_alto endpoint: " + p.ip());
        }

        Await.until("ALTO client 1's maps put a same-PID peer in libtorrent's local class and others in the global one",
            DEADLINE, () -> alto1.inLocalPeerClass(Loopback.host(1, 1)) && !alto1.inLocalPeerClass(Loopback.host(3, 1)));
        Await.until("ALTO client 2 has dialled ranked candidates", DEADLINE, () -> !alto2.steeringLog().isEmpty());
        assertRankedByCost(alto2.steeringLog());

        InetSocketAddress gone = alto1.endpoint();
        alto1.close();
        open.remove(alto1);
        assertTrue(a1.session().isRunning() && a1.handle().isValid(), "detaching leaves the session and its torrents");
        assertTrue(a1.handle().status().isSeeding() || a1.progress() >= 1.0);
        assertNull(alto1.endpoint(), "a detached plugin has no endpoint");
        Await.until("the detached endpoint no longer accepts", Duration.ofSeconds(10), () -> !accepts(gone));
      } finally {
        for (AutoCloseable c : open) {
          c.close();
        }
      }
    }
  }

  private static AltoPlugin plugin(TrustPolicy trust, AltoService server, Path state, List<Path> seeds) {
    AltoPlugin.Builder b = AltoPlugin.builder().trust(trust).serverLocation(SERVICE.toString(), server.httpDirectory())
        .fallbackDelay(Duration.ofMinutes(5)).stateDir(state).steering(8, Duration.ofSeconds(1));
    seeds.forEach(b::seed);
    return b.build();
  }

  /** The seeder's signed files: fetched once from the ALTO server, as a seed operator does. */
  private static List<Path> fetchSignedMaps(TrustPolicy trust, AltoService server, Path out) throws Exception {
    Files.createDirectories(out);
    AltoClient client = AltoClient.builder(trust).directoryLocation(server.httpDirectory()).build();
    AltoClient.ServiceMaps m = client.maps();
    List<VerifiedResource> all = new ArrayList<>(List.of(m.directory(), m.networkMap()));
    all.addAll(m.costMaps());
    List<Path> files = new ArrayList<>();
    for (VerifiedResource r : all) {
      String name = r.descriptor().resourceId() == null ? "directory" : r.descriptor().resourceId();
      files.add(Files.write(out.resolve(name + ".arsr"), r.bundle().encoded()));
    }
    return files;
  }

  private static List<HeldResource> fromPeers(AltoPlugin p) {
    return p.held().stream().filter(h -> h.source() == HeldResource.Source.PEER).toList();
  }

  /** Within each tick, guided slots go to candidates in order of cost (the random ones may not). */
  private static void assertRankedByCost(List<SteeringEvent> log) {
    Map<Long, List<SteeringEvent>> ticks = new TreeMap<>();
    for (SteeringEvent e : log) {
      ticks.computeIfAbsent(e.tick(), k -> new ArrayList<>()).add(e);
    }
    for (List<SteeringEvent> tick : ticks.values()) {
      double last = Double.NEGATIVE_INFINITY;
      for (SteeringEvent e : tick) {
        if (e.rank() % 10 == 9) {
          continue; // the random tenth
        }
        double c = Double.isNaN(e.cost()) ? Double.MAX_VALUE : e.cost();
        assertTrue(c >= last, () -> "dialled out of cost order: " + tick);
        last = c;
      }
    }
  }

  private static boolean accepts(InetSocketAddress a) {
    try (Socket s = new Socket(a.getAddress(), a.getPort())) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
