package org.altoredist.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.Ranker;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.Sha1Hash;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.TorrentStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fetch}: download a torrent as an ALTO-enabled client, and say where everything came from. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
        "Download a torrent as an ALTO-enabled client.",
        "The torrent: a .torrent file or a magnet link.",
        "The plugin gets signed maps from the swarm's ALTO peers (or, failing them, from the ALTO server),"
            + " verifies them and steers"
            + " the download with them.",
        "Shows progress, then a summary: content, maps held and where each came from, ALTO-server requests made,"
            + " bytes exchanged per PID.",
        "Exit codes: 0 complete, 1 not complete within --timeout, 2 usage or I/O error."})
final class FetchCommand implements Callable<Integer> {

  /** How often progress and per-peer totals are read; a connection shorter than this goes uncounted. */
  private static final long POLL_MILLIS = 200;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TORRENT", description = "A .torrent file or a magnet: link.")
  String torrent;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to save the content.")
  Path out;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30M",
      description = "Give up after this long (ISO 8601; default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--maps-grace", paramLabel = "DURATION", defaultValue = "PT30S",
      description = "After the content completes, how long to wait for the maps still missing (default ${DEFAULT-VALUE}).")
  Duration mapsGrace;

  @Mixin
  SessionOptions session;

  @Mixin
  AltoOptions alto;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    Files.createDirectories(out);
    if (session.engine == SessionOptions.Engine.bt) {
      return fetchWithBt(w);
    }
    AltoPlugin plugin = alto.plugin(session).build();
    SessionManager s = session.start();
    long start = System.nanoTime();
    try (plugin) {
      plugin.attach(s);
      TorrentHandle[] added = new TorrentHandle[1];
      // Blocks arrive only after add() returned: connections need the torrent added first.
      PeerTraffic traffic = PeerTraffic.listen(s, piece -> added[0].torrentFile().pieceSize(piece));
      TorrentHandle h = add(s);
      added[0] = h;
      session.dialPeers(h);
      ProgressBar bar = new ProgressBar(w, System.console() != null);
      long deadline = start + timeout.toNanos();
      long completedAt = 0;
      while (System.nanoTime() < deadline) {
        bar.show(h.status(), plugin.held().size());
        if (complete(h)) {
          completedAt = completedAt == 0 ? System.nanoTime() : completedAt;
          // Small torrents can finish before the maps arrive; the summary reports both.
          if (plugin.ranker().isPresent() || System.nanoTime() - completedAt > mapsGrace.toNanos()) {
            break;
          }
        }
        Thread.sleep(POLL_MILLIS);
      }
      bar.done();
      boolean done = complete(h);
      summary(w, h, plugin, traffic, (System.nanoTime() - start) / 1e9, done);
      return done ? Main.EXIT_OK : Main.EXIT_REFUSED;
    } finally {
      s.stop();
    }
  }

  /** The same with Bt: ar_alto in-wire on Bt's content connections. */
  private int fetchWithBt(PrintWriter w) throws Exception {
    long start = System.nanoTime();
    try (BtRun run = new BtRun(session, alto.bt().build(), out, torrent)) {
      long deadline = start + timeout.toNanos();
      long completedAt = 0;
      while (System.nanoTime() < deadline) {
        if (run.complete()) {
          completedAt = completedAt == 0 ? System.nanoTime() : completedAt;
          if (run.alto.ranker().isPresent() || System.nanoTime() - completedAt > mapsGrace.toNanos()) {
            break;
          }
        }
        Thread.sleep(POLL_MILLIS);
      }
      boolean done = run.complete();
      run.summary(w, (System.nanoTime() - start) / 1e9, done);
      return done ? Main.EXIT_OK : Main.EXIT_REFUSED;
    }
  }

  private TorrentHandle add(SessionManager s) throws Exception {
    if (torrent.startsWith("magnet:")) {
      s.download(torrent, out.toFile(), null);
      Sha1Hash hash = Sha1Hash.parseHex(torrent.replaceFirst("(?s).*xt=urn:btih:([0-9A-Fa-f]{40}).*", "$1"));
      return s.find(hash);
    }
    TorrentInfo ti = new TorrentInfo(Path.of(torrent).toFile());
    s.download(ti, out.toFile());
    return s.find(ti.infoHash());
  }

  private static boolean complete(TorrentHandle h) {
    TorrentStatus st = h.status();
    return st.hasMetadata() && st.isFinished();
  }

  private static void summary(PrintWriter w, TorrentHandle h, AltoPlugin plugin, PeerTraffic traffic, double seconds,
      boolean done) {
    TorrentStatus st = h.status();
    w.printf("%s: %s, %d of %d bytes in %.1f s%n", h.getName(), done ? "complete" : "NOT complete", st.totalDone(),
        st.totalWanted(), seconds);
    for (HeldResource r : plugin.held()) {
      w.printf("  map %s sequence %d from %s%n", r.resourceId() == null ? "(IRD)" : r.resourceId(), r.sequence(),
          r.source().name().toLowerCase(java.util.Locale.ROOT));
    }
    w.printf("  ALTO-server requests made: %d%n", plugin.stats().serverRequests());
    Ranker ranker = plugin.ranker().orElse(null);
    if (ranker != null) {
      w.printf("  this client is in %s%n", ranker.selfPid());
    }
    for (Map.Entry<String, Long> e : traffic.byPid(a -> ranker == null ? null : ranker.pidOf(a)).entrySet()) {
      w.printf("  %-16s received %12d bytes%n", e.getKey(), e.getValue());
    }
    w.flush();
  }
}
