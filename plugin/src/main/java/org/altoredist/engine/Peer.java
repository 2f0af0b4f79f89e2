package org.altoredist.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.SendOutcome;

/** What the engine knows about one open link. Loop-confined. */
final class Peer {

  /** A request this node sent and the peer has not answered. */
  private record Asked(BundleHash hash, int piece) {}

  /**
   * Claims kept per peer: two full inventories. A node holds a few resources per service; a peer
   * that claims more is either a large relay or trying to make us remember things.
   */
  static final int MAX_CLAIMS = 2 * org.altoredist.wire.WireLimits.MAX_INVENTORY_ENTRIES;
  /** Bundles remembered as served to one peer: a few resources' versions in flight at once, and then some. */
  static final int MAX_SERVED = 8;
  /** The send time of a request given up on. */
  private static final long LAPSED = Long.MIN_VALUE;

  private final PeerLink link;
  /** The peer's current claims by handle, oldest first; the inventory is additive per connection. */
  private final LinkedHashMap<BundleHash, BundleClaim> claims = new LinkedHashMap<>();
  /** The peer's current delta claims by handle, oldest first, bounded as {@link #claims} is. */
  private final LinkedHashMap<BundleHash, DeltaClaim> deltaClaims = new LinkedHashMap<>();

  /** Requests outstanding at the peer, with when they were sent; including ones we stopped waiting for, which it still counts. */
  private final Map<Asked, Long> asked = new HashMap<>();
  /** Smoothed time from a request to its answer (RFC 6298's SRTT, gain 1/8); 0 before the first answer. */
  private long srttNanos;
  /** Requests that timed out in a row; a peer that answers nothing is eventually dropped. */
  private int consecutiveTimeouts;
  /** Requests it has answered, with data or a reject. */
  private long answers;
  /** When it last answered a request; a peer still answering is working through its queue. */
  private long lastAnswerAt = Long.MIN_VALUE / 2;
  /** After a busy reject: no requests to it before this time. */
  private long busyUntil;

  /** Bundles it claimed that failed verification with a remedy that does not drop it at once. */
  private int strikes;
  private boolean dropped;
  /** Being closed as a duplicate link; its close event is on the way. */
  private boolean closing;

  /** Inventory changes waiting for the peer's announcement rate to allow them. */
  private final PendingInventory pending = new PendingInventory();
  private final EndpointsTold endpoints = new EndpointsTold();
  /**
   * The bundles this node has sent the peer pieces of, the latest {@link #MAX_SERVED}: a requester
   * already being served a bundle is never turned away from the rest of it.
   */
  private final Set<BundleHash> served = new LinkedHashSet<>();
  /** Answers the session could not queue yet (its outbound buffer was full). */
  private final ArrayDeque<ArAltoMessage> unsent = new ArrayDeque<>();

  Peer(PeerLink link) {
    this.link = link;
  }

  PeerLink link() {
    return link;
  }

  // ---- What it claims.

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

  /** Its current claim of bundle {@code h}; null if none. */
  BundleClaim claimOf(BundleHash h) {
    return claims.get(h);
  }

  /** Its current claim of delta {@code h}; null if none. */
  DeltaClaim deltaClaimOf(BundleHash h) {
    return deltaClaims.get(h);
  }

  /** Forgets its claim of bundle {@code h}; returns it, or null if there was none. */
  BundleClaim forgetClaim(BundleHash h) {
    return claims.remove(h);
  }

  /** Forgets its claim of delta {@code h}; returns it, or null if there was none. */
  DeltaClaim forgetDeltaClaim(BundleHash h) {
    return deltaClaims.remove(h);
  }

  /** Forgets all its bundle claims; returns them, oldest first. */
  List<BundleClaim> forgetClaims() {
    List<BundleClaim> all = new ArrayList<>(claims.values());
    claims.clear();
    return all;
  }

  /** Forgets all its delta claims; returns them, oldest first. */
  List<DeltaClaim> forgetDeltaClaims() {
    List<DeltaClaim> all = new ArrayList<>(deltaClaims.values());
    deltaClaims.clear();
    return all;
  }

  // ---- Requests to it.

  /** How many requests it may have outstanding now: one while it is not answering, else the cap. */
  int requestCap(int cap) {
    return consecutiveTimeouts > 0 ? 1 : cap;
  }

  boolean canRequest(int cap, long now) {
    return !dropped && now >= busyUntil && asked.size() < requestCap(cap);
  }

  /** How many requests it has outstanding, lapsed ones included. */
  int outstanding() {
    return asked.size();
  }

  /** Whether piece {@code piece} of {@code hash} is outstanding at it. */
  boolean wasAsked(BundleHash hash, int piece) {
    return asked.containsKey(new Asked(hash, piece));
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

  /** An answer brought data: it is answering again. */
  void pieceReceived() {
    consecutiveTimeouts = 0;
  }

  /**
   * Marks the requests older than {@code timeoutNanos} as lapsed, counts them as timeouts in a row,
   * and returns how many lapsed now. They stay outstanding (the peer's session still counts them,
   * and a late answer is still taken); each lapses once.
   */
  int lapse(long timeoutNanos, long now) {
    int n = 0;
    for (Map.Entry<Asked, Long> e : asked.entrySet()) {
      if (e.getValue() != LAPSED && now - e.getValue() >= timeoutNanos) {
        e.setValue(LAPSED);
        n++;
      }
    }
    consecutiveTimeouts += n;
    return n;
  }

  int consecutiveTimeouts() {
    return consecutiveTimeouts;
  }

  /** How many requests it has answered, with data or a reject. */
  long answers() {
    return answers;
  }

  long lastAnswerAt() {
    return lastAnswerAt;
  }

  /** Its smoothed answer time; 0 before its first answer. */
  long srttNanos() {
    return srttNanos;
  }

  /** How long to leave a busy peer alone: a round trip, within [{@code min}, {@code max}]. */
  long busyBackoff(long min, long max) {
    return Math.max(min, Math.min(max, srttNanos));
  }

  /** It said it is busy: no requests to it before {@code t}. */
  void backOffUntil(long t) {
    busyUntil = t;
  }

  /** No requests to it before {@code t}, unless a longer back-off already holds. */
  void holdRequestsUntil(long t) {
    busyUntil = Math.max(busyUntil, t);
  }

  // ---- Its standing.

  /** Counts one more claim of it that failed verification; returns how many have. */
  int strike() {
    return ++strikes;
  }

  boolean isDropped() {
    return dropped;
  }

  void markDropped() {
    dropped = true;
  }

  boolean isClosing() {
    return closing;
  }

  void markClosing() {
    closing = true;
  }

  // ---- What it is told.

  PendingInventory pending() {
    return pending;
  }

  /** The endpoints it has been told. */
  EndpointsTold endpoints() {
    return endpoints;
  }

  // ---- What it is sent.

  /** Whether it has been sent pieces of {@code h} lately (among the last {@link #MAX_SERVED} bundles). */
  boolean isBeingServed(BundleHash h) {
    return served.contains(h);
  }

  /** Records that the peer is sent a piece of {@code h}, forgetting the oldest bundle beyond {@link #MAX_SERVED}. */
  void recordServed(BundleHash h) {
    if (served.add(h) && served.size() > MAX_SERVED) {
      Iterator<BundleHash> oldest = served.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** Sends an answer, or, when earlier ones still wait or the session's buffer is full, queues it behind them. */
  void answer(ArAltoMessage m) {
    if (!unsent.isEmpty() || link.send(m) == SendOutcome.OUTBOUND_FULL) {
      unsent.add(m);
    }
  }

  /** Sends answers the session could not queue before, in order, as far as it takes them now. */
  void retryUnsent() {
    while (!unsent.isEmpty()) {
      SendOutcome o = link.send(unsent.peek());
      if (o == SendOutcome.OUTBOUND_FULL) {
        return;
      }
      unsent.poll();
    }
  }

  /** The bytes queued for it: in the session's buffer, and the payload of answers waiting for room there. */
  long queuedBytes() {
    long queued = link.queuedBytes();
    for (ArAltoMessage m : unsent) {
      queued += m instanceof ArAltoMessage.Data d ? d.payload().remaining() : 0;
    }
    return queued;
  }

  @Override
  public String toString() {
    return link.remoteAddress().toString();
  }
}
