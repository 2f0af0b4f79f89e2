package org.altoredist.wire.endpoint;

import static org.altoredist.wire.endpoint.RecordingListener.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.altoredist.binding.Libtorrent4jNative;
import org.altoredist.binding.LoopbackSessions;
import org.altoredist.testing.Await;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.PeerStats;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libtorrent4j.AlertListener;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.TorrentFlags;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.alerts.Alert;
import org.libtorrent4j.alerts.AlertType;
import org.libtorrent4j.alerts.PeerAlert;
import org.libtorrent4j.alerts.PeerDisconnectedAlert;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.settings_pack;
import org.libtorrent4j.swig.tcp_endpoint;

/**
 * A real, vanilla libtorrent (libtorrent4j 2.0.6, no plugin) seeding a torrent on 127.0.2.1,
 * and our endpoint on 127.0.2.2 (PID 2), in both directions. The endpoint advertises ar_alto,
 * libtorrent does not, so nothing of the extension may reach libtorrent and neither side may
 * drop the other because of it.
 *
 * <p>How "libtorrent did not mind" is proved without waiting on a clock: libtorrent lists us
 * with the {@code v} of our extension handshake (it parsed it); then we half-close, so libtorrent
 * reads every byte we ever sent before it meets end of stream. Had anything we sent been
 * invalid, libtorrent would have disconnected with a protocol error first; instead its
 * disconnect alert must say end of stream, and no peer error alert may name us.
 */
class VanillaLibtorrentTest {

  private static final String LIBTORRENT_IP = "127.0.2.1";
  private static final String ENDPOINT_IP = "127.0.2.2";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  /**
   * What an alert said, copied out in the callback: libtorrent frees an alert's memory at the next
   * pop, so keeping the alert object itself would read freed native memory.
   */
  record Seen(AlertType type, String peerIp, String message, String error) {}

  /** The seed's content, deleted with the class (a directory per run was left in /tmp before). */
  @TempDir
  static Path dir;

  private static final BlockingQueue<Seen> alerts = new LinkedBlockingQueue<>();
  private static SessionManager session;
  private static TorrentHandle handle;
  private static TestTorrent torrent;
  private final RecordingListener listener = new RecordingListener();
  private WireEndpoint endpoint;

  /** One session for the class: starting and stopping native sessions repeatedly in one JVM is slow and fragile. */
  @BeforeAll
  static void startLibtorrentSeed() throws Exception {
    Libtorrent4jNative.ensureLoadable();
    torrent = TestTorrent.create(dir, "content.bin", HostilePeerTest.pattern(200_000));

    SettingsPack s = LoopbackSessions.settings(InetAddress.getByName(LIBTORRENT_IP), 0)
        // An outgoing libtorrent connection would try MSE first; the endpoint speaks plaintext only.
        .setInteger(settings_pack.int_types.out_enc_policy.swigValue(), settings_pack.enc_policy.pe_disabled.swigValue())
        .setInteger(settings_pack.int_types.alert_mask.swigValue(),
            Alert.ERROR_NOTIFICATION.or_(Alert.PEER_NOTIFICATION).or_(Alert.CONNECT_NOTIFICATION)
                .or_(Alert.STATUS_NOTIFICATION).to_int());
    session = new SessionManager(false);
    session.addListener(new AlertListener() {
      @Override
      public int[] types() {
        return null;
      }

      @Override
      public void alert(Alert<?> a) {
        String ip = a instanceof PeerAlert<?> p ? p.endpoint().address().toString() : null;
        String error = a instanceof PeerDisconnectedAlert d ? d.error().getMessage() : null;
        alerts.add(new Seen(a.type(), ip, a.message(), error));
      }
    });
    session.start(new SessionParams(s));
    session.download(new TorrentInfo(torrent.torrentFile), dir.toFile());
    // Seeding is not enough: libtorrent refuses incoming connections ("no active torrents") until
    // its auto manager has also resumed the torrent after the check.
    Await.until("libtorrent seeds the torrent", DEADLINE, () -> {
      TorrentHandle h = session.find(new TorrentInfo(torrent.torrentFile).infoHash());
      if (h != null && h.isValid() && h.status().isSeeding() && !h.status().flags().and_(TorrentFlags.PAUSED).non_zero()) {
        handle = h;
      }
      return handle != null && session.swig().listen_port() > 0;
    });
  }

  @BeforeEach
  void startEndpoint() throws Exception {
    alerts.clear();

    endpoint = WireEndpoint.open(new InetSocketAddress(ENDPOINT_IP, 0), WireConfig.defaults(), listener);
    endpoint.register(torrent.infoHash);
  }

  @AfterEach
  void stopEndpoint() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @AfterAll
  static void stopLibtorrent() {
    if (session != null) {
      session.stop();
    }
  }

  @Test
  void libtorrentDialsTheEndpointAndNeitherSideObjects() throws Exception {
    error_code ec = new error_code();
    handle.swig().connect_peer(new tcp_endpoint(address.from_string(ENDPOINT_IP, ec), endpoint.localAddress().getPort()));
    WirePeer peer = next(listener.connected);
    assertFalse(peer.outgoing());
    assertNeitherSideObjects(peer);
  }

  @Test
  void endpointDialsLibtorrentAndNeitherSideObjects() throws Exception {
    InetSocketAddress libtorrent = new InetSocketAddress(LIBTORRENT_IP, session.swig().listen_port());
    WirePeer peer = endpoint.dial(torrent.infoHash, libtorrent).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertTrue(peer.outgoing());
    assertNeitherSideObjects(peer);
  }

  private void assertNeitherSideObjects(WirePeer peer) throws Exception {
    // libtorrent's extension handshake arrived, was read, and has no ar_alto.
    assertEquals(peer, next(listener.extensionDisabled));
    assertTrue(peer.client().orElse("").startsWith("libtorrent"), peer.client().toString());
    Await.until("libtorrent lists us with our extension handshake's v", DEADLINE, () -> handle.peerInfo().stream()
        .anyMatch(p -> p.ip().contains("/" + ENDPOINT_IP + ":") && p.client().startsWith("altoredist")));

    ArAltoMessage inventory = new ArAltoMessage.Inventory(List.of(), List.of(BundleHash.compute(new byte[1])));
    assertEquals(SendOutcome.PEER_LACKS_EXTENSION, peer.send(inventory));
    PeerStats stats = peer.stats();
    assertTrue(stats.sent().isEmpty(), "no ar_alto message went to libtorrent: " + stats.sent());
    assertEquals(0, stats.count(PeerStats.Counter.UNREADABLE_HANDSHAKE));

    peer.disconnect();
    Seen gone = awaitAlert(AlertType.PEER_DISCONNECTED);
    assertTrue(gone.error().toLowerCase().contains("end of file"), gone.toString());
    assertEquals(DisconnectReason.CLOSED_LOCALLY, listener.awaitDisconnect(DisconnectReason.CLOSED_LOCALLY).reason());
    assertTrue(alerts.stream().noneMatch(a -> a.type() == AlertType.PEER_ERROR && ENDPOINT_IP.equals(a.peerIp())),
        "libtorrent reported a peer error: " + alerts);
  }

  private Seen awaitAlert(AlertType type) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < end) {
      Seen a = alerts.poll(100, TimeUnit.MILLISECONDS);
      if (a == null || !ENDPOINT_IP.equals(a.peerIp())) {
        continue;
      }
      if (a.type() == type) {
        return a;
      }
      if (a.type() == AlertType.PEER_ERROR) {
        throw new AssertionError("libtorrent reported a peer error: " + a);
      }
    }
    throw new AssertionError("no " + type + " within " + DEADLINE);
  }
}
