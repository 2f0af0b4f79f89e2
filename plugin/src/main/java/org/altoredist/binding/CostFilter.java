package org.altoredist.binding;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
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
 * The optional cost filter, libtorrent's IP filter: PIDs costlier than a threshold are blocked,
 * except a few peers there that keep the swarm joined: at least one, and about the random fraction
 * of the peers in view, picked by a rule over the pair of addresses that both ends compute alike
 * (so the exception is mutual) and given one-address exceptions. Without them a PID holding no
 * seeder could never receive the content, and a wrong map could wall a PID off. Touched from the
 * steering thread only.
 */
final class CostFilter {

  private static final Logger log = LoggerFactory.getLogger(CostFilter.class);

  /** ip_filter's "blocked" flag. */
  static final long BLOCKED = 1;

  private final SessionManager session;
  private final double threshold;
  private final InetAddress self;
  private ip_filter original;
  private ip_filter installed;
  /** The ranges written: blocked ones, or with {@link #blockAllBut} the only ones let through. */
  private List<long[]> ranges = List.of();
  private boolean blockAllBut;
  private final Set<InetAddress> exempt = new LinkedHashSet<>();

  CostFilter(SessionManager session, double threshold, InetAddress self) {
    this.session = session;
    this.threshold = threshold;
    this.self = self;
  }

  /** Blocks the PIDs that {@code ranker}'s map puts beyond the threshold from this node's PID. */
  void apply(Ranker ranker) {
    if (original == null) {
      original = session.swig().get_ip_filter();
    }
    PidIndex index = ranker.index();
    int own = ranker.selfPid() == null ? -1 : index.pids().indexOf(ranker.selfPid());
    List<long[]> blocked = new ArrayList<>();
    List<long[]> allowed = new ArrayList<>();
    long covered = 0;
    List<String> names = new ArrayList<>();
    for (int pid = 0; pid < index.pids().size(); pid++) {
      double cost = ranker.costTo(pid);
      boolean worse = ranker.costType().lowerIsBetter() ? cost > threshold : cost < threshold;
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
    install();
    log.info("network map {}: blocking PIDs {} beyond cost {}", ranker.networkMap(), names, threshold);
  }

  /** Whether a map has been applied (until then nothing is blocked). */
  boolean active() {
    return installed != null;
  }

  boolean blocks(InetAddress a) {
    error_code ec = new error_code();
    return installed != null && (installed.access(address.from_string(a.getHostAddress(), ec)) & BLOCKED) != 0;
  }

  /**
   * Keeps the blocked peers in view that {@link #pairScore} picks exempt, and at least one. A link
   * needs both ends to let it through, and two ALTO peers in different PIDs each blocking the
   * other's PID would never meet if each chose its exceptions at random; a rule over the unordered
   * pair of addresses gives both ends the same answer without a word exchanged.
   */
  void keepExceptions(Set<InetAddress> inView, double fraction) {
    boolean changed = exempt.retainAll(inView);
    InetAddress fallback = null;
    double lowest = 2;
    for (InetAddress a : inView) {
      if (a.equals(self) || exempt.contains(a) || !blocks(a)) {
        continue;
      }
      double score = pairScore(self, a);
      if (score < fraction) {
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
      install();
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

  /** Writes the filter as it stands: the ranges, then a one-address exception per exempt peer. */
  private void install() {
    ip_filter f = new ip_filter();
    if (blockAllBut) {
      f.add_rule(v4(0), v4(0xFFFF_FFFFL), BLOCKED);
    }
    for (long[] r : ranges) {
      f.add_rule(v4(r[0]), v4(r[1]), blockAllBut ? 0 : BLOCKED);
    }
    error_code ec = new error_code();
    for (InetAddress a : exempt) {
      f.add_rule(address.from_string(a.getHostAddress(), ec), address.from_string(a.getHostAddress(), ec), 0);
    }
    session.swig().set_ip_filter(f);
    installed = f;
    log.debug("IP filter: {} {} ranges, {} exceptions {}", ranges.size(), blockAllBut ? "allowed" : "blocked",
        exempt.size(), exempt);
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
