package org.altoredist.binding;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** What a tracker answered to an announce: peers, or a refusal of the info-hash. */
sealed interface TrackerReply {

  /**
   * Peers under the announced info-hash, and when to announce again.
   *
   * @param minInterval the tracker's {@code min interval}, or null when it sent none
   */
  record Peers(List<InetSocketAddress> peers, Duration interval, Duration minInterval) implements TrackerReply {
    public Peers {
      peers = List.copyOf(peers);
    }
  }

  /** The tracker's {@code failure reason}: typically a whitelist that lacks the info-hash. */
  record Refused(String reason) implements TrackerReply {}
}
