package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.Test;

/**
 * Which holder a download asks: the one that answers soonest gets the pipeline, an untried one
 * comes before one known to be slow, and pieces stuck at a holder that delivered none of the
 * bundle move to another after {@link Download#STALLED_HOLDER_FACTOR} endgame waits.
 */
class HolderChoiceTest {

  private static final long MS = 1_000_000L;
  private static final int PIECES = 8;
  private static final int CAP = WireLimits.MAX_OUTSTANDING_REQUESTS;
  private static final BundleClaim CLAIM = new BundleClaim("https://alto.example/ird", "my-network-map", 1,
      PIECES * WireLimits.PIECE_SIZE, BundleHash.of(new byte[32]));
  /** A bundle the peers answered requests for before the test. */
  private static final BundleHash EARLIER = BundleHash.ofHex("01".repeat(32));
  private static final ResourceKey KEY = new ResourceKey(CLAIM.service(), CLAIM.resourceId());

  /** A link that takes every message and keeps the requests, so the test sees whom the download asked. */
  private static final class Recording implements PeerLink {
    final List<Integer> requested = new ArrayList<>();
    private final int port;

    Recording(int port) {
      this.port = port;
    }

    @Override
    public InfoHash torrent() {
      return InfoHash.of(new byte[InfoHash.LENGTH]);
    }

    @Override
    public InetSocketAddress remoteAddress() {
      return new InetSocketAddress("192.0.2.1", port);
    }

    @Override
    public Optional<InetSocketAddress> listenAddress() {
      return Optional.empty();
    }

    @Override
    public boolean outgoing() {
      return true;
    }

    @Override
    public SendOutcome send(ArAltoMessage message) {
      if (message instanceof ArAltoMessage.Request r) {
        requested.add(r.piece());
      }
      return SendOutcome.SENT;
    }

    @Override
    public void disconnect() {}
  }

  /**
   * A peer that has answered {@code answers} earlier requests (of another bundle) in {@code srttMillis}
   * each, the last long enough ago that it counts as silent now.
   */
  private static Peer peer(int port, long srttMillis, long answers) {
    Peer p = new Peer(new Recording(port));
    long rtt = srttMillis * MS;
    long sentAt = Long.MIN_VALUE / 2 - rtt;
    for (int i = 0; i < answers; i++) {
      p.request(EARLIER, i, sentAt);
      p.answered(EARLIER, i, sentAt + rtt);
    }
    asked(p).clear();
    return p;
  }

  private static List<Integer> asked(Peer p) {
    return ((Recording) p.link()).requested;
  }

  private static Download download() {
    return new Download(KEY, CLAIM, null, null, null, 0, 0);
  }

  @Test
  void aFastHolderIsAskedBeforeASlowOneThatClaimedFirst() {
    Peer slow = peer(1, 3_000, 50);
    Peer fast = peer(2, 80, 5);
    download().pump(List.of(slow, fast), CAP, 0);
    assertEquals(PIECES, asked(fast).size(), "the holder answering in 80 ms gets the whole pipeline");
    assertTrue(asked(slow).isEmpty());
  }

  @Test
  void anUntriedHolderIsAskedBeforeOneKnownToBeSlowerThanTheDefaultExpectation() {
    Peer slow = peer(1, 2 * Download.DEFAULT_ANSWER_NANOS / MS, 50);
    Peer untried = peer(2, 0, 0);
    download().pump(List.of(slow, untried), CAP, 0);
    assertEquals(PIECES, asked(untried).size(), "an untried holder gets its chance and its speed learned");
    assertTrue(asked(slow).isEmpty());
  }

  @Test
  void aHolderKnownToBeFasterThanTheDefaultExpectationIsAskedBeforeAnUntriedOne() {
    Peer untried = peer(1, 0, 0);
    Peer known = peer(2, 200, 3);
    download().pump(List.of(untried, known), CAP, 0);
    assertEquals(PIECES, asked(known).size());
    assertTrue(asked(untried).isEmpty());
  }

  @Test
  void piecesStuckAtAHolderThatDeliveredNoneOfTheBundleMoveAfterTheLongerWait() {
    Peer stuck = peer(1, 100, 10);
    Download dl = download();
    dl.pump(List.of(stuck), CAP, 0);
    assertEquals(PIECES, asked(stuck).size());
    Peer other = peer(2, 100, 10);
    // The endgame's wait: its factor times the quickest claimant's answer time, at least its floor.
    long lateNanos = Math.max(Download.MIN_ENDGAME_NANOS, Download.ENDGAME_FACTOR * 100 * MS);
    // After one endgame wait only the one-in-ten budget (one piece of eight) may be asked again.
    dl.pump(List.of(stuck, other), CAP, lateNanos);
    assertEquals(0, asked(other).size(), "a holder that has answered before gets the longer wait");
    dl.pump(List.of(stuck, other), CAP, Download.STALLED_HOLDER_FACTOR * lateNanos);
    assertEquals(PIECES, asked(other).size(), "every stuck piece moves, not only one in ten");
  }

  @Test
  void piecesAtAHolderThatIsDeliveringTheBundleMoveOnlyWithinTheBudget() {
    Peer slow = peer(1, 100, 10);
    Download dl = download();
    dl.pump(List.of(slow), CAP, 0);
    ByteBuffer piece = ByteBuffer.wrap(new byte[WireLimits.PIECE_SIZE]);
    slow.answered(CLAIM.hash(), 0, 10 * MS);
    dl.accept(slow, 0, piece, null, 10 * MS);
    Peer other = peer(2, 100, 10);
    // The slow holder last answered at 10 ms, as long before now as the requests: the pieces are late and it is silent.
    dl.pump(List.of(slow, other), CAP, 10 * Download.ENDGAME_FACTOR * Download.DEFAULT_ANSWER_NANOS);
    assertEquals(Math.max(1, PIECES / 10), asked(other).size(), "a contributor's pieces move one in ten at most");
  }
}
