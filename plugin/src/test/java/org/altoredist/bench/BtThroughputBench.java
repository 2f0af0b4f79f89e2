package org.altoredist.bench;

import bt.torrent.maker.TorrentBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.altoredist.binding.bt.AltoBt;
import org.altoredist.binding.bt.BtPeer;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;

/**
 * Bt's content throughput with the {@code ar_alto} extension on and off, side by side in one run:
 * a Bt seeder and a Bt leecher on loopback, both with {@link AltoBt} installed (the seeder holding
 * signed maps of 1 MiB, which the leecher fetches in-wire during the transfer) or both vanilla Bt,
 * runs alternating so that the machine's load bears on both alike. Throughput is the content's
 * size over the time from the leecher's first received block to its last piece verified, polled
 * every 5 ms.
 *
 * <pre>mvn -B -q -pl plugin -Pbench test -Dbench.main=org.altoredist.bench.BtThroughputBench -Dbench="10 128"</pre>
 * (runs per side, content MiB)
 */
public final class BtThroughputBench {

  private static final Duration DEADLINE = Duration.ofMinutes(5);

  private BtThroughputBench() {}

  public static void main(String[] args) throws Exception {
    String[] a = args.length == 1 ? args[0].trim().split("\\s+") : args;
    int runs = a.length > 0 && a[0].matches("\\d+") ? Integer.parseInt(a[0]) : 10;
    int mib = a.length > 1 ? Integer.parseInt(a[1]) : 128;
    Path dir = Files.createTempDirectory("bt-throughput");
    Path seed = Files.createDirectories(dir.resolve("seed"));
    Random rnd = new Random(11);
    byte[] block = new byte[1 << 20];
    try (var out = Files.newOutputStream(seed.resolve("content.bin"))) {
      for (int i = 0; i < mib; i++) {
        rnd.nextBytes(block);
        out.write(block);
      }
    }
    Path torrent = dir.resolve("content.torrent");
    Files.write(torrent, new TorrentBuilder().rootPath(seed).addFile(seed.resolve("content.bin")).build());
    SimulatedAltoServer server = new SimulatedAltoServer("https://alto.bench.example/directory", Clock.systemUTC(), 11);
    server.publish(MapMaker.make(4, 1 << 20, 1, 1), 1, Duration.ofHours(1), RedistributionScope.SERVICE);
    TrustPolicy trust = server.trustPolicy(Clock.systemUTC());
    List<Path> bundles = new ArrayList<>();
    for (String id : new String[] {null, MapMaker.NETWORK_MAP_ID, MapMaker.COST_MAP_ID}) {
      Path p = dir.resolve((id == null ? "ird" : id) + ".arsr");
      Files.write(p, server.bundle(id));
      bundles.add(p);
    }
    long bytes = (long) mib << 20;
    bt.metainfo.TorrentId id = new bt.metainfo.MetadataService().fromUrl(torrent.toUri().toURL()).getTorrentId();
    double[] on = new double[runs];
    double[] off = new double[runs];
    int mapsDuringTransfer = 0;
    for (int r = 0; r < 2 * runs; r++) {
      boolean alto = r % 2 == 0;
      double[] into = alto ? on : off;
      AltoBt seederAlto = null;
      AltoBt leecherAlto = null;
      if (alto) {
        AltoBt.Builder b = AltoBt.builder().trust(trust).noServerFallback();
        bundles.forEach(b::seed);
        seederAlto = b.build();
        leecherAlto = AltoBt.builder().trust(trust).noServerFallback().build();
      }
      Path leech = Files.createDirectories(dir.resolve("leech-" + r));
      try (BtPeer seeder = new BtPeer("127.0.1.1", torrent, seed, seederAlto);
          BtPeer leecher = new BtPeer("127.0.2.1", torrent, leech, leecherAlto)) {
        leecher.runtime.service(bt.net.IConnectionSource.class).getConnectionAsync(
            bt.net.InetPeer.build(seeder.address.getAddress(), seeder.address.getPort()), id);
        into[r / 2] = bytes / 1e6 / transferSeconds(leecher, id);
        if (alto && leecherAlto.held().size() == 3) {
          mapsDuringTransfer++;
        }
      }
      TempTree.delete(leech);
    }
    System.out.printf("%n%d MiB, %d runs each, alternating; load average %s%n%n", mib, runs,
        TransportPropagationBench.loadAverage());
    System.out.println("| Bt | median | p90 (slow tail) | worst | runs (MB/s) |");
    System.out.println("|---|---|---|---|---|");
    row("ar_alto off (vanilla Bt)", off);
    row("ar_alto on (maps exchanged in-wire)", on);
    System.out.printf("%non / off, medians: %.4f; runs whose leecher held the maps by completion: %d of %d%n",
        median(on) / median(off), mapsDuringTransfer, runs);
    // The seed's content is as large as the runs' transfers; nothing of it is worth keeping.
    TempTree.delete(dir);
    System.exit(0);
  }

  /** Seconds from the leecher's first downloaded byte to its last piece verified, as Bt's session state says. */
  private static double transferSeconds(BtPeer leecher, bt.metainfo.TorrentId id) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    long first = 0;
    bt.torrent.TorrentRegistry registry = leecher.runtime.service(bt.torrent.TorrentRegistry.class);
    while (true) {
      long now = System.nanoTime();
      var state = registry.getDescriptor(id).flatMap(d -> d.getSessionState()).orElse(null);
      if (state != null) {
        if (first == 0 && state.getDownloaded() > 0) {
          first = now;
        }
        if (first != 0 && state.getPiecesTotal() > 0 && state.getPiecesRemaining() == 0) {
          return (now - first) / 1e9;
        }
      }
      if (now > deadline) {
        throw new IllegalStateException("the transfer did not finish within " + DEADLINE);
      }
      Thread.sleep(5);
    }
  }

  private static void row(String name, double[] mbs) {
    double[] s = mbs.clone();
    Arrays.sort(s);
    // For throughput the tail is the slow end: p90 is the value 90 % of runs beat.
    System.out.printf("| %s | %.1f MB/s | %.1f MB/s | %.1f MB/s | %s |%n", name, median(mbs),
        s[Math.max(0, (int) Math.floor(0.1 * s.length))], s[0], Arrays.toString(Arrays.stream(mbs)
            .map(v -> Math.round(v * 10) / 10.0).toArray()));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
