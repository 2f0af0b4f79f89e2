package org.altoredist.engine;

import java.net.InetSocketAddress;
import java.util.List;
import org.altoredist.trust.VerificationException;
import org.altoredist.wire.InfoHash;

/**
 * What the engine tells its owner as it happens, so that a client's UI and log need not poll. Called
 * on the engine's loop thread: each method must return quickly and must not block on the engine.
 * Every method does nothing unless overridden. An exception a method throws is logged and goes no
 * further: the event is lost to the listener, and the engine carries on.
 */
public interface EngineEvents {

  /** A version was verified and installed; {@link HeldResource#source()} says where it came from. */
  default void mapInstalled(HeldResource held) {}

  /** Bytes offered as a version of a map were thrown away. */
  default void mapRefused(MapRefusal refusal) {}

  /** The engine cut a peer off for what it did. */
  default void peerDropped(PeerDrop drop) {}

  /**
   * A refused version of {@code resourceId} at {@code service}, sent by {@code senders}.
   *
   * @param reason the verifier's typed reason; null when the bytes did not even hash to the handle
   *     they were claimed under
   * @param detail the whole story, for a log
   */
  record MapRefusal(String service, String resourceId, List<InetSocketAddress> senders,
      VerificationException.Reason reason, String detail) {}

  /** A peer cut off, on a link for {@code torrent}, with the typed {@code reason} and a log's {@code detail}. */
  record PeerDrop(InetSocketAddress peer, InfoHash torrent, DropReason reason, String detail) {}

  /**
   * Why the engine cut a peer off, and whether that is a violation (bep_ar_alto.md, "Bans"): a
   * violation bans the peer's endpoint and counts against its address; anything else only
   * disconnects it, and it is not dialled again for a minute.
   */
  enum DropReason {
    /** It broke the wire protocol (the detail names the {@code DisconnectReason}). */
    WIRE_PROTOCOL(true),
    /** It claimed a bundle that failed verification in a way no compliant peer can cause. */
    FORGED_CLAIM(true),
    /** Several of its claims failed verification. */
    FAILED_CLAIMS(true),
    /** It alone sent bytes that do not hash to the handle it claimed. */
    WRONG_BYTES(true),
    /** It sent pieces of another size than it had announced. */
    INCONSISTENT_SIZE(true),
    /**
     * It left requests unanswered too often. No rule of the protocol bounds how long a holder
     * may take, and a slow or busy uplink is not a violation: it is not banned.
     */
    UNRESPONSIVE(false);

    private final boolean violation;

    DropReason(boolean violation) {
      this.violation = violation;
    }

    /** Whether the peer broke a rule, and is banned for it. */
    public boolean violation() {
      return violation;
    }
  }
}
