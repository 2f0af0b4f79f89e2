package org.altoredist.it.swarm;

import bt.Bt;
import bt.data.file.FileSystemStorage;
import bt.metainfo.TorrentId;
import bt.module.ServiceModule;
import bt.net.IConnectionSource;
import bt.net.InetPeer;
import bt.runtime.BtClient;
import bt.runtime.BtRuntime;
import bt.runtime.Config;
import bt.torrent.TorrentSessionState;
import bt.tracker.http.HttpTrackerModule;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.altoredist.binding.bt.AltoBt;
import org.altoredist.engine.EngineStats;
import org.altoredist.engine.HeldResource;

/**
 * An ALTO-enabled Bt client as the README enables it: a Bt runtime in this JVM, listening on its
 * own 127.0.p.h, with {@link AltoBt}'s module installed, so that {@code ar_alto} rides its content
 * connections. It finds content peers at the torrent's tracker, and endpoint peers there under the
 * torrent's rendezvous key; it runs without MSE so that it can dial them.
 */
public final class BtAltoPeer implements AltoNode {

  private final String name;
  private final InetSocketAddress listen;
  private final Path dir;
  private final BtRuntime runtime;
  private final BtClient client;
  private final AltoBt alto;
  private final AtomicReference<TorrentSessionState> state = new AtomicReference<>();
  private final TorrentId torrentId;
  private final BtContacts contacts = new BtContacts();

  private BtAltoPeer(InetAddress host, Path dir, SwarmContent content, boolean seeder, AltoBt alto) throws IOException {
    this.name = "bt-alto@" + host.getHostAddress();
    this.dir = seeder ? content.seedDir() : Files.createDirectories(dir);
    this.listen = new InetSocketAddress(host, Loopback.freePort(host));
    this.alto = alto;
    this.torrentId = TorrentId.fromBytes(content.infoHash());
    Config c = new Config();
    c.setAcceptorAddress(host);
    c.setAcceptorPort(listen.getPort());
    c.setMseDisabled(true);
    c.setPeerDiscoveryInterval(Duration.ofSeconds(1));
    c.setPeerConnectionRetryInterval(Duration.ofSeconds(5));
    c.setTrackerQueryInterval(Duration.ofSeconds(5));
    runtime = BtRuntime.builder(c).disableAutomaticShutdown().disableLocalServiceDiscovery()
        .module(alto.module()).module(new HttpTrackerModule())
        .module(binder -> ServiceModule.extend(binder).addMessagingAgent(contacts)).build();
    runtime.getEventSource().onPeerConnected(torrentId, e -> contacts.connected(e.getConnectionKey()));
    alto.attach(runtime);
    client = Bt.client(runtime).storage(new FileSystemStorage(this.dir))
        .torrent(content.torrentFile().toUri().toURL()).build();
    client.startAsync(state::set, 200);
    Await.until(name + " reports its torrent's state", Duration.ofSeconds(30), () -> state.get() != null,
        this::diagnostics);
  }

  /** Starts a Bt client on {@code host}, seeding from the content's seed directory or downloading into {@code dir}. */
  public static BtAltoPeer start(InetAddress host, Path dir, SwarmContent content, boolean seeder, AltoBt.Builder alto)
      throws IOException {
    AltoBt a = alto.build();
    try {
      return new BtAltoPeer(host, dir, content, seeder, a);
    } catch (IOException | RuntimeException e) {
      a.close();
      throw e;
    }
  }

  /**
   * Has Bt dial a peer for the torrent. The harness needs it: Bt 1.10's HTTP tracker client
   * announces from the host's default source address (127.0.0.1 here), not from the acceptor address,
   * so the tracker lists this client where it does not listen and other clients cannot dial it;
   * it dials them instead.
   */
  public void connect(InetSocketAddress peer) {
    runtime.service(IConnectionSource.class).getConnectionAsync(InetPeer.build(peer.getAddress(), peer.getPort()),
        torrentId);
  }

  /** Whom this client met on the peer wire, as Bt saw it. */
  public BtContacts contacts() {
    return contacts;
  }

  public AltoBt alto() {
    return alto;
  }

  @Override
  public List<HeldResource> held() {
    return alto.held();
  }

  @Override
  public EngineStats stats() {
    return alto.stats();
  }

  @Override
  public InetSocketAddress altoAddress() {
    return listen;
  }

  @Override
  public boolean ranks() {
    return alto.ranker().isPresent();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public InetSocketAddress listenAddress() {
    return listen;
  }

  @Override
  public Path downloadDir() {
    return dir;
  }

  @Override
  public double progress() {
    TorrentSessionState s = state.get();
    return s == null || s.getPiecesTotal() <= 0 ? Double.NaN : (double) s.getPiecesComplete() / s.getPiecesTotal();
  }

  @Override
  public String diagnostics() {
    TorrentSessionState s = state.get();
    return "--- " + name + ": " + (s == null ? "no state" : s.getPiecesComplete() + "/" + s.getPiecesTotal()
        + " pieces, peers " + s.getConnectedPeers().size()) + "\n    held: "
        + alto.held().stream().map(h -> h + " " + h.hash()).collect(Collectors.joining(", "))
        + "\n    stats: " + alto.stats()
        + "\n    met: " + contacts.byHost().values().stream().map(Object::toString)
            .collect(Collectors.joining(", "));
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
}
