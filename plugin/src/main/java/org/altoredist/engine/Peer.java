package org.altoredist.engine;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.SendOutcome;

/** What the engine knows about one open link. Loop-confined. */
final class Peer {

  /** A request this node sent and the peer has not answered. */
  record Asked(BundleHash hash, int piece) {}

  /**
   * Claims kept per peer: two full inventories. A node holds a few resources per service; a peer
   * that claims more is either a large relay or trying to make us remember things.
   */
  static final int MAX_CLAIMS = 2 * org.altoredist.wire.WireLimits.MAX_INVENTORY_ENTRIES;
  /** Bundles remembered as served to one peer: a few resources' versions in flight at once, and then some. */
  static final int MAX_SERVED = 8;

  final PeerLink link;
  /** The peer's current claims by handle, oldest first; the inventory is additive per connection. */
  final LinkedHashMap<BundleHash, BundleClaim> claims = new LinkedHashMap<>();
  /** The peer's current delta claims by handle, oldest first, bounded as {@link #claims} is. */
  final LinkedHashMap<BundleHash, DeltaClaim> deltaClaims = new LinkedHashMap<>();
  /** The send time of a request given up on. */
  static final long LAPSED = Long.MIN_VALUE;

  /** Requests outstanding at the peer, with when they were sent; including ones we stopped waiting for, which it still counts. */
  final Map<Asked, Long> asked = new HashMap<>();
  /** Smoothed time from a request to its answer (RFC 6298's SRTT, gain 1/8); 0 before the first answer. */
  long srttNanos;
  /** Requests that timed out in a row; a peer that answers nothing is eventually dropped. */
  int consecutiveTimeouts;
  /** Requests it has answered, with data or a reject. */
  long answers;
  /** When it last answered a request; a peer still answering is working through its queue. */
  long lastAnswerAt = Long.MIN_VALUE / 2;
  /** Bundles it claimed that failed verification with a remedy that does not drop it at once. */
  int strikes;
  /** After a busy reject: no requests to it before this time. */
  long busyUntil;
  boolean dropped;
  /** Being closed as a duplicate link; its close event is on the way. */
  boolean closing;

  /** Inventory changes waiting for the peer's announcement rate to allow them. */
  private final PendingInventory pending = new PendingInventory();
  /** Endpoints already told to this peer, so each is told once. */
  private final Set<InetSocketAddress> endpointsSent = new HashSet<>();
  /** After endpoints were refused: none are sent before this time; 0 when none wait. */
  private long endpointsRetryAt;
  /**
   * The bundles this node has sent the peer pieces of, the latest {@link #MAX_SERVED}: a requester
   * already being served a bundle is never turned away from the rest of it.
   */
  final Set<BundleHash> served = new LinkedHashSet<>();
  /** Answers the session could not queue yet (its outbound buffer was full). */
  final ArrayDeque<ArAltoMessage> unsent = new ArrayDeque<>();

  long piecesReceived;
  long piecesServed;

  Peer(PeerLink link) {
    this.link = link;
  }

  PeerLink link() {
    return link;
  }

  PendingInventory pending() {
    return pending;
  }

  /** Whether {@code endpoint} was already told to this peer. */
  boolean told(InetSocketAddress endpoint) {
    return endpointsSent.contains(endpoint);
  }

  void toldEndpoints(Collection<InetSocketAddress> told) {
    endpointsSent.addAll(told);
  }

  /** Endpoints were refused; they wait until {@code t}. */
  void retryEndpointsAt(long t) {
    endpointsRetryAt = t;
  }

  /** Whether endpoints refused earlier are still held back at {@code now}. */
  boolean endpointsHeldBack(long now) {
    return now < endpointsRetryAt;
  }

  /** Whether endpoints refused earlier may be tried again at {@code now}. */
  boolean endpointsRetryDue(long now) {
    return endpointsRetryAt != 0 && now >= endpointsRetryAt;
  }

  void clearEndpointsRetry() {
    endpointsRetryAt = 0;
  }

  /** Remembers a claim, forgetting the oldest beyond {@link #MAX_CLAIMS}; returns the one forgotten. */
  BundleClaim addClaim(BundleClaim c) {
    return remember(claims, c.hash(), c);
  }

  /** Remembers a delta claim, forgetting the oldest beyond {@link #MAX_CLAIMS}; returns the one forgotten. */
  DeltaClaim addDeltaClaim(DeltaClaim c) {
    return remember(deltaClaims, c.delta().hash(), c);
  }

  private static <T> T remember(LinkedHashMap<BundleHash, T> map, BundleHash h, T claim) {
    map.remove(h);
    map.put(h, claim);
    if (map.size() <= MAX_CLAIMS) {
      return null;
    }
    Iterator<T> oldest = map.values().iterator();
    T gone = oldest.next();
    oldest.remove();
    return gone;
  }

  /** How many requests it may have outstanding now: one while it is not answering, else the cap. */
  int requestCap(int cap) {
    return consecutiveTimeouts > 0 ? 1 : cap;
  }

  boolean canRequest(int cap, long now) {
    return !dropped && now >= busyUntil && asked.size() < requestCap(cap);
  }

  SendOutcome request(BundleHash hash, int piece, long now) {
    SendOutcome o = link.send(new ArAltoMessage.Request(hash, piece));
    if (o == SendOutcome.SENT) {
      asked.put(new Asked(hash, piece), now);
    }
    return o;
  }

  /** A request was answered (data or reject); false if it was not outstanding. */
  boolean answered(BundleHash hash, int piece, long now) {
    Long sent = asked.remove(new Asked(hash, piece));
    if (sent == null) {
      return false;
    }
    answers++;
    lastAnswerAt = now;
    if (sent != LAPSED) {
      long rtt = now - sent;
      srttNanos = srttNanos == 0 ? rtt : srttNanos + (rtt - srttNanos) / 8;
    }
    return true;
  }

  /**
   * Marks the requests older than {@code timeoutNanos} as lapsed and returns how many lapsed now.
   * They stay outstanding (the peer's session still counts them, and a late answer is still
   * taken); each lapses once.
   */
  int lapse(long timeoutNanos, long now) {
    int n = 0;
    for (Map.Entry<Asked, Long> e : asked.entrySet()) {
      if (e.getValue() != LAPSED && now - e.getValue() >= timeoutNanos) {
        e.setValue(LAPSED);
        n++;
      }
    }
    return n;
  }

  /** Records that the peer was sent a piece of {@code h}, forgetting the oldest beyond {@link #MAX_SERVED}. */
  void served(BundleHash h) {
    if (served.add(h) && served.size() > MAX_SERVED) {
      Iterator<BundleHash> oldest = served.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** How long to leave a busy peer alone: a round trip, within [{@code min}, {@code max}]. */
  long busyBackoff(long min, long max) {
    return Math.max(min, Math.min(max, srttNanos));
  }

  @Override
  public String toString() {
    return link.remoteAddress().toString();
  }
}
