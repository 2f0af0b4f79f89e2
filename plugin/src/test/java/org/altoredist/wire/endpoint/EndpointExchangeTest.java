package org.altoredist.wire.endpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.MessageType;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireConfig;
import org.altoredist.wire.WireException;
import org.junit.jupiter.api.Test;

/** Two real endpoints on loopback (PID 1: holder 127.0.1.3, fetcher 127.0.1.4). */
class EndpointExchangeTest {

  @Test
  void bundleOfManyPiecesArrivesVerifiedThroughPipelinedRequests() throws Exception {
    // More pieces than the request queue, and a short last piece.
    byte[] bundle = new byte[3 * 1024 * 1024 + 1234];
    new Random(7).nextBytes(bundle);
    try (LoopbackTransfer t = LoopbackTransfer.open(bundle, "127.0.1.3", "127.0.1.4", WireConfig.defaults())) {
      assertArrayEquals(bundle, t.fetch());
      assertArrayEquals(bundle, t.fetch(), "a second fetch on the same connection");
      var stats = t.holderSeenByFetcher().stats();
      assertEquals(2L * Pieces.count(bundle.length), stats.sent(MessageType.REQUEST));
      assertEquals(2L * Pieces.count(bundle.length), stats.received(MessageType.DATA));
      assertEquals(1, stats.received(MessageType.INVENTORY));
    }
  }

  @Test
  void endpointsMessageArrivesAsASet() throws Exception {
    RecordingListener a = new RecordingListener();
    RecordingListener b = new RecordingListener();
    InfoHash torrent = LoopbackTransfer.TORRENT;
    try (WireEndpoint ea = WireEndpoint.open(new InetSocketAddress("127.0.1.3", 0), WireConfig.defaults(), a);
        WireEndpoint eb = WireEndpoint.open(new InetSocketAddress("127.0.1.4", 0), WireConfig.defaults(), b)) {
      ea.register(torrent);
      eb.register(torrent);
      WirePeer bSeenByA = ea.dial(torrent, eb.localAddress()).get(10, TimeUnit.SECONDS);
      WirePeer aSeenByB = RecordingListener.next(b.extensionEnabled);
      assertEquals(eb.localAddress(), bSeenByA.listenAddress().orElseThrow());
      assertEquals(ea.localAddress(), aSeenByB.listenAddress().orElseThrow(), "from the p of A's handshake");
      ArAltoMessage.Endpoints known = new ArAltoMessage.Endpoints(List.of(
          new InetSocketAddress("127.0.2.1", 6881), new InetSocketAddress("::1", 6882)));
      assertEquals(SendOutcome.SENT, aSeenByB.send(known));
      assertEquals(known, RecordingListener.next(a.messages).message());
    }
  }

  @Test
  void dialForATorrentThePeerDoesNotServeFails() throws Exception {
    RecordingListener a = new RecordingListener();
    RecordingListener b = new RecordingListener();
    try (WireEndpoint ea = WireEndpoint.open(new InetSocketAddress("127.0.1.3", 0), WireConfig.defaults(), a);
        WireEndpoint eb = WireEndpoint.open(new InetSocketAddress("127.0.1.4", 0), WireConfig.defaults(), b)) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> ea.dial(LoopbackTransfer.TORRENT, eb.localAddress()).get(10, TimeUnit.SECONDS));
      WireException cause = assertInstanceOf(WireException.class, e.getCause());
      assertEquals(DisconnectReason.CLOSED_BY_PEER, cause.reason());
      b.awaitDisconnect(DisconnectReason.UNKNOWN_INFO_HASH);
    }
  }
}
