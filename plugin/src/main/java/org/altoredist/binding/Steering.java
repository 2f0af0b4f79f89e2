package org.altoredist.binding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.altoredist.alto.PidIndex;
import org.altoredist.alto.VersionTag;
import org.altoredist.engine.Ranker;
import org.libtorrent4j.PeerInfo;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.ip_filter;
import org.libtorrent4j.swig.tcp_endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the verified maps make libtorrent do, through the only levers libtorrent4j exposes:
 *
 * <ul>
 *   <li>{@code connect_peer}: candidates found in the DHT under the torrent's info-hash are ranked
 *       and dialled best first, a few per tick. libtorrent's own peer list (from trackers and PEX)
 *       is not visible through libtorrent4j, so its order cannot be changed; the plugin adds
 *       connections in front of it.
 *   <li>the peer-class filter: this node's own PID goes into libtorrent's built-in local peer class
 *       (id 2), everything else into the global class (id 0), so the session's rate limits (the
 *       global class's) bear on traffic that leaves the PID only, and local peers are unchoked
 *       regardless of upload slots. With {@link AltoPlugin.Builder#localPeersWithinLimits} the own
 *       PID stays in the global class too: the limits bound all traffic, and local peers weigh
 *       double when libtorrent shares bandwidth (each class adds its priority, 1 by default;
 *       libtorrent4j cannot set priorities). The filter replaces libtorrent's default, which puts
 *       LAN and loopback ranges in the local class; it is restored on detach.
 *   <li>optionally the IP filter, {@link CostFilter}: PIDs costlier than a threshold are blocked,
 *       but for mutual exceptions that keep the swarm joined.
 * </ul>
 *
 * Touched from the binding's scheduler thread only.
 */
final class Steering {

  private static final Logger log = LoggerFactory.getLogger(Steering.class);

  /** libtorrent's built-in peer classes (session_handle::global_peer_class_id, local_peer_class_id). */
  static final long GLOBAL_CLASS = 1L << 0;
  static final long LOCAL_CLASS = 1L << 2;

  private final SessionManager session;
  private final AltoPlugin.Settings settings;
  private final InetSocketAddress self;
  private final RandomGenerator random;
  private final Clock clock;
  private final List<SteeringEvent> events = new CopyOnWriteArrayList<>();
  private volatile VersionTag appliedFor;
  private long ticks;
  private ip_filter originalClassFilter;
  /** Null without a cost threshold. */
  private final CostFilter costFilter;

  Steering(SessionManager session, AltoPlugin.Settings settings, InetSocketAddress self, RandomGenerator random,
      Clock clock) {
    this.session = session;
    this.settings = settings;
    this.self = self;
    this.random = random;
    this.clock = clock;
    this.costFilter = Double.isNaN(settings.costThreshold()) ? null
        : new CostFilter(session, settings.costThreshold(), self.getAddress());
  }

  /** The network map whose filters libtorrent applies now; null before the first. */
  VersionTag appliedFor() {
    return appliedFor;
  }

  List<SteeringEvent> events() {
    return List.copyOf(events);
  }

  /** Applies a new map version's filters once, then dials the best candidates of each torrent. */
  void tick(Ranker ranker, List<TorrentHandle> torrents, List<InetSocketAddress> extraCandidates,
      Set<InetAddress> altoPeers) {
    if (!ranker.networkMap().equals(appliedFor)) {
      applyFilters(ranker);
      appliedFor = ranker.networkMap();
    }
    for (TorrentHandle h : torrents) {
      if (h.isValid()) {
        connectBest(ranker, h, extraCandidates, altoPeers, ticks++);
      }
    }
  }

  private void connectBest(Ranker ranker, TorrentHandle h, List<InetSocketAddress> extra, Set<InetAddress> altoPeers,
      long tick) {
    Set<InetSocketAddress> connected = new HashSet<>();
    for (PeerInfo p : h.peerInfo()) {
      InetSocketAddress a = parse(p.ip());
      if (a != null) {
        connected.add(a);
      }
    }
    List<InetSocketAddress> candidates = new ArrayList<>();
    if (settings.dht() && session.isDhtRunning()) {
      candidates.addAll(DhtPeers.lookup(session, h.infoHash(), settings.lookupSeconds()));
    }
    candidates.addAll(extra);
    candidates.removeIf(c -> connected.contains(c) || isSelf(c));
    candidates = new ArrayList<>(new java.util.LinkedHashSet<>(candidates));
    if (costFilter != null && costFilter.active()) {
      // The ALTO peers the engine knows count even before libtorrent sees them: they are the ones
      // whose own filter lets this node through, so both ends open the exception together.
      Set<InetAddress> inView = new HashSet<>(altoPeers);
      connected.forEach(c -> inView.add(c.getAddress()));
      candidates.forEach(c -> inView.add(c.getAddress()));
      costFilter.keepExceptions(inView, ranker.randomFraction());
      candidates.removeIf(c -> costFilter.blocks(c.getAddress()));
    }
    List<InetSocketAddress> ranked = ranker.rank(candidates, random);
    PidIndex index = ranker.index();
    String hex = h.infoHash().toHex();
    for (int i = 0; i < Math.min(settings.connectPerTick(), ranked.size()); i++) {
      InetSocketAddress c = ranked.get(i);
      int pid = index.indexOf(c.getAddress());
      error_code ec = new error_code();
      h.swig().connect_peer(new tcp_endpoint(address.from_string(c.getAddress().getHostAddress(), ec), c.getPort()));
      events.add(new SteeringEvent(tick, clock.instant(), hex, c, pid < 0 ? null : index.pids().get(pid), ranker.costTo(pid), i));
      log.debug("torrent {}: dialling {} (PID {}, rank {})", hex, c, pid < 0 ? "none" : index.pids().get(pid), i);
    }
  }

  private void applyFilters(Ranker ranker) {
    PidIndex index = ranker.index();
    int self = ranker.selfPid() == null ? -1 : index.pids().indexOf(ranker.selfPid());
    if (settings.localPeerClass()) {
      if (originalClassFilter == null) {
        originalClassFilter = session.swig().get_peer_class_filter();
      }
      ip_filter classes = new ip_filter();
      error_code ec = new error_code();
      classes.add_rule(address.from_string("0.0.0.0", ec), address.from_string("255.255.255.255", ec), GLOBAL_CLASS);
      classes.add_rule(address.from_string("::", ec), address.from_string("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ec), GLOBAL_CLASS);
      long own = settings.localWithinLimits() ? GLOBAL_CLASS | LOCAL_CLASS : LOCAL_CLASS;
      if (self >= 0) {
        for (long[] r : index.ipv4Ranges(self)) {
          classes.add_rule(CostFilter.v4(r[0]), CostFilter.v4(r[1]), own);
        }
      }
      session.swig().set_peer_class_filter(classes);
      log.info("peer classes for network map {}: PID {} local, the rest global", ranker.networkMap(), ranker.selfPid());
    }
    if (costFilter != null) {
      costFilter.apply(ranker);
    }
  }

  /** Hands libtorrent back the filters it had before the plugin attached. */
  void restore() {
    if (originalClassFilter != null) {
      session.swig().set_peer_class_filter(originalClassFilter);
    }
    if (costFilter != null) {
      costFilter.restore();
    }
  }

  /** The peer classes libtorrent assigns an address now, as bits of the class ids. */
  long peerClassesOf(InetAddress a) {
    error_code ec = new error_code();
    return session.swig().get_peer_class_filter().access(address.from_string(a.getHostAddress(), ec));
  }

  private boolean isSelf(InetSocketAddress c) {
    return c.equals(self);
  }

  /** libtorrent4j writes a peer's endpoint as "tcp://ip:port" (IPv6 in brackets; utp:// for uTP). */
  static InetSocketAddress parse(String endpoint) {
    if (endpoint == null) {
      return null;
    }
    String ipPort = endpoint.replaceFirst("^[a-z]+://", "");
    int colon = ipPort.lastIndexOf(':');
    if (colon <= 0) {
      return null;
    }
    String host = ipPort.substring(0, colon).replace("[", "").replace("]", "");
    try {
      return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(ipPort.substring(colon + 1)));
    } catch (java.net.UnknownHostException | NumberFormatException e) {
      return null;
    }
  }
}
