package org.altoredist.binding;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import org.altoredist.alto.PidIndex;
import org.altoredist.engine.Ranker;
import org.libtorrent4j.TorrentHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks libtorrent to connect the peers steering chose, and keeps the record of its choices that
 * {@link AltoPlugin#steeringLog} shows: every place of a ranking, dialled or already connected.
 * Dials from the steering thread; the record is read from any.
 */
final class Dialler {

  private static final Logger log = LoggerFactory.getLogger(Dialler.class);

  /** Dialling events kept for {@link AltoPlugin#steeringLog}: a few minutes of a busy client's. */
  static final int LOG_EVENTS = 1_000;

  private final InetSocketAddress self;
  private final Clock clock;
  private final ArrayDeque<SteeringEvent> events = new ArrayDeque<>();

  Dialler(InetSocketAddress self, Clock clock) {
    this.self = self;
    this.clock = clock;
  }

  /**
   * Records place {@code rank} of a ranking in steering round {@code round} (-1: a peer let through
   * by relief), asking libtorrent to connect when {@code connect}.
   */
  void dial(Ranker ranker, TorrentHandle h, InetSocketAddress peer, long round, int rank, boolean connect) {
    PidIndex index = ranker.index();
    int pid = index.indexOf(peer.getAddress());
    if (connect && !LibtorrentEndpoints.connect(h, peer)) {
      log.debug("{}: libtorrent cannot read the address of {}; not dialled", self, peer);
      connect = false;
    }
    String hex = h.infoHash().toHex();
    SteeringEvent e = new SteeringEvent(round, clock.instant(), hex, peer, pid < 0 ? null : index.pids().get(pid),
        ranker.costTo(pid), rank, connect);
    synchronized (events) {
      events.addLast(e);
      if (events.size() > LOG_EVENTS) {
        events.removeFirst();
      }
    }
    if (connect) {
      log.debug("{}: torrent {}: dialling {} (PID {}, rank {})", self, hex, peer, e.pid() == null ? "none" : e.pid(),
          rank);
    }
  }

  /** The record, oldest first. */
  List<SteeringEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }
}
