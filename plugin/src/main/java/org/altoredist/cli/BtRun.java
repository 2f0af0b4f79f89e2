package org.altoredist.cli;

import bt.Bt;
import bt.data.file.FileSystemStorage;
import bt.dht.DHTConfig;
import bt.dht.DHTModule;
import bt.module.ServiceModule;
import bt.net.InetPeer;
import bt.net.InetPeerAddress;
import bt.net.Peer;
import bt.peer.PeerSource;
import bt.protocol.Piece;
import bt.runtime.BtClient;
import bt.runtime.BtRuntime;
import bt.runtime.BtRuntimeBuilder;
import bt.runtime.Config;
import bt.torrent.TorrentSessionState;
import bt.torrent.annotation.Consumes;
import bt.torrent.messaging.MessageContext;
import bt.tracker.http.HttpTrackerModule;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.altoredist.binding.bt.AltoBt;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.Ranker;

/**
 * {@code seed} and {@code fetch} with {@code --engine bt}: a Bt runtime with {@code ar_alto}
 * in-wire on its content connections ({@link AltoBt}), with the same options where Bt has a
 * counterpart. Bt runs without MSE/PE: ar_alto endpoint peers speak plaintext only, and Bt
 * negotiates MSE on every connection it dials unless MSE is off.
 *
 * <p>Public only because it is also Bt's messaging agent counting received blocks per peer, which
 * Bt reaches through public method handles.
 */
public final class BtRun implements AutoCloseable {

  /** How often Bt reports a torrent's state to the command. */
  private static final long STATE_EVERY_MILLIS = 200;

  final BtRuntime runtime;
  final AltoBt alto;
  final BtClient client;
  final AtomicReference<TorrentSessionState> state = new AtomicReference<>();
  /** The torrent's name, once Bt has its metadata (at once from a .torrent file, later from a magnet link). */
  final AtomicReference<String> name = new AtomicReference<>("torrent");
  private final Map<InetAddress, Long> receivedFrom = new ConcurrentHashMap<>();

  /**
   * @param storage where the content is (seed) or goes (fetch)
   * @param torrent a .torrent file or a magnet link
   */
  BtRun(SessionOptions session, AltoBt alto, Path storage, String torrent) throws Exception {
    if (session.uploadLimit != 0) {
      throw new IllegalArgumentException("--upload-limit: Bt has no rate limits; leave it at 0 with --engine bt");
    }
    InetSocketAddress listen = session.listenAddress();
    Config c = new Config();
    c.setAcceptorAddress(listen.getAddress());
    c.setAcceptorPort(listen.getPort() == 0 ? freePort(listen.getAddress()) : listen.getPort());
    c.setMseDisabled(true);
    c.setPeerDiscoveryInterval(Duration.ofSeconds(2));
    c.setPeerConnectionRetryInterval(Duration.ofSeconds(10));
    BtRuntimeBuilder b = BtRuntime.builder(c).disableAutomaticShutdown().disableLocalServiceDiscovery()
        .module(alto.module()).module(new HttpTrackerModule())
        .module(binder -> ServiceModule.extend(binder).addPeerSourceFactory(t -> fixed(session.peerAddresses()))
            .addMessagingAgent(this));
    if (!session.noDht) {
      DHTConfig dht = new DHTConfig();
      dht.setListeningPort(c.getAcceptorPort());
      if (!session.dhtBootstrap.isEmpty()) {
        dht.setShouldUseRouterBootstrap(false);
        List<InetPeerAddress> nodes = new ArrayList<>();
        for (String n : session.dhtBootstrap) {
          InetSocketAddress a = SessionOptions.parse(n);
          nodes.add(new InetPeerAddress(a.getHostString(), a.getPort()));
        }
        dht.setBootstrapNodes(nodes);
      }
      b.module(new DHTModule(dht));
    }
    this.runtime = b.build();
    this.alto = alto;
    alto.attach(runtime);
    var cb = Bt.client(runtime).storage(new FileSystemStorage(storage));
    cb = torrent.startsWith("magnet:") ? cb.magnet(torrent) : cb.torrent(Path.of(torrent).toUri().toURL());
    this.client = cb.afterTorrentFetched(t -> name.set(t.getName())).build();
    client.startAsync(state::set, STATE_EVERY_MILLIS);
  }

  /** Bt's address for peers: what the status lines print. */
  InetSocketAddress listen() {
    return new InetSocketAddress(runtime.getConfig().getAcceptorAddress(), runtime.getConfig().getAcceptorPort());
  }

  /** Content blocks received per sending address, for the per-PID summary. */
  @Consumes
  public void piece(Piece piece, MessageContext context) {
    receivedFrom.merge(context.getPeer().getInetAddress(), (long) piece.getLength(), Long::sum);
  }

  boolean complete() {
    TorrentSessionState s = state.get();
    return s != null && s.getPiecesTotal() > 0 && s.getPiecesRemaining() == 0;
  }

  int peers() {
    TorrentSessionState s = state.get();
    return s == null ? 0 : s.getConnectedPeers().size();
  }

  long uploaded() {
    TorrentSessionState s = state.get();
    return s == null ? 0 : s.getUploaded();
  }

  /** The summary {@code fetch} prints, as its libtorrent4j form does. */
  void summary(PrintWriter w, double seconds, boolean done) {
    TorrentSessionState s = state.get();
    w.printf("%s: %s, %d of %d pieces in %.1f s%n", name.get(), done ? "complete" : "NOT complete",
        s == null ? 0 : s.getPiecesComplete(), s == null ? 0 : s.getPiecesTotal(), seconds);
    for (HeldResource r : alto.held()) {
      w.printf("  map %s sequence %d from %s%n", r.resourceId() == null ? "(IRD)" : r.resourceId(), r.sequence(),
          r.source().name().toLowerCase(Locale.ROOT));
    }
    w.printf("  ALTO-server requests made: %d%n", alto.stats().serverRequests());
    Ranker ranker = alto.ranker().orElse(null);
    if (ranker != null) {
      w.printf("  this client is in %s%n", ranker.selfPid());
    }
    Map<String, Long> byPid = new TreeMap<>();
    receivedFrom.forEach((a, n) -> byPid.merge(ranker == null || ranker.pidOf(a) == null ? "(no map)" : ranker.pidOf(a),
        n, Long::sum));
    byPid.forEach((pid, n) -> w.printf("  %-16s received %12d bytes%n", pid, n));
    w.flush();
  }

  @Override
  public void close() {
    try {
      client.stop();
    } finally {
      alto.close();
      runtime.shutdown();
    }
  }

  /** The --peer addresses, offered on every poll; Bt removes what it takes, so each poll gets a fresh list. */
  private static PeerSource fixed(List<InetSocketAddress> peers) {
    return new PeerSource() {
      @Override
      public boolean update() {
        return !peers.isEmpty();
      }

      @Override
      public Collection<Peer> getPeers() {
        List<Peer> list = new ArrayList<>();
        peers.forEach(a -> list.add(InetPeer.build(a.getAddress(), a.getPort())));
        return list;
      }
    };
  }

  private static int freePort(InetAddress at) throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, at)) {
      return s.getLocalPort();
    }
  }
}
