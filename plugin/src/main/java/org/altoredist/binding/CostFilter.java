package org.altoredist.binding;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.altoredist.alto.PidIndex;
import org.altoredist.engine.Ranker;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.ip_filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cost filter, libtorrent's IP filter: PIDs costlier than a threshold are blocked, but for
 * one-address exceptions per torrent, its relief: the peers of costlier PIDs that a starving
 * download is let through to ({@link Starvation}). The swarm stays joined through each PID's
 * gateway ({@link PidGateway}), which never enables the filter; relief is what keeps a PID-mate from
 * waiting on a gateway that cannot serve it.
 *
 * <p>The filter stands only while it is {@link #enable enabled}; disabled, libtorrent has the filter
 * it had before. It never replaces a filter of the user's own (a blocklist): libtorrent4j cannot
 * read one's rules to merge them, so with one in place the cost filter stays off, and says so.
 * Touched from the steering thread only.
 */
final class CostFilter {

  private static final Logger log = LoggerFactory.getLogger(CostFilter.class);

  /** ip_filter's "blocked" flag. */
  static final long BLOCKED = 1;
  /**
   * The threshold meaning "the cost to this node's own PID": every PID costlier than home is
   * blocked, whatever the map's units. A node the map does not place blocks nothing.
   */
  static final double OWN_PID = Double.NEGATIVE_INFINITY;
  private final SessionManager session;
  private final double threshold;
  private final InetAddress self;
  private ip_filter original;
  private ip_filter installed;
  /** The ranges written: blocked ones, or with {@link #blockAllBut} the only ones let through. */
  private List<long[]> ranges = List.of();
  private boolean blockAllBut;
  /** The cost blocks alone, without exceptions: what relief is chosen against. */
  private ip_filter costOnly;
  private boolean enabled;
  private boolean userFilter;
  private final Map<String, Set<InetAddress>> relief = new HashMap<>();

  CostFilter(SessionManager session, double threshold, InetAddress self) {
    this.session = session;
    this.threshold = threshold;
    this.self = self;
  }

  /** Blocks the PIDs that {@code ranker}'s map puts beyond the threshold from this node's PID. */
  void apply(Ranker ranker) {
    if (original == null) {
      original = session.swig().get_ip_filter();
      userFilter = !original.empty();
      if (userFilter) {
        log.warn("the session has an IP filter of its own (a blocklist?): the cost filter stays off rather than"
            + " replace it; steering keeps dialling order and peer classes");
      }
    }
    PidIndex index = ranker.index();
    int own = ranker.selfPid() == null ? -1 : index.pids().indexOf(ranker.selfPid());
    double limit = threshold == OWN_PID ? (own < 0 ? Double.NaN : ranker.costTo(own)) : threshold;
    List<long[]> blocked = new ArrayList<>();
    List<long[]> allowed = new ArrayList<>();
    long covered = 0;
    List<String> names = new ArrayList<>();
    for (int pid = 0; pid < index.pids().size(); pid++) {
      double cost = ranker.costTo(pid);
      boolean worse = ranker.costType().lowerIsBetter() ? cost > limit : cost < limit;
      List<long[]> pidRanges = index.ipv4Ranges(pid);
      for (long[] r : pidRanges) {
        covered += r[1] - r[0] + 1;
      }
      if (pid != own && worse) {
        names.add(index.pids().get(pid));
        blocked.addAll(pidRanges);
      } else {
        allowed.addAll(pidRanges);
      }
    }
    // An ISP's map has tens of thousands of prefixes, and libtorrent4j builds a filter one range
    // at a time: when the map covers every IPv4 address, write whichever side has fewer ranges.
    blockAllBut = covered == 1L << 32 && allowed.size() < blocked.size();
    ranges = blockAllBut ? allowed : blocked;
    costOnly = build(Set.of());
    install();
    log.info("{}: network map {}: PIDs {} beyond cost {} blocked{}", self, ranker.networkMap(), names, limit,
        enabled ? "" : " once the filter is enabled");
  }

  /**
   * Puts the filter in place or takes it away (libtorrent's own back), as the steering decides: a
   * node with no other ALTO peer in its PID blocks nothing, since nobody nearby would take over.
   * Returns whether that changed anything: never while the session has a filter of its own.
   */
  boolean enable(boolean on, String why) {
    if (on == enabled) {
      return false;
    }
    enabled = on;
    install();
    if (userFilter) {
      // The session's own filter stays: nothing changed that a listener could see.
      return false;
    }
    log.info("{}: cost filter {} ({})", self, on ? "on" : "off", why);
    return true;
  }

  /** Whether blocks are in force now (a map applied, the filter enabled, no user filter). */
  boolean active() {
    return enabled && costOnly != null && !userFilter;
  }

  /** Whether {@code a} is blocked now, exceptions included. */
  boolean blocks(InetAddress a) {
    return active() && (installed.access(LibtorrentEndpoints.of(a)) & BLOCKED) != 0;
  }

  /** Whether the cost blocks alone cover {@code a}, whatever exceptions it has. */
  boolean costlier(InetAddress a) {
    return active() && (costOnly.access(LibtorrentEndpoints.of(a)) & BLOCKED) != 0;
  }

  /**
   * Lets exactly {@code peers} through for one torrent's relief (none ends it); the union over
   * torrents stands.
   */
  void relieve(String torrent, Set<InetAddress> peers) {
    Set<InetAddress> before = relief.getOrDefault(torrent, Set.of());
    if (before.equals(peers)) {
      return;
    }
    if (peers.isEmpty()) {
      relief.remove(torrent);
    } else {
      relief.put(torrent, Set.copyOf(peers));
    }
    install();
  }

  /** Forgets a torrent no longer followed: its relief. */
  void forget(String torrent) {
    if (relief.remove(torrent) != null && active()) {
      install();
    }
  }

  /**
   * A number in [0, 1) that depends on the unordered pair of addresses only, spread uniformly, the
   * same seen from both ends: it breaks ties between equally cheap peers to relieve, so that peers
   * of one PID spread their relief over the others instead of all picking the same few.
   */
  static double pairScore(InetAddress a, InetAddress b) {
    byte[] x = a.getAddress();
    byte[] y = b.getAddress();
    boolean swap = Arrays.compareUnsigned(x, y) > 0;
    MessageDigest sha = sha256();
    sha.update(swap ? y : x);
    sha.update(swap ? x : y);
    long bits = ByteBuffer.wrap(sha.digest()).getLong() >>> 11;
    return bits / (double) (1L << 53);
  }

  /** Hands libtorrent back the IP filter it had before. */
  void restore() {
    if (original != null) {
      session.swig().set_ip_filter(original);
    }
  }

  /** Writes the filter as it stands, or libtorrent's own back while not active. */
  private void install() {
    if (original == null || userFilter || costOnly == null) {
      return;
    }
    if (!enabled) {
      session.swig().set_ip_filter(original);
      installed = null;
      return;
    }
    Set<InetAddress> through = new LinkedHashSet<>();
    relief.values().forEach(through::addAll);
    installed = build(through);
    session.swig().set_ip_filter(installed);
    log.debug("{}: IP filter: {} {} ranges, relief for {}", self, ranges.size(), blockAllBut ? "allowed" : "blocked",
        through);
  }

  /** The ranges, then a one-address exception per peer let through. */
  private ip_filter build(Set<InetAddress> through) {
    ip_filter f = new ip_filter();
    if (blockAllBut) {
      f.add_rule(v4(0), v4(0xFFFF_FFFFL), BLOCKED);
    }
    for (long[] r : ranges) {
      f.add_rule(v4(r[0]), v4(r[1]), blockAllBut ? 0 : BLOCKED);
    }
    for (InetAddress a : through) {
      f.add_rule(LibtorrentEndpoints.of(a), LibtorrentEndpoints.of(a), 0);
    }
    return f;
  }

  static address v4(long value) {
    error_code ec = new error_code();
    return address.from_string(((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff)
        + "." + (value & 0xff), ec);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
