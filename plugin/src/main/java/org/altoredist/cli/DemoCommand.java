package org.altoredist.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.binding.Libtorrent4jNative;
import org.altoredist.cli.report.DemoReport;
import org.altoredist.cli.report.HtmlReport;
import org.altoredist.cli.report.TextReport;
import org.altoredist.engine.Ranker;
import org.altoredist.http.AltoServer;
import org.altoredist.http.ServiceConfig;
import org.altoredist.trust.Pem;
import org.altoredist.trust.TrustPolicy;
import org.libtorrent4j.TorrentBuilder;
import org.libtorrent4j.TorrentInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the whole system in one command, on embedded defaults, with a report. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Run an ALTO-redistributing swarm on this machine's loopback and report what it did: a signing ALTO",
        "server with a demo PKI, a seeder that fetches the signed maps once, ALTO-enabled libtorrent peers that",
        "get them from each other (DHT rendezvous) and prefer nearby peers, and vanilla libtorrent peers for",
        "comparison, all with the same upload limit. Ends with a report here and as an HTML page with charts.",
        "Everything lives in a temporary directory. Exit codes: 0 every peer completed, 1 not in time, 2 usage."})
final class DemoCommand implements Callable<Integer> {

  private static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");
  /** How often progress and traffic are read; the report's timings have this resolution. */
  private static final long SAMPLE_MILLIS = 100;
  /** How long the ALTO peers may take to find each other before the seeder publishes anyway. */
  private static final Duration LINK_WAIT = Duration.ofMinutes(1);
  /** How long the maps may take to spread before the content is released anyway. */
  private static final Duration MAPS_WAIT = Duration.ofSeconds(30);

  @Spec
  CommandSpec spec;

  @Option(names = "--peers", defaultValue = "12", description = "ALTO-enabled peers (default ${DEFAULT-VALUE}).")
  int peers;

  @Option(names = "--vanilla", defaultValue = "4", description = "Vanilla libtorrent peers (default ${DEFAULT-VALUE}).")
  int vanilla;

  @Option(names = "--pids", defaultValue = "4", description = "PIDs of the loopback ISP (default ${DEFAULT-VALUE}).")
  int pids;

  @Option(names = "--content-size", defaultValue = "16", paramLabel = "MiB",
      description = "Content size in MiB (default ${DEFAULT-VALUE}).")
  int contentMiB;

  @Option(names = "--upload-limit", defaultValue = "4", paramLabel = "MiB/s",
      description = "Every peer's upload limit, MiB/s (default ${DEFAULT-VALUE}).")
  int uploadMiB;

  @Option(names = "--map-size", defaultValue = "0", paramLabel = "KiB",
      description = "Grow the network map to about this size, as an ISP's would be (default: a few hundred bytes).")
  int mapKiB;

  @Option(names = "--block-above", paramLabel = "COST",
      description = "ALTO peers block peers costlier than this, except a share of them (--remote-share) and"
          + " whatever a starving download needs (default, the plugin's: every PID costlier than their own;"
          + " NaN: block none, steer connections and peer classes only).")
  Double blockAbove;

  @Option(names = "--exempt-local", description = {"ALTO peers exempt their own PID from the upload limit (the"
      + " plugin's default, as libtorrent exempts LAN peers). Off here, so that every peer has the same limit on all"
      + " its traffic; same-PID peers are then unchoked regardless of slots and weigh double within it."})
  boolean exemptLocal;

  @Option(names = "--remote-share", defaultValue = "0.1", paramLabel = "FRACTION",
      description = "Share of connections ALTO peers choose regardless of cost (default ${DEFAULT-VALUE}).")
  double remoteShare;

  @Option(names = "--timeout", defaultValue = "PT10M", description = "Give up after this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to work and write report.html (default: a temporary directory).")
  Path out;

  @Option(names = "--json", description = "Print the report as JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    if (peers < 1 || vanilla < 0 || contentMiB < 1 || uploadMiB < 1 || !(remoteShare >= 0 && remoteShare <= 1)) {
      w.println("--peers, --content-size and --upload-limit must be at least 1, --vanilla at least 0,"
          + " --remote-share within [0, 1]");
      return Main.EXIT_USAGE;
    }
    Libtorrent4jNative.ensureLoadable();
    DemoNetwork net = new DemoNetwork(pids);
    Path dir = out != null ? Files.createDirectories(out) : Files.createTempDirectory("altoredist-demo");
    net.writeMaps(dir.resolve("maps"), mapKiB * 1024);
    long start = System.nanoTime();
    List<DemoPeer> all = new ArrayList<>();
    try (AltoServer server = AltoServer.builder(ServiceConfig.of(dir.resolve("maps"), dir.resolve("alto-state"), SERVICE))
        .bind(DemoNetwork.host(0, 10)).pathPrefix("/alto/").start()) {
      TrustPolicy trust = TrustPolicy.forService(SERVICE.toString()).anchors(Pem.readCertificates(server.demoCa())).build();
      TorrentInfo torrent = makeContent(dir);
      int limit = uploadMiB << 20;
      status(w, start, "ALTO server " + server.httpDirectory() + "; content " + contentMiB + " MiB; " + peers
          + " ALTO peers and " + vanilla + " vanilla peers in " + pids + " PIDs");
      // The seeder holds back its content and its maps until the swarm has formed, so that what the
      // report times is the maps' propagation and the content's distribution, not the peers' start-up.
      DemoPeer seed = new DemoPeer("seed", DemoNetwork.host(1, 1), 1, dir.resolve("seed"), torrent, limit, null,
          plugin(trust, server, dir.resolve("state/seed"), Duration.ofDays(1)), true);
      all.add(seed);
      for (int i = 0; i < peers + vanilla; i++) {
        boolean alto = i < peers;
        int k = alto ? i : i - peers;
        int pid = net.pidOfPeer(k);
        int h = (alto ? 2 : 100) + k / pids;
        String name = (alto ? "alto-" : "vanilla-") + (k + 1);
        all.add(new DemoPeer(name, DemoNetwork.host(pid, h), pid, dir.resolve("peers").resolve(name), torrent, limit,
            seed.listen, alto ? plugin(trust, server, dir.resolve("state").resolve(name), Duration.ofSeconds(60)) : null,
            false));
      }
      // A DHT of a few loopback nodes forms slowly around its bootstrap node, which starts with an
      // empty routing table and so announces into the void; hand it its swarm's nodes at once.
      all.subList(1, all.size()).forEach(p -> seed.session.swig().add_dht_node(
          new org.libtorrent4j.swig.string_int_pair(p.listen.getAddress().getHostAddress(), p.listen.getPort())));
      awaitLinks(w, start, all);
      seed.plugin.refreshFromServer();
      return run(w, server, seed, all, start, dir);
    } finally {
      closeAll(all);
    }
  }

  /** Waits until every ALTO peer has an ar_alto link (or a minute has passed: the report will show). */
  private static void awaitLinks(PrintWriter w, long start, List<DemoPeer> all) throws InterruptedException {
    long deadline = System.nanoTime() + LINK_WAIT.toNanos();
    long linked = 0;
    long alto = all.stream().filter(p -> p.alto).count();
    while (System.nanoTime() < deadline && (linked = all.stream()
        .filter(p -> p.alto && p.plugin.stats().peersConnected() > 0).count()) < alto) {
      Thread.sleep(SAMPLE_MILLIS);
    }
    status(w, start, linked + " of " + alto + " ALTO peers (the seeder too) found each other through the DHT;"
        + " the seeder now fetches the signed maps");
  }

  private int run(PrintWriter w, AltoServer server, DemoPeer seed, List<DemoPeer> all, long start, Path dir)
      throws Exception {
    Instant mapsPublished = null;
    double lastStatus = 0;
    boolean released = false;
    long releaseBy = System.nanoTime() + MAPS_WAIT.toNanos();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      double now = (System.nanoTime() - start) / 1e9;
      if (mapsPublished == null && (mapsPublished = seed.mapsInstalledAt()) != null) {
        status(w, start, "the seeder holds the signed maps, fetched from the ALTO server");
      }
      for (DemoPeer p : all) {
        p.sample(mapsPublished);
      }
      long maps = all.stream().filter(p -> p.alto && !Double.isNaN(p.mapsHeldAt)).count();
      long steered = all.stream().filter(p -> p.alto && p.plugin.steeredBy().isPresent()).count();
      if (!released && (steered == peers + 1 || System.nanoTime() > releaseBy)) {
        released = true;
        release(seed, all);
        status(w, start, "the seeder starts seeding the content (" + steered + " ALTO peers steer libtorrent by the maps)");
      }
      long done = all.stream().filter(p -> p == seed || !Double.isNaN(p.completedAt)).count();
      if (now - lastStatus >= 1) {
        lastStatus = now;
        status(w, start, String.format(Locale.ROOT, "maps verified at %d/%d ALTO peers; content complete at %d/%d peers;"
            + " ALTO-server requests %d", maps, peers + 1, done, all.size(), resourceRequests(server)));
      }
      if (maps == peers + 1 && done == all.size()) {
        break;
      }
      Thread.sleep(SAMPLE_MILLIS);
    }
    DemoReport report = report(server, seed, all);
    Path html = dir.resolve("report.html");
    Files.writeString(html, HtmlReport.render(report));
    if (json) {
      ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      w.println(m.writeValueAsString(report));
    } else {
      w.println();
      w.print(TextReport.render(report));
    }
    w.println("\nreport: " + html.toAbsolutePath());
    w.flush();
    boolean complete = all.stream().allMatch(p -> p == seed || !Double.isNaN(p.completedAt));
    return complete ? Main.EXIT_OK : Main.EXIT_REFUSED;
  }

  /** Completion times count from now; the tracker's part follows: every peer learns the seeder. */
  private static void release(DemoPeer seed, List<DemoPeer> all) {
    long now = System.nanoTime();
    all.forEach(p -> p.countFrom(now));
    seed.release();
    all.subList(1, all.size()).forEach(p -> p.dial(seed.listen));
  }

  /** Closes every peer at once: each may wait out a DHT lookup of its plugin's steering. */
  private static void closeAll(List<DemoPeer> all) throws InterruptedException {
    ExecutorService closing = Executors.newFixedThreadPool(Math.max(1, all.size()));
    all.forEach(p -> closing.execute(p::close));
    closing.shutdown();
    closing.awaitTermination(1, TimeUnit.MINUTES);
  }

  private DemoReport report(AltoServer server, DemoPeer seed, List<DemoPeer> all) {
    Ranker ranker = seed.plugin.engine().ranker().orElse(null);
    List<String> names = new DemoNetwork(pids).pidNames();
    long[][] alto = new long[names.size()][names.size()];
    long[][] vanillaTraffic = new long[names.size()][names.size()];
    List<DemoReport.Peer> rows = new ArrayList<>();
    for (DemoPeer p : all) {
      rows.add(new DemoReport.Peer(p.name, DemoNetwork.pidName(p.pid), p.alto, p == seed, p.mapsHeldAt, p.mapsSource,
          p == seed ? 0 : p.completedAt));
      if (p == seed || ranker == null) {
        continue;
      }
      long[][] m = p.alto ? alto : vanillaTraffic;
      int to = names.indexOf(DemoNetwork.pidName(p.pid));
      for (Map.Entry<String, Long> e : p.receivedByPid(ranker::pidOf).entrySet()) {
        int from = names.indexOf(e.getKey());
        if (from >= 0) {
          m[from][to] += e.getValue();
        }
      }
    }
    long requests = resourceRequests(server);
    int resources = server.stats().resources().size();
    String title = String.format(Locale.ROOT, "%d ALTO peers (and the seeder) and %d vanilla peers in %d PIDs, %d MiB of"
        + " content, every peer's upload limited to %d MiB/s" + (exemptLocal ? " (ALTO peers' own PID exempt)" : ""), peers, vanilla, pids, contentMiB, uploadMiB);
    return new DemoReport(title, requests, (long) (peers + 1) * resources, resources, rows, names, alto, vanillaTraffic);
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
      for (int i = 0; i < contentMiB; i++) {
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
        .stateDir(state).fallbackDelay(fallback).randomFraction(remoteShare).localPeersWithinLimits(!exemptLocal);
    if (blockAbove != null) {
      b.costThreshold(blockAbove);
    }
    return b.build();
  }

  private static void status(PrintWriter w, long start, String what) {
    w.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - start) / 1e9, what);
    w.flush();
  }
}
