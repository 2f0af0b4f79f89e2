package org.altoredist.engine;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The endpoints one peer has been told, so each is told once while it stays connected, and when a
 * refused batch may go again. Only endpoints still connected are remembered: a peer that comes
 * back is told again, and a client reconnecting under ever new listen ports cannot make every
 * other peer's record grow without end. Loop-confined.
 */
final class EndpointsTold {

  private final Set<InetSocketAddress> sent = new HashSet<>();
  /** After endpoints were refused: none are sent before this time; 0 when none wait. */
  private long retryAt;

  /** Whether {@code endpoint} was already told. */
  boolean contains(InetSocketAddress endpoint) {
    return sent.contains(endpoint);
  }

  void addAll(Collection<InetSocketAddress> told) {
    sent.addAll(told);
  }

  /** Forgets every endpoint told but those in {@code present}: the ones connected now. */
  void forgetAllBut(Set<InetSocketAddress> present) {
    sent.retainAll(present);
  }

  /** Endpoints were refused; they wait until {@code t}. */
  void retryAt(long t) {
    retryAt = t;
  }

  /** Whether endpoints refused earlier are still held back at {@code now}. */
  boolean heldBack(long now) {
    return now < retryAt;
  }

  /** Whether endpoints refused earlier may be tried again at {@code now}. */
  boolean retryDue(long now) {
    return retryAt != 0 && now >= retryAt;
  }

  void clearRetry() {
    retryAt = 0;
  }
}
