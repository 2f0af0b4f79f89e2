package org.altoredist.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.cli.report.DemoReport;
import org.altoredist.http.AltoServer;
import org.altoredist.http.ServiceConfig;
import org.altoredist.trust.Pem;
import org.altoredist.trust.TrustPolicy;
import org.libtorrent4j.TorrentBuilder;
import org.libtorrent4j.TorrentInfo;

/**
 * One run of the demo's swarm in a working directory: a signing ALTO server, a seeder, ALTO and
 * vanilla libtorrent peers placed by a {@link DemoLayout}, all on loopback; returns what it
 * measured. The seeder holds back its content and its maps until the swarm has formed, so that
 * what the report times is the maps' propagation and the content's distribution, not start-up.
 */
final class DemoSwarm {

  private static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");
  /** How often progress and traffic are read; the report's timings have this resolution. */
  private static final long SAMPLE_MILLIS = 100;
  /** How long the ALTO peers may take to find each other before the seeder publishes anyway. */
  private static final Duration LINK_WAIT = Duration.ofMinutes(1);
  /** How long the maps may take to spread before the content is released anyway. */
  private static final Duration MAPS_WAIT = Duration.ofSeconds(30);

  /**
   * What to run.
   *
   * @param blockAbove the ALTO peers' cost threshold; null for the plugin's default
   * @param plugins which peers run the plugin
   */
  record Config(int alto, int vanilla, int pids, int contentMiB, int uploadMiB, int mapKiB, Double blockAbove,
      boolean exemptLocal, double remoteShare, Duration timeout, DemoLayout layout, Plugins plugins) {

    boolean allVanilla() {
      return plugins == Plugins.NONE;
    }
  }

  /** Which peers run the plugin: as the layout places them, none (the seeder neither), or all. */
  enum Plugins { AS_PLACED, NONE, ALL }

  private final Config c;
  private final DemoProgress progress;

  DemoSwarm(Config c, DemoProgress progress) {
    this.c = c;
    this.progress = progress;
  }

  /** Runs the swarm in {@code dir} until every peer completed or the timeout passed. */
  DemoReport run(Path dir) throws Exception {
    DemoNetwork net = new DemoNetwork(c.pids());
    net.writeMaps(dir.resolve("maps"), c.mapKiB() * 1024);
    List<DemoPeer> all = new ArrayList<>();
    try (AltoServer server = AltoServer.builder(ServiceConfig.of(dir.resolve("maps"), dir.resolve("alto-state"), SERVICE))
        .bind(DemoNetwork.host(0, 10)).pathPrefix("/alto/").start()) {
      TrustPolicy trust = TrustPolicy.forService(SERVICE.toString()).anchors(Pem.readCertificates(server.demoCa())).build();
      TorrentInfo torrent = makeContent(dir);
      int limit = c.uploadMiB() << 20;
      progress.status("ALTO server " + server.httpDirectory() + "; content " + c.contentMiB() + " MiB; " + altoPeers()
          + " ALTO and " + vanillaPeers() + " vanilla peers in " + c.pids() + " PIDs, layout " + c.layout().flag());
      DemoPeer seed = new DemoPeer("seed", DemoNetwork.host(c.layout().seederPid(), 1), c.layout().seederPid(),
          dir.resolve("seed"), torrent, limit, null,
          c.allVanilla() ? null : plugin(trust, server, dir.resolve("state/seed"), Duration.ofDays(1)), true);
      all.add(seed);
      int[] nextHost = new int[c.pids() + 1];
      java.util.Arrays.fill(nextHost, 2);
      int altoCount = 0;
      int vanillaCount = 0;
      for (DemoLayout.Slot s : c.layout().place(c.alto(), c.vanilla(), c.pids())) {
        boolean plugin = c.plugins() == Plugins.ALL || s.alto() && c.plugins() == Plugins.AS_PLACED;
        String name = plugin ? "alto-" + ++altoCount : "vanilla-" + ++vanillaCount;
        all.add(new DemoPeer(name, DemoNetwork.host(s.pid(), nextHost[s.pid()]++), s.pid(), dir.resolve("peers").resolve(name),
            torrent, limit, seed.listen,
            plugin ? plugin(trust, server, dir.resolve("state").resolve(name), Duration.ofSeconds(60)) : null, false));
      }
      // A DHT of a few loopback nodes forms slowly around its bootstrap node, which starts with an
      // empty routing table and so announces into the void; hand it its swarm's nodes at once.
      all.subList(1, all.size()).forEach(p -> seed.session.swig().add_dht_node(
          new org.libtorrent4j.swig.string_int_pair(p.listen.getAddress().getHostAddress(), p.listen.getPort())));
      if (seed.alto) {
        awaitLinks(all);
        seed.plugin.refreshFromServer();
      }
      return distribute(server, seed, all);
    } finally {
      closeAll(all);
    }
  }

  private int altoPeers() {
    return switch (c.plugins()) {
      case NONE -> 0;
      case ALL -> c.alto() + c.vanilla();
      case AS_PLACED -> c.alto();
    };
  }

  private int vanillaPeers() {
    return c.alto() + c.vanilla() - altoPeers();
  }

  /** Waits until every ALTO peer has an ar_alto link (or a minute has passed: the report will show). */
  private void awaitLinks(List<DemoPeer> all) throws InterruptedException {
    long deadline = System.nanoTime() + LINK_WAIT.toNanos();
    long linked = 0;
    long alto = all.stream().filter(p -> p.alto).count();
    while (System.nanoTime() < deadline && (linked = all.stream()
        .filter(p -> p.alto && p.plugin.stats().peersConnected() > 0).count()) < alto) {
      progress.update(linked + " of " + alto + " ALTO peers have found each other through the DHT");
      Thread.sleep(SAMPLE_MILLIS);
    }
    progress.status(linked + " of " + alto + " ALTO peers (the seeder too) found each other through the DHT;"
        + " the seeder now fetches the signed maps");
  }

  private DemoReport distribute(AltoServer server, DemoPeer seed, List<DemoPeer> all) throws Exception {
    long alto = all.stream().filter(p -> p.alto).count();
    Instant mapsPublished = null;
    boolean released = false;
    boolean seederLeft = false;
    long releaseBy = System.nanoTime() + MAPS_WAIT.toNanos();
    long deadline = System.nanoTime() + c.timeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (seed.alto && mapsPublished == null && (mapsPublished = seed.mapsInstalledAt()) != null) {
        progress.status("the seeder holds the signed maps, fetched from the ALTO server");
      }
      for (DemoPeer p : all) {
        p.sample(mapsPublished);
      }
      long maps = all.stream().filter(p -> p.alto && !Double.isNaN(p.mapsHeldAt)).count();
      long steered = all.stream().filter(p -> p.alto && p.plugin.steeredBy().isPresent()).count();
      if (!released && (steered == alto || System.nanoTime() > releaseBy)) {
        released = true;
        release(seed, all);
        progress.status("the seeder starts seeding the content" + (alto > 0 ? " (" + steered
            + " ALTO peers steer libtorrent by the maps)" : ""));
      }
      if (released && c.layout().seederLeaves() && !seederLeft && seed.fullCopiesAmongOthers() >= 1) {
        seederLeft = true;
        seed.leave();
        progress.status("one full copy exists among the other peers: the seeder leaves");
      }
      long done = all.stream().filter(p -> p == seed || !Double.isNaN(p.completedAt)).count();
      progress.update(alto == 0 ? String.format(Locale.ROOT, "content complete at %d/%d peers", done, all.size())
          : String.format(Locale.ROOT, "maps verified at %d/%d ALTO peers; content complete at %d/%d peers;"
              + " ALTO-server requests %d", maps, alto, done, all.size(), resourceRequests(server)));
      if (maps == alto && done == all.size()) {
        break;
      }
      Thread.sleep(SAMPLE_MILLIS);
    }
    progress.done();
    return report(server, seed, all);
  }

  /** Completion times count from now; the tracker's part follows: every peer learns the seeder. */
  private static void release(DemoPeer seed, List<DemoPeer> all) {
    long now = System.nanoTime();
    all.forEach(p -> p.countFrom(now));
    seed.release();
    all.subList(1, all.size()).forEach(p -> p.dial(seed.listen));
  }

  /** Closes every peer at once. */
  private static void closeAll(List<DemoPeer> all) throws InterruptedException {
    ExecutorService closing = Executors.newFixedThreadPool(Math.max(1, all.size()));
    all.forEach(p -> closing.execute(p::close));
    closing.shutdown();
    closing.awaitTermination(1, TimeUnit.MINUTES);
  }

  private DemoReport report(AltoServer server, DemoPeer seed, List<DemoPeer> all) {
    DemoNetwork net = new DemoNetwork(c.pids());
    List<String> names = net.pidNames();
    long[][] alto = new long[names.size()][names.size()];
    long[][] vanillaTraffic = new long[names.size()][names.size()];
    List<DemoReport.Peer> rows = new ArrayList<>();
    for (DemoPeer p : all) {
      long received = 0;
      long crossed = 0;
      if (p != seed) {
        long[][] m = p.alto ? alto : vanillaTraffic;
        int to = names.indexOf(DemoNetwork.pidName(p.pid));
        for (Map.Entry<String, Long> e : p.receivedByPid(net::pidOf).entrySet()) {
          int from = names.indexOf(e.getKey());
          if (from >= 0) {
            m[from][to] += e.getValue();
            received += e.getValue();
            crossed += from == to ? 0 : e.getValue();
          }
        }
      }
      rows.add(new DemoReport.Peer(p.name, DemoNetwork.pidName(p.pid), p.alto, p == seed, p.mapsHeldAt, p.mapsSource,
          p == seed ? 0 : p.completedAt, received, crossed));
    }
    long requests = resourceRequests(server);
    int resources = server.stats().resources().size();
    long altoNodes = all.stream().filter(p -> p.alto).count();
    String title = String.format(Locale.ROOT, "%d ALTO peers%s and %d vanilla peers in %d PIDs (layout %s), %d MiB of"
        + " content, every peer's upload limited to %d MiB/s" + (c.exemptLocal() ? " (ALTO peers' own PID exempt)" : ""),
        altoPeers(), altoNodes > altoPeers() ? " (and the seeder)" : "", vanillaPeers(), c.pids(), c.layout().flag(),
        c.contentMiB(), c.uploadMiB());
    return DemoReport.of(title, requests, altoNodes * resources, resources, rows, names, alto, vanillaTraffic);
  }

  /** Requests for map bodies (each also fetches a small signature, not counted). */
  private static long resourceRequests(AltoServer server) {
    return server.stats().resources().values().stream().mapToLong(r -> r.requests()).sum();
  }

  private TorrentInfo makeContent(Path dir) throws IOException {
    Path file = Files.createDirectories(dir.resolve("seed")).resolve("content.bin");
    Random rnd = new Random(1);
    byte[] block = new byte[1 << 20];
    try (OutputStream o = Files.newOutputStream(file)) {
      for (int i = 0; i < c.contentMiB(); i++) {
        rnd.nextBytes(block);
        o.write(block);
      }
    }
    Path torrent = dir.resolve("content.torrent");
    Files.write(torrent, new TorrentBuilder().path(file.toFile()).flags(TorrentBuilder.V1_ONLY).pieceSize(256 * 1024)
        .generate().entry().bencode());
    return new TorrentInfo(torrent.toFile());
  }

  private AltoPlugin plugin(TrustPolicy trust, AltoServer server, Path state, Duration fallback) {
    AltoPlugin.Builder b = AltoPlugin.builder().trust(trust).serverLocation(SERVICE.toString(), server.httpDirectory())
        .stateDir(state).fallbackDelay(fallback).randomFraction(c.remoteShare()).localPeersWithinLimits(!c.exemptLocal());
    if (c.blockAbove() != null) {
      b.costThreshold(c.blockAbove());
    }
    return b.build();
  }
}
