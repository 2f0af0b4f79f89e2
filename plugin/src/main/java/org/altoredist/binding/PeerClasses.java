package org.altoredist.binding;

import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashSet;
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
 * libtorrent's peer-class filter as steering writes it: this node's own PID in the built-in local
 * class, everything else in the global class, so the session's rate limits bear on traffic that
 * leaves the PID (see {@link Steering} for why, and for the gateway's exception). The filter it
 * replaces, libtorrent's default, is kept and handed back on {@link #restore}. Written from the
 * steering thread only; {@link #of} only reads libtorrent's filter, from any thread.
 */
final class PeerClasses {

  private static final Logger log = LoggerFactory.getLogger(PeerClasses.class);

  /** libtorrent's built-in peer classes (session_handle::global_peer_class_id, local_peer_class_id). */
  static final long GLOBAL_CLASS = 1L << 0;
  static final long LOCAL_CLASS = 1L << 2;

  private final SessionManager session;
  private final AltoPlugin.Settings settings;
  private ip_filter original;
  private ip_filter written;
  /**
   * The filter the connections made so far were classed by, while a write has changed it since
   * {@link #stale} last looked; null when they are up to date.
   */
  private ip_filter classedBy;
  /**
   * Whether the classes were last written for this node as a gateway of two PID-mates or more:
   * with the own PID within the limits, such a gateway keeps it in the global class only.
   */
  private boolean exportsFirst;

  PeerClasses(SessionManager session, AltoPlugin.Settings settings) {
    this.session = session;
    this.settings = settings;
  }

  /** Writes the classes for {@code ranker}'s map, as last decided for the gateway role. */
  void apply(Ranker ranker) {
    if (!settings.localPeerClass()) {
      return;
    }
    if (original == null) {
      original = session.swig().get_peer_class_filter();
    }
    PidIndex index = ranker.index();
    int own = ranker.selfPid() == null ? -1 : index.pids().indexOf(ranker.selfPid());
    ip_filter classes = new ip_filter();
    error_code ec = new error_code();
    classes.add_rule(address.from_string("0.0.0.0", ec), address.from_string("255.255.255.255", ec), GLOBAL_CLASS);
    classes.add_rule(address.from_string("::", ec), address.from_string("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ec),
        GLOBAL_CLASS);
    long ownClasses = !settings.localWithinLimits() ? LOCAL_CLASS : exportsFirst ? GLOBAL_CLASS : GLOBAL_CLASS | LOCAL_CLASS;
    if (own >= 0) {
      for (long[] r : index.ipv4Ranges(own)) {
        classes.add_rule(CostFilter.v4(r[0]), CostFilter.v4(r[1]), ownClasses);
      }
    }
    if (classedBy == null) {
      classedBy = written == null ? original : written;
    }
    written = classes;
    session.swig().set_peer_class_filter(classes);
    log.info("peer classes for network map {}: PID {} {}, the rest global", ranker.networkMap(), ranker.selfPid(),
        ownClasses == GLOBAL_CLASS ? "global only (this node is its gateway)" : "local");
  }

  /**
   * Rewrites the classes when this node became or stopped being a gateway that keeps its own PID in
   * the global class only: one with two PID-mates or more, which also fetch from one another. A
   * gateway's only PID-mate has nobody else nearby to fetch from; in the global class alone it
   * would wait for one of the gateway's upload slots among every other PID's peers.
   */
  void gateway(boolean isGateway, int mates, Ranker ranker) {
    boolean first = isGateway && mates > 1;
    if (settings.localPeerClass() && settings.localWithinLimits() && first != exportsFirst) {
      exportsFirst = first;
      apply(ranker);
    }
  }

  /** Whether the classes changed since {@link #stale} last looked. */
  boolean changed() {
    return classedBy != null;
  }

  /**
   * Which of {@code connected}, the peers connected now, are in this node's own PID and were
   * classed otherwise than the filter written last would class them, since the last call: the
   * connections to reconnect. Only the own PID's: the local class is the lever steering pulls, and
   * the others' classes differ at most in which limits bear on them.
   */
  Set<InetAddress> stale(Collection<InetAddress> connected, Ranker ranker) {
    if (classedBy == null) {
      return Set.of();
    }
    Set<InetAddress> stale = new LinkedHashSet<>();
    String own = ranker.selfPid();
    for (InetAddress a : connected) {
      if (own != null && own.equals(ranker.pidOf(a))) {
        address x = LibtorrentEndpoints.of(a);
        if (classedBy.access(x) != written.access(x)) {
          stale.add(a);
        }
      }
    }
    classedBy = null;
    return stale;
  }

  /** The classes libtorrent assigns an address now, as bits of the class ids. */
  long of(InetAddress a) {
    return session.swig().get_peer_class_filter().access(LibtorrentEndpoints.of(a));
  }

  /** Hands libtorrent back the filter it had before the first {@link #apply}. */
  void restore() {
    if (original != null) {
      session.swig().set_peer_class_filter(original);
    }
  }
}
