package org.altoredist.binding;

import java.net.InetAddress;
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
  /**
   * Whether the classes were last written for this node as its PID's gateway: with the own PID
   * within the limits, a gateway keeps it in the global class only.
   */
  private boolean asGateway;

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
    long ownClasses = !settings.localWithinLimits() ? LOCAL_CLASS : asGateway ? GLOBAL_CLASS : GLOBAL_CLASS | LOCAL_CLASS;
    if (own >= 0) {
      for (long[] r : index.ipv4Ranges(own)) {
        classes.add_rule(CostFilter.v4(r[0]), CostFilter.v4(r[1]), ownClasses);
      }
    }
    session.swig().set_peer_class_filter(classes);
    log.info("peer classes for network map {}: PID {} {}, the rest global", ranker.networkMap(), ranker.selfPid(),
        ownClasses == GLOBAL_CLASS ? "global only (this node is its gateway)" : "local");
  }

  /** Rewrites the classes when this node became or stopped being its PID's gateway. */
  void gateway(boolean isGateway, Ranker ranker) {
    if (settings.localPeerClass() && settings.localWithinLimits() && isGateway != asGateway) {
      asGateway = isGateway;
      apply(ranker);
    }
  }

  /** The classes libtorrent assigns an address now, as bits of the class ids. */
  long of(InetAddress a) {
    error_code ec = new error_code();
    return session.swig().get_peer_class_filter().access(address.from_string(a.getHostAddress(), ec));
  }

  /** Hands libtorrent back the filter it had before the first {@link #apply}. */
  void restore() {
    if (original != null) {
      session.swig().set_peer_class_filter(original);
    }
  }
}
