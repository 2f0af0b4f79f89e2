package org.altoredist.binding;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 *       (id 2) as well as the global class (id 0), everything else into the global class only. The
 *       session's rate limits (the global class's) still bound all traffic, since a user's limit
 *       stands for an access link that same-PID traffic crosses too; within them, local peers are
 *       unchoked regardless of upload slots and weigh double when libtorrent shares bandwidth (each
 *       class adds its priority, 1 by default; libtorrent4j cannot set the priorities). The filter
 *       replaces libtorrent's default, which puts LAN and loopback ranges in the local class only
 *       (exempting them from the limits); it is restored on detach.
 *   <li>optionally the IP filter: PIDs costlier than a threshold are blocked, except a few peers
 *       there that keep the swarm joined: at least one, and about the random fraction of the peers in
 *       view, picked by a rule over the pair of addresses that both ends compute alike (so the
 *       exception is mutual) and given one-address exceptions. Without them a PID holding no
 *       seeder could never receive the content, and a wrong map could wall a PID off.
 * </ul>
 *
 * Touched from the binding's scheduler thread only.
 */
final class Steering {

  private static final Logger log = LoggerFactory.getLogger(Steering.class);

  /** libtorrent's built-in peer classes (session_handle::global_peer_class_id, local_peer_class_id). */
  static final long GLOBAL_CLASS = 1L << 0;
  static final long LOCAL_CLASS = 1L << 2;
  /** ip_filter's "blocked" flag. */
  static final long BLOCKED = 1;

  private final SessionManager session;
  private final AltoPlugin.Settings settings;
  private final InetSocketAddress self;
  private final RandomGenerator random;
  private final Clock clock;
  private final List<SteeringEvent> events = new CopyOnWriteArrayList<>();
  private volatile VersionTag appliedFor;
  private long ticks;
  private ip_filter originalClassFilter;
  private ip_filter originalIpFilter;
  private ip_filter blocked;
  /** The cost filter's ranges: blocked ones, or with {@link #blockAllBut} the only ones let through. */
  private List<long[]> filterRanges = List.of();
  private boolean blockAllBut;
  private final java.util.LinkedHashSet<InetAddress> exempt = new java.util.LinkedHashSet<>();

  Steering(SessionManager session, AltoPlugin.Settings settings, InetSocketAddress self, RandomGenerator random,
      Clock clock) {
    this.session = session;
    this.settings = settings;
    this.self = self;
    this.random = random;
    this.clock = clock;
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
    if (blocked != null) {
      keepRemoteExemptions(ranker, connected, candidates, altoPeers);
      candidates.removeIf(c -> isBlocked(c.getAddress()));
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

  /**
   * Keeps the blocked peers in view that {@link #pairScore} picks exempt from the cost filter, and
   * at least one. A link needs both ends to let it through, and two ALTO peers in different PIDs
   * each blocking the other's PID would never meet if each chose its exceptions at random; a rule
   * over the unordered pair of addresses gives both ends the same answer without a word exchanged.
   */
  private void keepRemoteExemptions(Ranker ranker, Set<InetSocketAddress> connected, List<InetSocketAddress> candidates,
      Set<InetAddress> altoPeers) {
    // The ALTO peers the engine knows count even before libtorrent sees them: they are the ones
    // whose own filter lets this node through, so both ends open the exception together.
    Set<InetAddress> inView = new HashSet<>(altoPeers);
    inView.remove(self.getAddress());
    connected.forEach(c -> inView.add(c.getAddress()));
    candidates.forEach(c -> inView.add(c.getAddress()));
    boolean changed = exempt.retainAll(inView);
    InetAddress fallback = null;
    double lowest = 2;
    for (InetAddress a : inView) {
      if (exempt.contains(a) || !isBlocked(a)) {
        continue;
      }
      double score = pairScore(self.getAddress(), a);
      if (score < ranker.randomFraction()) {
        changed |= exempt.add(a);
      } else if (score < lowest) {
        lowest = score;
        fallback = a;
      }
    }
    if (exempt.isEmpty() && fallback != null) {
      // Still the pair's own lowest score: the other end, short of exceptions too, likely picks us back.
      changed |= exempt.add(fallback);
    }
    if (changed) {
      installBlocked();
    }
  }

  /**
   * A number in [0, 1) that depends on the unordered pair of addresses only, spread uniformly: the
   * pair is exempt when it falls under the random fraction, so about that share of cross-PID pairs
   * may connect, the same ones seen from both ends.
   */
  static double pairScore(InetAddress a, InetAddress b) {
    byte[] x = a.getAddress();
    byte[] y = b.getAddress();
    boolean swap = java.util.Arrays.compareUnsigned(x, y) > 0;
    MessageDigest sha = sha256();
    sha.update(swap ? y : x);
    sha.update(swap ? x : y);
    long bits = java.nio.ByteBuffer.wrap(sha.digest()).getLong() >>> 11;
    return bits / (double) (1L << 53);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The cost filter as it stands: the blocked ranges, then a one-address exception per exempt peer. */
  private void installBlocked() {
    blocked = new ip_filter();
    if (blockAllBut) {
      blocked.add_rule(v4(0), v4(0xFFFF_FFFFL), BLOCKED);
    }
    for (long[] r : filterRanges) {
      blocked.add_rule(v4(r[0]), v4(r[1]), blockAllBut ? 0 : BLOCKED);
    }
    error_code ec = new error_code();
    for (InetAddress a : exempt) {
      blocked.add_rule(address.from_string(a.getHostAddress(), ec), address.from_string(a.getHostAddress(), ec), 0);
    }
    session.swig().set_ip_filter(blocked);
    log.debug("IP filter: {} {} ranges, {} exceptions {}", filterRanges.size(), blockAllBut ? "allowed" : "blocked",
        exempt.size(), exempt);
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
      if (self >= 0) {
        for (long[] r : index.ipv4Ranges(self)) {
          classes.add_rule(v4(r[0]), v4(r[1]), GLOBAL_CLASS | LOCAL_CLASS);
        }
      }
      session.swig().set_peer_class_filter(classes);
      log.info("peer classes for network map {}: PID {} local, the rest global", ranker.networkMap(), ranker.selfPid());
    }
    if (!Double.isNaN(settings.costThreshold())) {
      if (originalIpFilter == null) {
        originalIpFilter = session.swig().get_ip_filter();
      }
      List<long[]> blockedRanges = new ArrayList<>();
      List<long[]> allowedRanges = new ArrayList<>();
      long covered = 0;
      List<String> names = new ArrayList<>();
      for (int pid = 0; pid < index.pids().size(); pid++) {
        double cost = ranker.costTo(pid);
        boolean worse = ranker.costType().lowerIsBetter() ? cost > settings.costThreshold() : cost < settings.costThreshold();
        List<long[]> ranges = index.ipv4Ranges(pid);
        for (long[] r : ranges) {
          covered += r[1] - r[0] + 1;
        }
        if (pid != self && worse) {
          names.add(index.pids().get(pid));
          blockedRanges.addAll(ranges);
        } else {
          allowedRanges.addAll(ranges);
        }
      }
      // An ISP's map has tens of thousands of prefixes, and libtorrent4j builds a filter one range
      // at a time: when the map covers every IPv4 address, write whichever side has fewer ranges.
      blockAllBut = covered == 1L << 32 && allowedRanges.size() < blockedRanges.size();
      filterRanges = blockAllBut ? allowedRanges : blockedRanges;
      installBlocked();
      log.info("network map {}: blocking PIDs {} beyond cost {}", ranker.networkMap(), names, settings.costThreshold());
    }
  }

  /** Hands libtorrent back the filters it had before the plugin attached. */
  void restore() {
    if (originalClassFilter != null) {
      session.swig().set_peer_class_filter(originalClassFilter);
    }
    if (originalIpFilter != null) {
      session.swig().set_ip_filter(originalIpFilter);
    }
  }

  /** The peer classes libtorrent assigns an address now, as bits of the class ids. */
  long peerClassesOf(InetAddress a) {
    error_code ec = new error_code();
    return session.swig().get_peer_class_filter().access(address.from_string(a.getHostAddress(), ec));
  }

  private boolean isBlocked(InetAddress a) {
    error_code ec = new error_code();
    return (blocked.access(address.from_string(a.getHostAddress(), ec)) & BLOCKED) != 0;
  }

  private boolean isSelf(InetSocketAddress c) {
    return c.equals(self);
  }

  private static address v4(long value) {
    error_code ec = new error_code();
    return address.from_string(((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff)
        + "." + (value & 0xff), ec);
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
