package org.altoredist.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.binding.Libtorrent4jNative;
import org.altoredist.engine.HeldResource;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.TorrentBuilder;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seed}: content and signed ALTO maps, served side by side until stopped. */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = {
        "Seed content and the signed ALTO maps that go with it.",
        "libtorrent seeds the torrent; the plugin holds the signed maps (--maps files, or fetched from the ALTO"
            + " server) and passes them to the swarm's ALTO peers.",
        "Runs until stopped (Ctrl-C or SIGTERM), printing a status line every few seconds.",
        "Exit codes: 0 stopped, 1 nothing to seed (no maps verified), 2 usage or I/O error."})
final class SeedCommand implements Callable<Integer> {

  /** Seconds between status lines. */
  private static final int STATUS_EVERY_SECONDS = 5;

  @Spec
  CommandSpec spec;

  @Option(names = "--content", required = true, paramLabel = "PATH", description = "The file (or directory) to seed.")
  Path content;

  @Option(names = "--torrent", required = true, paramLabel = "FILE", description = "Its .torrent file.")
  Path torrent;

  @Option(names = "--make-torrent", description = "Write --torrent from --content first (v1, 256 KiB pieces).")
  boolean makeTorrent;

  @Option(names = "--tracker", paramLabel = "URL", description = "With --make-torrent: an announce URL; repeatable.")
  List<String> trackers = new ArrayList<>();

  @Option(names = "--maps", paramLabel = "BUNDLE", description = "A signed resource bundle to seed; repeatable.")
  List<Path> maps = new ArrayList<>();

  @Mixin
  SessionOptions session;

  @Option(names = "--refresh-every", paramLabel = "DURATION",
      description = "Ask the ALTO server for newer versions of the maps this often (ISO 8601, e.g. PT10M; default: "
          + "only at start), so that a version the operator publishes reaches the swarm without a restart.")
  Duration refreshEvery;

  @Mixin
  AltoOptions alto;

  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (session.engine == SessionOptions.Engine.bt) {
      return seedWithBt(out);
    }
    Libtorrent4jNative.ensureLoadable();
    if (makeTorrent) {
      TorrentBuilder tb = new TorrentBuilder().path(content.toFile()).flags(TorrentBuilder.V1_ONLY).pieceSize(256 * 1024);
      trackers.forEach(tb::addTracker);
      Files.write(torrent, tb.generate().entry().bencode());
    }
    AltoPlugin.Builder b = alto.plugin(session);
    if (refreshEvery != null) {
      b.refreshFromServerEvery(refreshEvery);
    }
    maps.forEach(b::seed);
    AltoPlugin plugin = b.build();
    SessionManager s = session.start();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndWait, "altoredist-seed-stop"));
    try (plugin) {
      TorrentInfo ti = new TorrentInfo(torrent.toFile());
      File saveDir = content.toAbsolutePath().getParent().toFile();
      s.download(ti, saveDir);
      TorrentHandle h = s.find(ti.infoHash());
      plugin.attach(s);
      if (maps.isEmpty()) {
        plugin.refreshFromServer();
      }
      session.dialPeers(h);
      out.printf("seeding %s (%s) on %s, ar_alto endpoint %s%n", ti.name(), ti.infoHash().toHex(), session.listen,
          plugin.endpoint());
      out.flush();
      while (!stop.await(STATUS_EVERY_SECONDS, TimeUnit.SECONDS)) {
        List<HeldResource> held = plugin.held();
        out.printf("peers %d, uploaded %d bytes, maps held %d, map pieces served %d%n", h.status().numPeers(),
            h.status().allTimeUpload(), held.size(), plugin.stats().piecesServed());
        out.flush();
      }
      return plugin.held().isEmpty() ? Main.EXIT_REFUSED : Main.EXIT_OK;
    } finally {
      s.stop();
      stopped.countDown();
    }
  }

  /** The same with Bt: ar_alto in-wire on Bt's content connections. */
  private int seedWithBt(PrintWriter out) throws Exception {
    if (makeTorrent) {
      bt.torrent.maker.TorrentBuilder tb = new bt.torrent.maker.TorrentBuilder()
          .rootPath(content.toAbsolutePath().getParent()).addFile(content.toAbsolutePath()).pieceSize(256 * 1024);
      if (!trackers.isEmpty()) {
        tb.announce(trackers.get(0));
      }
      Files.write(torrent, tb.build());
    }
    var b = alto.bt();
    if (refreshEvery != null) {
      b.refreshFromServerEvery(refreshEvery);
    }
    maps.forEach(b::seed);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndWait, "altoredist-seed-stop"));
    try (BtRun run = new BtRun(session, b.build(), content.toAbsolutePath().getParent(), torrent.toString())) {
      if (maps.isEmpty()) {
        run.alto.refreshFromServer();
      }
      out.printf("seeding %s with Bt on %s, ar_alto in-wire%n", run.name.get(), run.listen());
      out.flush();
      while (!stop.await(STATUS_EVERY_SECONDS, TimeUnit.SECONDS)) {
        out.printf("peers %d, uploaded %d bytes, maps held %d, map pieces served %d%n", run.peers(), run.uploaded(),
            run.alto.held().size(), run.alto.stats().piecesServed());
        out.flush();
      }
      return run.alto.held().isEmpty() ? Main.EXIT_REFUSED : Main.EXIT_OK;
    } finally {
      stopped.countDown();
    }
  }

  /** On SIGTERM or Ctrl-C: let the main thread close the plugin and the session before the JVM ends. */
  private void stopAndWait() {
    stop.countDown();
    try {
      stopped.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
