package org.altoredist.binding;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;

/** One announce to one tracker, blocking until the answer or the deadline. */
interface TrackerClient {

  /** BEP 3's {@code event}, with BEP 15's numbers; {@link #NONE} is a regular re-announce. */
  enum Event {
    NONE(null, 0), STARTED("started", 2), STOPPED("stopped", 3);

    final String http;
    final int udp;

    Event(String http, int udp) {
      this.http = http;
      this.udp = udp;
    }
  }

  /**
   * An announce of {@code self}'s port under {@code infoHash}. The connection leaves from
   * {@code self}'s address, because trackers list the source address of the announce and that is
   * where the endpoint listens.
   */
  record Announce(byte[] infoHash, byte[] peerId, InetSocketAddress self, Event event) {}

  TrackerReply announce(URI tracker, Announce announce, Duration deadline) throws TrackerException;

  /** UDP trackers to {@code udp}, every other URL to {@code http} (which refuses what it cannot use). */
  static TrackerClient byScheme(TrackerClient http, TrackerClient udp) {
    return (tracker, announce, deadline) -> "udp".equalsIgnoreCase(tracker.getScheme())
        ? udp.announce(tracker, announce, deadline) : http.announce(tracker, announce, deadline);
  }
}
