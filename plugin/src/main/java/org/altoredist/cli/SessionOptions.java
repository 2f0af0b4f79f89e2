package org.altoredist.cli;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.TcpEndpoint;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.swig.settings_pack;
import picocli.CommandLine.Option;

/** The libtorrent session of {@code seed} and {@code fetch}: where it listens, its DHT, peers to dial. */
final class SessionOptions {

  @Option(names = "--listen", paramLabel = "IP:PORT", defaultValue = "127.0.0.1:6881",
      description = "Where the BitTorrent session listens (a specific address: the plugin's endpoint binds it"
          + " too); port 0 picks one. Default: ${DEFAULT-VALUE}.")
  String listen;

  @Option(names = "--dht-bootstrap", paramLabel = "HOST:PORT",
      description = "A DHT node to bootstrap from; repeatable. Default: libtorrent's public bootstrap nodes.")
  List<String> dhtBootstrap = new ArrayList<>();

  @Option(names = "--no-dht", description = "Run without the DHT (then the ALTO rendezvous needs the"
      + " torrent's trackers or --alto-peer).")
  boolean noDht;

  @Option(names = "--peer", paramLabel = "HOST:PORT", description = "A BitTorrent peer to dial, as a tracker would"
      + " name it; repeatable.")
  List<String> peers = new ArrayList<>();

  /** The BitTorrent engine {@code seed} and {@code fetch} run. */
  enum Engine { libtorrent4j, bt }

  @Option(names = "--engine", paramLabel = "NAME", defaultValue = "libtorrent4j",
      description = "The BitTorrent engine: libtorrent4j (ar_alto on the plugin's own endpoint) or bt (ar_alto"
          + " in-wire on Bt's content connections, without MSE). Default: ${DEFAULT-VALUE}.")
  Engine engine;

  @Option(names = "--upload-limit", paramLabel = "BYTES/S", defaultValue = "0",
      description = "Upload limit of libtorrent's global peer class (0: none); same-PID peers are exempt.")
  int uploadLimit;

  InetSocketAddress listenAddress() {
    return parse(listen);
  }

  List<InetSocketAddress> peerAddresses() {
    return peers.stream().map(SessionOptions::parse).toList();
  }

  /** Has the torrent dial every --peer. */
  void dialPeers(TorrentHandle h) {
    for (InetSocketAddress p : peerAddresses()) {
      h.swig().connect_peer(new TcpEndpoint(p.getAddress().getHostAddress(), p.getPort()).swig());
    }
  }

  /** Starts the session. Loopback addresses get the settings libtorrent needs on one machine. */
  SessionManager start() {
    InetSocketAddress at = listenAddress();
    boolean loopback = at.getAddress().isLoopbackAddress();
    SettingsPack s = SessionSettings.loopbackDhtNodes(SessionSettings.at(at.getAddress(), at.getPort()), loopback)
        .setBoolean(settings_pack.bool_types.enable_dht.swigValue(), !noDht)
        .setBoolean(settings_pack.bool_types.allow_multiple_connections_per_ip.swigValue(), loopback)
        .setInteger(settings_pack.int_types.upload_rate_limit.swigValue(), uploadLimit);
    if (!dhtBootstrap.isEmpty()) {
      s.setString(settings_pack.string_types.dht_bootstrap_nodes.swigValue(), String.join(",", dhtBootstrap));
    }
    SessionManager session = new SessionManager(false);
    session.start(new SessionParams(s));
    return session;
  }

  static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected HOST:PORT, got " + hostPort);
    }
    return new InetSocketAddress(hostPort.substring(0, colon).replace("[", "").replace("]", ""),
        Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
