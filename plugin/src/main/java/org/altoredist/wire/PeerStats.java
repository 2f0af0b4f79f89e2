package org.altoredist.wire;

import java.util.Map;

/**
 * Counters of one connection: messages per type in each direction, bytes, and the events the
 * protocol handles without closing the connection. An immutable snapshot.
 */
public record PeerStats(Map<MessageType, Long> received, Map<MessageType, Long> sent, Map<Counter, Long> counters,
    long bytesReceived, long bytesSent) {

  /** Events worth counting that are not messages of a known type. */
  public enum Counter {
    /** An extended message under an id we never advertised: skipped unread. */
    UNKNOWN_EXTENDED_ID,
    /** An ar_alto message with a msg_type this version does not define: ignored. */
    UNKNOWN_MESSAGE_TYPE,
    /** An extension handshake we could not read: ignored, the extension state is unchanged. */
    UNREADABLE_HANDSHAKE,
    /** Extension handshakes read (the first and any re-sent). */
    EXTENSION_HANDSHAKES,
    /** A request for a piece already requested and not yet answered: ignored. */
    DUPLICATE_REQUEST,
    /** Rejects we sent ourselves because the peer had too many requests outstanding. */
    BUSY_REJECTS,
    /** Rejects we sent ourselves because the peer's upload budget was spent. */
    BUDGET_REJECTS,
    /** Data or rejects answering no request of ours: ignored. */
    UNSOLICITED,
    /**
     * The data messages among {@link #UNSOLICITED}, which alone count toward
     * {@link WireLimits#UNSOLICITED_DATA_TOLERANCE}: a late reject costs us nothing to ignore.
     */
    UNSOLICITED_DATA,
    KEEPALIVES_RECEIVED,
    KEEPALIVES_SENT,
    /** Other peer-wire messages (bitfield, have, choke, ...), skipped unread. */
    OTHER_MESSAGES
  }

  public PeerStats {
    received = Map.copyOf(received);
    sent = Map.copyOf(sent);
    counters = Map.copyOf(counters);
  }

  public long received(MessageType t) {
    return received.getOrDefault(t, 0L);
  }

  public long sent(MessageType t) {
    return sent.getOrDefault(t, 0L);
  }

  public long count(Counter c) {
    return counters.getOrDefault(c, 0L);
  }
}
