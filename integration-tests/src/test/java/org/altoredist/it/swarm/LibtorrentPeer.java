package org.altoredist.it.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.altoredist.binding.Libtorrent4jNative;
import org.altoredist.cli.SessionSettings;
import org.libtorrent4j.AlertListener;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.TorrentFlags;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.TorrentStatus;
import org.libtorrent4j.alerts.Alert;
import org.libtorrent4j.alerts.AlertType;
import org.libtorrent4j.alerts.PeerDisconnectedAlert;
import org.libtorrent4j.alerts.PeerErrorAlert;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.string_int_pair;
import org.libtorrent4j.swig.tcp_endpoint;

/**
 * A vanilla libtorrent peer: a libtorrent4j session in this JVM, bound to its own 127.0.p.h for
 * listening and dialling, with the settings every loopback test session needs (libtorrent's own
 * test/settings.cpp): no DHT, LSD, UPnP or NAT-PMP, and several connections per IP allowed.
 */
public class LibtorrentPeer implements SwarmPeer, DisconnectLog {

  private final String name;
  private final SessionManager session;
  private final Path dir;
  private final TorrentHandle handle;
  private final InetSocketAddress listen;
  /** Every connection libtorrent closed or found in error: the remote address, the close reason and error. */
  private final Queue<String[]> disconnects = new ConcurrentLinkedQueue<>();

  protected LibtorrentPeer(String kind, InetAddress host, Path dir, SwarmContent content, boolean seeder,
      Consumer<SettingsPack> customize) throws IOException {
    Libtorrent4jNative.ensureLoadable();
    this.name = kind + "@" + host.getHostAddress();
    this.dir = seeder ? content.seedDir() : Files.createDirectories(dir);
    int port = Loopback.freePort(host);
    SettingsPack s = SessionSettings.loopback(host, port);
    if (customize != null) {
      customize.accept(s);
    }
    session = new SessionManager(false);
    SessionParams params = new SessionParams(s);
    params.setPosixDiskIO();
    session.addListener(new AlertListener() {
      @Override
      public int[] types() {
        return new int[] {AlertType.PEER_DISCONNECTED.swig(), AlertType.PEER_ERROR.swig()};
      }

      /** libtorrent reports a peer it drops for breaking the wire as a peer error ("invalid message"). */
      @Override
      public void alert(Alert<?> alert) {
        if (alert instanceof PeerDisconnectedAlert a) {
          disconnects.add(new String[] {a.endpoint().address().toString(), a.reason().name(), a.error().getMessage()});
        } else if (alert instanceof PeerErrorAlert a) {
          disconnects.add(new String[] {a.endpoint().address().toString(), "PEER_ERROR", a.error().getMessage()});
        }
      }
    });
    session.start(params);
    TorrentInfo ti = new TorrentInfo(content.torrentFile().toFile());
    session.download(ti, this.dir.toFile());
    handle = session.find(ti.infoHash());
    if (handle == null) {
      throw new IllegalStateException(name + ": libtorrent did not add the torrent");
    }
    listen = new InetSocketAddress(host, port);
    Await.until(name + " listens and has its torrent running", Duration.ofSeconds(30),
        () -> session.swig().listen_port() == port && running(), this::diagnostics);
  }

  public static LibtorrentPeer seeder(InetAddress host, SwarmContent content) throws IOException {
    return new LibtorrentPeer("libtorrent", host, null, content, true, null);
  }

  public static LibtorrentPeer leecher(InetAddress host, Path dir, SwarmContent content) throws IOException {
    return new LibtorrentPeer("libtorrent", host, dir, content, false, null);
  }

  /**
   * A peer with this session's DHT on, bootstrapped from {@code bootstrap} (null for the first
   * node), with loopback addresses allowed in routing and searches, as libtorrent's DHT needs to
   * work between loopback sessions.
   */
  public static LibtorrentPeer withDht(String kind, InetAddress host, Path dir, SwarmContent content, boolean seeder,
      InetSocketAddress bootstrap) throws IOException {
    return new LibtorrentPeer(kind, host, dir, content, seeder, dhtSettings(bootstrap));
  }

  /** The DHT settings of {@link #withDht}, for subclasses. */
  static Consumer<SettingsPack> dhtSettings(InetSocketAddress bootstrap) {
    return s -> SessionSettings.withLoopbackDht(s, bootstrap == null ? List.of() : List.of(bootstrap));
  }

  /**
   * Hands this DHT node another one at once. A DHT of a few loopback nodes forms slowly around
   * its bootstrap node, which starts with an empty routing table and so announces into the void.
   */
  public void addDhtNode(InetSocketAddress node) {
    session.swig().add_dht_node(new string_int_pair(node.getAddress().getHostAddress(), node.getPort()));
  }

  /** Checked, added and not paused: libtorrent accepts peers for it. */
  private boolean running() {
    TorrentStatus st = handle.status();
    TorrentStatus.State state = st.state();
    return state != TorrentStatus.State.CHECKING_FILES && state != TorrentStatus.State.CHECKING_RESUME_DATA
        && !st.flags().and_(TorrentFlags.PAUSED).non_zero();
  }

  /** Tells libtorrent to dial a peer, as the harness does for peers that never dial themselves. */
  public void connect(InetSocketAddress peer) {
    error_code ec = new error_code();
    handle.swig().connect_peer(new tcp_endpoint(address.from_string(peer.getAddress().getHostAddress(), ec), peer.getPort()));
  }

  /**
   * libtorrent closes a peer that breaks the wire with one of these reasons (libtorrent4j's
   * CloseReason names, its typo included): an extended message under an id it never advertised, or
   * any message over its size caps. Names, so that this class loads before the native library.
   */
  private static final Set<String> PROTOCOL_REASONS = Set.of("MESSAGE_TOO_BIG", "INVALID_MESSAGE_ID",
      "INVALID_MESSAGE", "NVALID_EXTENDED_MESSAGE");

  /**
   * Whether a libtorrent error message (as its Python binding reports it, without the close
   * reason) is one libtorrent gives a peer that broke the wire: "invalid message", "packet too
   * large", "invalid extended message" and the like.
   */
  static boolean protocolError(String message) {
    String m = message.toLowerCase(java.util.Locale.ROOT);
    return m.contains("invalid") || m.contains("too large") || m.contains("too big");
  }

  @Override
  public List<String> protocolDrops(Set<InetAddress> peers) {
    Set<String> ips = new HashSet<>();
    peers.forEach(p -> ips.add(p.getHostAddress()));
    List<String> out = new ArrayList<>();
    for (String[] d : disconnects) {
      if (ips.contains(d[0]) && (PROTOCOL_REASONS.contains(d[1]) || protocolError(d[2]))) {
        out.add(name + " dropped " + d[0] + ": " + d[1] + " (" + d[2] + ")");
      }
    }
    return out;
  }

  /** The last few connections libtorrent closed, for a failing test's message. */
  private String lastDisconnects() {
    List<String[]> all = new ArrayList<>(disconnects);
    StringBuilder sb = new StringBuilder();
    for (String[] d : all.subList(Math.max(0, all.size() - 5), all.size())) {
      sb.append("\n    closed ").append(d[0]).append(": ").append(d[1]).append(" (").append(d[2]).append(")");
    }
    return sb.toString();
  }

  public SessionManager session() {
    return session;
  }

  public TorrentHandle handle() {
    return handle;
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
    return handle.status().progress();
  }

  @Override
  public String diagnostics() {
    TorrentStatus st = handle.status();
    return "--- " + name + ": " + st.state() + " " + Math.round(st.progress() * 100) + "% peers " + st.numPeers()
        + " listen_port " + session.swig().listen_port() + (st.errorCode() != null && st.errorCode().isError()
        ? " error " + st.errorCode().getMessage() : "") + lastDisconnects();
  }

  @Override
  public void close() {
    session.stop();
  }
}
