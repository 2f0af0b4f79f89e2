package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.RendezvousKey;
import org.altoredist.it.swarm.AltoService;
import org.altoredist.it.swarm.Await;
import org.altoredist.it.swarm.LibtorrentPeer;
import org.altoredist.it.swarm.LogCapture;
import org.altoredist.it.swarm.Loopback;
import org.altoredist.it.swarm.SwarmContent;
import org.altoredist.it.swarm.Tracker;
import org.altoredist.trust.VerifiedResource;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ALTO peers meeting through the torrent's own tracker (issue 7), Debian's opentracker on
 * loopback, with every other way to meet shut: the sessions run no DHT, the plugins use none and
 * know no bootstrap endpoint. A seeder holds signed maps; a client that holds none gets them from
 * it without asking the ALTO server. Where the tracker's whitelist lacks the rendezvous key, the
 * tracker's refusal is logged and the plugin meets its peer another way (here a bootstrap
 * endpoint).
 */
class TrackerRendezvousIT {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"http", "udp"})
  void twoAltoPeersMeetOnlyThroughTheTrackerAndOneGetsTheMapsFromTheOther(String scheme) throws Exception {
    int port = Tracker.reservePort();
    String announce = scheme.equals("udp") ? Tracker.udpAnnounceUrl(port) : Tracker.announceUrl(port);
    SwarmContent content = SwarmContent.create(dir.resolve("content"), 1L << 20, 11, announce);
    byte[] key = RendezvousKey.forTorrent(InfoHash.of(content.infoHash())).bytes();
    try (AltoService alto = AltoService.start(dir.resolve("alto"), SERVICE, Loopback.host(0, 10));
        Tracker tracker = Tracker.start(dir.resolve("tracker"), port, List.of(content.infoHash(), key))) {
      List<Path> signed = signedFiles(alto, dir.resolve("signed"));
      long requestsBefore = alto.stats().totalRequests();
      List<AutoCloseable> open = new ArrayList<>();
      try {
        AltoPlugin seeder = attach(open, LibtorrentPeer.seeder(Loopback.host(1, 1), content),
            alto.plugin(dir.resolve("state-seed")).dht(false), signed);
        AltoPlugin client = attach(open, LibtorrentPeer.leecher(Loopback.host(2, 1), dir.resolve("leech"), content),
            alto.plugin(dir.resolve("state-client")).dht(false), List.of());

        Await.until("the client holds the IRD, network map and cost map, verified, from its peer", DEADLINE,
            () -> fromPeers(client).size() == AltoService.RESOURCES,
            () -> "client held " + client.held() + " stats " + client.stats() + "\nseeder stats " + seeder.stats()
                + "\n" + tracker.diagnostics());
        assertEquals(requestsBefore, alto.stats().totalRequests(), "nobody asked the ALTO server");
      } finally {
        closeAll(open);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"http", "udp"})
  void aTrackerThatRefusesTheRendezvousKeyIsLoggedAndThePluginMeetsItsPeerAnotherWay(String scheme) throws Exception {
    int port = Tracker.reservePort();
    String announce = scheme.equals("udp") ? Tracker.udpAnnounceUrl(port) : Tracker.announceUrl(port);
    SwarmContent content = SwarmContent.create(dir.resolve("content"), 1L << 20, 12, announce);
    String keyHex = RendezvousKey.forTorrent(InfoHash.of(content.infoHash())).hex();
    try (AltoService alto = AltoService.start(dir.resolve("alto"), SERVICE, Loopback.host(0, 10));
        Tracker tracker = Tracker.start(dir.resolve("tracker"), port, List.of(content.infoHash()));
        LogCapture log = new LogCapture()) {
      List<Path> signed = signedFiles(alto, dir.resolve("signed"));
      List<AutoCloseable> open = new ArrayList<>();
      try {
        AltoPlugin seeder = attach(open, LibtorrentPeer.seeder(Loopback.host(1, 1), content),
            alto.plugin(dir.resolve("state-seed")).dht(false), signed);
        AltoPlugin client = attach(open, LibtorrentPeer.leecher(Loopback.host(2, 1), dir.resolve("leech"), content),
            alto.plugin(dir.resolve("state-client")).dht(false).bootstrap(seeder.endpoint()), List.of());

        Await.until("both plugins log the tracker's refusal of the rendezvous key", DEADLINE,
            () -> log.text().lines().filter(l -> l.contains("refuses rendezvous " + keyHex)).count() == 2,
            tracker::diagnostics);
        Await.until("the client holds the maps from its peer all the same", DEADLINE,
            () -> fromPeers(client).size() == AltoService.RESOURCES, () -> "client held " + client.held());
        List<String> refusals = log.text().lines().filter(l -> l.contains("refuses rendezvous " + keyHex))
            .collect(Collectors.toList());
        assertEquals(2, refusals.size(), "each plugin logs the refusal once: " + refusals);
      } finally {
        closeAll(open);
      }
    }
  }

  /** Attaches a plugin to a started session; both are closed by {@link #closeAll}, plugin first. */
  private static AltoPlugin attach(List<AutoCloseable> open, LibtorrentPeer peer, AltoPlugin.Builder b, List<Path> seeds) {
    open.add(peer);
    seeds.forEach(b::seed);
    AltoPlugin p = b.build();
    open.add(0, p);
    p.attach(peer.session());
    return p;
  }

  /** The seeder's signed files, fetched once from the ALTO server as a seed operator does. */
  private static List<Path> signedFiles(AltoService alto, Path out) throws Exception {
    Files.createDirectories(out);
    List<Path> files = new ArrayList<>();
    for (VerifiedResource r : alto.fetch()) {
      String name = r.descriptor().resourceId() == null ? "directory" : r.descriptor().resourceId();
      files.add(Files.write(out.resolve(name + ".arsr"), r.bundle().encoded()));
    }
    return files;
  }

  private static List<HeldResource> fromPeers(AltoPlugin p) {
    return p.held().stream().filter(h -> h.source() == HeldResource.Source.PEER).toList();
  }

  private static void closeAll(List<AutoCloseable> open) throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }
}
