package org.altoredist.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.engine.HeldResource;
import org.libtorrent4j.AlertListener;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.TcpEndpoint;
import org.libtorrent4j.TorrentFlags;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.alerts.Alert;
import org.libtorrent4j.alerts.AlertType;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.ip_filter;
import org.libtorrent4j.swig.settings_pack;

/**
 * One peer of the demo swarm: a libtorrent4j session on its own 127.0.p.h with the DHT on (the
 * ALTO rendezvous needs it), the same upload limit as every other peer, and for ALTO peers the
 * plugin. It samples what it needs for the report: when it held the maps, when it completed, and
 * the content bytes it received from each PID.
 */
final class DemoPeer implements AutoCloseable {

  /** Alerts libtorrent may queue before dropping: a whole 64 MiB torrent's blocks and then some. */
  private static final int ALERT_QUEUE = 100_000;

  final String name;
  final InetAddress host;
  final int pid;
  final boolean alto;
  final SessionManager session;
  final TorrentHandle handle;
  final AltoPlugin plugin;
  final PeerTraffic traffic;
  /** Completion times count from here: the content's release (System.nanoTime()). */
  private volatile long origin;
  final InetSocketAddress listen;
  double mapsHeldAt = Double.NaN;
  String mapsSource;
  /** When libtorrent said the torrent finished (its alert, timed as it arrives, not at the next sample). */
  volatile double completedAt = Double.NaN;

  DemoPeer(String name, InetAddress host, int pid, Path saveDir, TorrentInfo torrent, int uploadLimit,
      InetSocketAddress dhtBootstrap, AltoPlugin plugin, boolean held) throws IOException {
    this.origin = System.nanoTime();
    this.name = name + "@" + host.getHostAddress();
    this.host = host;
    this.pid = pid;
    this.alto = plugin != null;
    this.plugin = plugin;
    int port = freePort(host);
    this.listen = new InetSocketAddress(host, port);
    SettingsPack s = SessionSettings.withLoopbackDht(SessionSettings.ownAddress(host, port),
        dhtBootstrap == null ? List.of() : List.of(dhtBootstrap))
        .setInteger(settings_pack.int_types.upload_rate_limit.swigValue(), uploadLimit)
        // One alert per 16 KiB block received: 4,096 for 64 MiB, which the default queue of 2,000 would drop.
        .setInteger(settings_pack.int_types.alert_queue_size.swigValue(), ALERT_QUEUE);
    session = new SessionManager(false);
    traffic = PeerTraffic.listen(session, torrent::pieceSize);
    session.addListener(new AlertListener() {
      @Override
      public int[] types() {
        return new int[] {AlertType.TORRENT_FINISHED.swig()};
      }

      @Override
      public void alert(Alert<?> a) {
        if (Double.isNaN(completedAt)) {
          completedAt = (System.nanoTime() - origin) / 1e9;
        }
      }
    });
    session.start(new SessionParams(s));
    // On the open internet no peer is local; libtorrent's default would put every 127/8 peer in its
    // unlimited local class. Everyone starts global only; the plugin then adds its own PID to the
    // local class too, still under the same upload limit.
    ip_filter all = new ip_filter();
    error_code ec = new error_code();
    all.add_rule(address.from_string("0.0.0.0", ec), address.from_string("255.255.255.255", ec), 1);
    session.swig().set_peer_class_filter(all);
    session.download(torrent, saveDir.toFile());
    handle = session.find(torrent.infoHash());
    if (held) {
      // Out of libtorrent's queueing too, or it would resume the torrent on its own.
      handle.unsetFlags(TorrentFlags.AUTO_MANAGED);
      handle.pause();
    }
    if (plugin != null) {
      plugin.attach(session);
    }
  }

  /** Completion times count from {@code nanoTime}, when the seeder starts seeding. */
  void countFrom(long nanoTime) {
    origin = nanoTime;
  }

  /** Starts seeding a torrent held back at construction. */
  void release() {
    handle.resume();
  }

  /** Stops serving the content: the seeder leaving the swarm. */
  void leave() {
    handle.pause();
  }

  /** Full copies of the content among the peers connected to this one (libtorrent's distributed copies). */
  int fullCopiesAmongOthers() {
    return handle.status(TorrentHandle.QUERY_DISTRIBUTED_COPIES).distributedFullCopies();
  }

  void dial(InetSocketAddress peer) {
    handle.swig().connect_peer(new TcpEndpoint(peer.getAddress().getHostAddress(), peer.getPort()).swig());
  }

  /**
   * When this peer came to hold every map it ranks with: the latest install among the versions it
   * holds, as the engine stamped it (so a sampler slowed by a loaded machine does not delay it).
   * Null while it cannot rank yet.
   */
  Instant mapsInstalledAt() {
    if (!alto || plugin.ranker().isEmpty()) {
      return null;
    }
    return plugin.held().stream().map(HeldResource::receivedAt).max(Instant::compareTo).orElse(null);
  }

  /** Notes when this peer held the maps, in seconds after {@code published}, the seeder's own time. */
  void sample(Instant published) {
    Instant at = published == null || !Double.isNaN(mapsHeldAt) ? null : mapsInstalledAt();
    if (at != null) {
      mapsHeldAt = Math.max(0, Duration.between(published, at).toNanos() / 1e9);
      mapsSource = plugin.held().stream().filter(h -> h.resourceId() != null && h.resourceId().endsWith("network-map"))
          .map(h -> h.source() == HeldResource.Source.PUBLISHED ? "seed" : h.source().name().toLowerCase(java.util.Locale.ROOT))
          .findFirst().orElse("peer");
    }
  }

  double progress() {
    return handle.status().progress();
  }

  Map<String, Long> receivedByPid(Function<InetAddress, String> pidOf) {
    return traffic.byPid(pidOf);
  }

  @Override
  public void close() {
    if (plugin != null) {
      plugin.close();
    }
    session.stop();
  }

  private static int freePort(InetAddress host) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(host, 0));
      return s.getLocalPort();
    }
  }
}
