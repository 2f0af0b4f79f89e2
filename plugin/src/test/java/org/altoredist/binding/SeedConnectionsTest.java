package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.altoredist.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libtorrent4j.AlertListener;
import org.libtorrent4j.Priority;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.alerts.Alert;
import org.libtorrent4j.alerts.AlertType;
import org.libtorrent4j.alerts.PeerDisconnectedAlert;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.peer_info;
import org.libtorrent4j.swig.settings_pack;
import org.libtorrent4j.swig.tcp_endpoint;

/**
 * Real libtorrent sessions meet the drop {@link SeedConnections} prevents. The "upload-only"
 * session wants none of the torrent (every file at priority 0), so libtorrent counts it finished
 * and says it is upload-only; a downloader it can serve nothing drops it as an "uninteresting
 * upload-only peer", the check that drops a PID's gateway at its completion. While
 * {@link SeedConnections} keeps such peers, the downloader stays connected; once it hands the
 * session its own setting back, the next such peer is dropped as before.
 */
class SeedConnectionsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void whileKeptAnUploadOnlyPeerStaysConnectedAndAfterwardsLibtorrentDropsItAgain() throws Exception {
    Libtorrent4jNative.ensureLoadable();
    TorrentInfo torrent = LoopbackSessions.torrent(dir, 256 * 1024, 12);
    List<String> disconnects = new CopyOnWriteArrayList<>();
    SessionManager downloader = LoopbackSessions.start(LoopbackSessions.settings(InetAddress.getByName("127.0.7.2"), 0));
    SessionManager kept = uploadOnly("127.0.7.1", torrent);
    SessionManager dropped = uploadOnly("127.0.7.3", torrent);
    try {
      downloader.addListener(recorder(disconnects));
      downloader.download(torrent, Files.createDirectories(dir.resolve("downloader")).toFile());
      TorrentHandle down = downloader.find(torrent.infoHash());
      SeedConnections seeds = new SeedConnections(downloader);

      seeds.keep(true);
      assertFalse(downloader.swig().get_settings().get_bool(settings_pack.bool_types.close_redundant_connections.swigValue()));
      dial(down, "127.0.7.1", kept.swig().listen_port());
      // Past the handshake, the peer listed as upload-only: libtorrent's redundancy check has had
      // its moment (the flag arrives with the extension handshake, after the bitfield).
      Await.until("the downloader holds the upload-only peer past its handshake", DEADLINE,
          () -> uploadOnly(down, "127.0.7.1"));
      seeds.keep(false);
      assertTrue(downloader.swig().get_settings().get_bool(settings_pack.bool_types.close_redundant_connections.swigValue()),
          "the session's own setting is back");
      dial(down, "127.0.7.3", dropped.swig().listen_port());
      Await.until("libtorrent drops the next upload-only peer", DEADLINE,
          () -> disconnects.stream().anyMatch(d -> d.startsWith("127.0.7.3 ") && d.contains("upload-only")));
      assertTrue(uploadOnly(down, "127.0.7.1"), "the peer connected while kept is still connected: " + disconnects);
      // A second link between the same two sessions may close as a duplicate; none closes as redundant.
      assertTrue(disconnects.stream().noneMatch(d -> d.startsWith("127.0.7.1 ") && d.contains("upload-only")),
          disconnects.toString());
    } finally {
      for (SessionManager s : List.of(downloader, kept, dropped)) {
        s.stop();
      }
    }
  }

  /** A session holding {@code torrent} with every file at priority 0: finished, with nothing. */
  private SessionManager uploadOnly(String host, TorrentInfo torrent) throws Exception {
    SessionManager s = LoopbackSessions.start(LoopbackSessions.settings(InetAddress.getByName(host), 0));
    s.download(torrent, Files.createDirectories(dir.resolve(host)).toFile());
    TorrentHandle h = s.find(torrent.infoHash());
    Priority[] none = new Priority[torrent.numFiles()];
    Arrays.fill(none, Priority.IGNORE);
    h.prioritizeFiles(none);
    Await.until(host + " listens and counts the torrent finished", DEADLINE,
        () -> s.swig().listen_port() > 0 && h.status().isFinished());
    return s;
  }

  /** Whether {@code ip} is connected, past its handshake, and listed as upload-only. */
  private static boolean uploadOnly(TorrentHandle h, String ip) {
    long uploadOnly = peer_info.upload_only.to_int();
    long forming = peer_info.connecting.to_int() | peer_info.handshake.to_int();
    return h.peerInfo().stream().anyMatch(p -> {
      InetSocketAddress a = LibtorrentEndpoints.parse(p.ip());
      return a != null && a.getAddress().getHostAddress().equals(ip) && (p.flags() & forming) == 0
          && (p.flags() & uploadOnly) != 0;
    });
  }

  private static void dial(TorrentHandle h, String ip, int port) {
    h.swig().connect_peer(new tcp_endpoint(address.from_string(ip, new error_code()), port));
  }

  private static AlertListener recorder(List<String> into) {
    return new AlertListener() {
      @Override
      public int[] types() {
        return new int[] {AlertType.PEER_DISCONNECTED.swig()};
      }

      @Override
      public void alert(Alert<?> a) {
        PeerDisconnectedAlert d = (PeerDisconnectedAlert) a;
        into.add(d.endpoint().address() + " " + d.operation() + ": " + d.error().getMessage());
      }
    };
  }

}
