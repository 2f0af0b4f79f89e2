package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.altoredist.testing.Await;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine tells its owner of maps refused and peers dropped, with typed reasons, as it decides.
 * The test plays two peers ({@link ScriptedTransport}): one offers the service's directory and sends
 * bytes that do not hash to the handle it claimed; the other's connection ends for a wire violation.
 */
class EngineEventsTest {

  private static final String SERVICE = "https://alto.example/directory";
  private static final InfoHash TORRENT = InfoHash.ofHex("00000000000000000000000000000000000e0e27");

  @RegisterExtension
  final ScriptedTransport transport = new ScriptedTransport();
  private final List<EngineEvents.MapRefusal> refused = new CopyOnWriteArrayList<>();
  private final List<EngineEvents.PeerDrop> dropped = new CopyOnWriteArrayList<>();
  private RedistributionEngine engine;

  @Test
  void aPeerWhoseBytesMissTheirHandleIsReportedAsARefusedMapAndADroppedPeer() throws Exception {
    start();
    PeerLink liar = transport.open(TORRENT, "127.0.2.1");
    sendBytesThatMissTheirHandle(liar);

    Await.until("a refusal and a drop were reported", () -> !refused.isEmpty() && !dropped.isEmpty());
    EngineEvents.MapRefusal r = refused.get(0);
    assertEquals(SERVICE, r.service());
    assertNull(r.resourceId(), "the directory");
    assertEquals(List.of(liar.remoteAddress()), r.senders());
    assertNull(r.reason(), "bytes that miss their handle never reach the verifier");
    assertEquals(List.of(EngineEvents.DropReason.WRONG_BYTES), dropped.stream().map(EngineEvents.PeerDrop::reason).toList());
    assertEquals(liar.remoteAddress(), dropped.get(0).peer());
  }

  @Test
  void aConnectionEndedForAWireViolationIsReportedAsADroppedPeerWithTheWireReason() throws Exception {
    start();
    PeerLink rude = transport.open(TORRENT, "127.0.2.2");
    PeerLink polite = transport.open(TORRENT, "127.0.2.3");
    transport.close(polite, DisconnectReason.CLOSED_BY_PEER, "the peer left");
    transport.close(rude, DisconnectReason.MALFORMED_MESSAGE, "not canonical bencode");
    Await.until("the violation was reported", () -> !dropped.isEmpty());
    EngineEvents.PeerDrop d = dropped.get(0);
    assertEquals(EngineEvents.DropReason.WIRE_PROTOCOL, d.reason());
    assertEquals(rude.remoteAddress(), d.peer());
    assertEquals(TORRENT, d.torrent());
    assertEquals("MALFORMED_MESSAGE: not canonical bencode", d.detail());
    assertEquals(1, dropped.size(), "a peer that left in peace is no drop: " + dropped);
  }

  /**
   * A listener that throws loses its event and nothing else: the engine tells it of a drop before
   * it bans and disconnects the peer, and that work still happens.
   */
  @Test
  void aListenerThatThrowsLosesItsEventAndThePeerIsStillBanned() throws Exception {
    throwing = true;
    start();
    PeerLink liar = transport.open(TORRENT, "127.0.2.4");
    sendBytesThatMissTheirHandle(liar);
    Await.until("the drop was reported, and the listener threw", () -> !dropped.isEmpty());
    Await.until("the liar disconnected all the same", () -> transport.disconnected.contains(liar));

    PeerLink again = transport.open(TORRENT, "127.0.2.4");
    Await.until("the liar, reconnecting, is refused: it was banned", () -> transport.disconnected.contains(again));
  }

  private volatile boolean throwing;

  /** {@code liar} offers the service's directory, and answers the request with bytes of another hash. */
  private void sendBytesThatMissTheirHandle(PeerLink liar) throws InterruptedException {
    byte[] bytes = new byte[100];
    new Random(7).nextBytes(bytes);
    BundleHash claimed = BundleHash.compute(new byte[100]);
    transport.receive(liar, new ArAltoMessage.Inventory(List.of(new BundleClaim(SERVICE, null, 1, bytes.length, claimed)),
        List.of()));
    Await.until("the engine asked for the directory it was offered", () -> transport.sentOn(liar, ArAltoMessage.Request.class));
    transport.receive(liar, new ArAltoMessage.Data(claimed, 0, bytes.length, ByteBuffer.wrap(bytes)));
  }

  private void start() {
    engine = transport.start(RedistributionEngine.builder()
        .use(TrustPolicy.forService(SERVICE).pin(new byte[32]).build())
        .resourceRendezvous(false).tick(Duration.ofMillis(20))
        .events(new EngineEvents() {
          @Override
          public void mapRefused(MapRefusal refusal) {
            refused.add(refusal);
          }

          @Override
          public void peerDropped(PeerDrop drop) {
            dropped.add(drop);
            if (throwing) {
              throw new IllegalStateException("a listener with a bug");
            }
          }
        }));
    engine.join(TORRENT);
  }
}
