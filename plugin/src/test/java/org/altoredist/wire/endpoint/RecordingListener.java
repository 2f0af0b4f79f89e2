package org.altoredist.wire.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.RejectReason;

/**
 * A listener that records what an endpoint reports and, like a holder would, answers requests
 * for the bundles it {@link #serve serves} (data, or reject 1 / 2); {@link #holdRequests} leaves
 * requests unanswered instead.
 */
final class RecordingListener implements WireListener {

  static final Duration DEADLINE = Duration.ofSeconds(10);

  record Disconnect(WirePeer peer, DisconnectReason reason, String detail) {}

  record Received(WirePeer peer, ArAltoMessage message) {}

  final BlockingQueue<WirePeer> connected = new LinkedBlockingQueue<>();
  final BlockingQueue<WirePeer> extensionEnabled = new LinkedBlockingQueue<>();
  final BlockingQueue<WirePeer> extensionDisabled = new LinkedBlockingQueue<>();
  final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
  final BlockingQueue<Disconnect> disconnects = new LinkedBlockingQueue<>();
  private final Map<BundleHash, byte[]> served = new ConcurrentHashMap<>();
  volatile boolean holdRequests;

  void serve(byte[] bundle) {
    served.put(BundleHash.compute(bundle), bundle);
  }

  @Override
  public void connected(WirePeer peer) {
    connected.add(peer);
  }

  @Override
  public void extensionChanged(WirePeer peer, boolean enabled) {
    (enabled ? extensionEnabled : extensionDisabled).add(peer);
  }

  @Override
  public void message(WirePeer peer, ArAltoMessage message) {
    boolean hold = holdRequests;
    messages.add(new Received(peer, message));
    if (message instanceof ArAltoMessage.Request r && !hold) {
      byte[] bundle = served.get(r.hash());
      if (bundle == null) {
        peer.send(new ArAltoMessage.Reject(r.hash(), r.piece(), RejectReason.NOT_HELD));
      } else if (r.piece() >= Pieces.count(bundle.length)) {
        peer.send(new ArAltoMessage.Reject(r.hash(), r.piece(), RejectReason.PIECE_OUT_OF_RANGE));
      } else {
        peer.send(new ArAltoMessage.Data(r.hash(), r.piece(), bundle.length, Pieces.slice(bundle, r.piece())));
      }
    }
  }

  @Override
  public void disconnected(WirePeer peer, DisconnectReason reason, String detail) {
    disconnects.add(new Disconnect(peer, reason, detail));
  }

  static <T> T next(BlockingQueue<T> q) throws InterruptedException {
    T t = q.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    assertNotNull(t, "nothing arrived within " + DEADLINE);
    return t;
  }

  Disconnect awaitDisconnect(DisconnectReason expected) throws InterruptedException {
    Disconnect d = next(disconnects);
    assertEquals(expected, d.reason(), d.detail());
    return d;
  }
}
