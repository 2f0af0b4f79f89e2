package org.altoredist.binding;

import org.libtorrent4j.SessionManager;
import org.libtorrent4j.swig.settings_pack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps libtorrent from dropping a peer the moment it completes, while the cost filter stands.
 *
 * <p>Why: libtorrent's {@code incoming_have} asks whether a connection is redundant before it
 * updates its interest. A download holding every piece a peer holds is not interested in it, so
 * when that peer's last HAVE makes it a seed the download drops it as an "uninteresting
 * upload-only peer", though the piece just announced is one it lacks, and libtorrent does not dial
 * it again for {@code min_reconnect_time} (60 s). A PID-mate follows its gateway that closely:
 * issue 12's traces showed it losing the gateway (and every PID-mate that completed) at each
 * completion, then waiting 1 to 1.7 s for costlier peers let through to unchoke it, the demo's
 * slowest ALTO peers. Behind the filter those were its only sources nearby.
 *
 * <p>So while the filter is on, libtorrent's {@code close_redundant_connections} is off; the
 * session's own value comes back when the filter goes (the download is over or the node became its
 * PID's gateway) and at detach. Meanwhile connections between two finished peers stay open until
 * libtorrent's inactivity timeout instead of closing at once: a handful of idle connections for
 * the seconds a download lasts. Touched from the steering thread only.
 */
final class SeedConnections {

  private static final Logger log = LoggerFactory.getLogger(SeedConnections.class);
  private static final int CLOSE_REDUNDANT = settings_pack.bool_types.close_redundant_connections.swigValue();

  private final SessionManager session;
  /** The session's own value, read when first overridden; null while not overridden. */
  private Boolean original;

  SeedConnections(SessionManager session) {
    this.session = session;
  }

  /** Keeps completing peers connected ({@code true}) or hands the session its own setting back. */
  void keep(boolean on) {
    if (on && original == null) {
      original = session.swig().get_settings().get_bool(CLOSE_REDUNDANT);
      if (original) {
        set(false);
        log.debug("keeping peers that complete connected while the cost filter stands");
      }
    } else if (!on) {
      restore();
    }
  }

  /** Hands the session its own setting back. */
  void restore() {
    if (original != null) {
      if (original) {
        set(true);
      }
      original = null;
    }
  }

  private void set(boolean value) {
    settings_pack p = new settings_pack();
    p.set_bool(CLOSE_REDUNDANT, value);
    session.swig().apply_settings(p);
  }
}
