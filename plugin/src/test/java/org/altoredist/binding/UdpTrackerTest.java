package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.altoredist.binding.TrackerException.Failure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * BEP 15 against a real UDP socket on loopback playing the tracker with handcrafted datagrams:
 * the connect/announce exchange, a resend after a lost datagram, answers that are not ours, an
 * error, and silence.
 */
class UdpTrackerTest {

  /** BEP 15's 15 s scaled down: the test tracker answers at once or never. */
  private static final Duration FIRST_TIMEOUT = Duration.ofMillis(200);
  private static final InetSocketAddress SELF = new InetSocketAddress("127.0.0.3", 6881);
  private static final long CONNECTION_ID = 0x1122334455667788L;

  private final byte[] key = new byte[20];
  private final byte[] peerId = new byte[20];
  private final List<byte[]> received = new CopyOnWriteArrayList<>();
  private final List<InetAddress> sources = new CopyOnWriteArrayList<>();
  private DatagramSocket tracker;
  private Thread serving;

  @AfterEach
  void stop() throws InterruptedException {
    tracker.close();
    serving.join(5_000);
  }

  @Test
  void connectsThenAnnouncesTheKeyAndPortAndReadsThePeers() throws Exception {
    Arrays.fill(key, (byte) 7);
    serve((n, request) -> ok(request));
    TrackerReply.Peers p = assertInstanceOf(TrackerReply.Peers.class, announce(Duration.ofSeconds(5)));
    assertEquals(List.of(new InetSocketAddress("127.0.1.1", 6881)), p.peers());
    assertEquals(Duration.ofSeconds(1800), p.interval());
    ByteBuffer a = ByteBuffer.wrap(received.get(1));
    assertEquals(98, a.remaining());
    assertEquals(CONNECTION_ID, a.getLong(0));
    assertEquals(1, a.getInt(8));
    assertArrayEquals(key, Arrays.copyOfRange(received.get(1), 16, 36));
    assertArrayEquals(peerId, Arrays.copyOfRange(received.get(1), 36, 56));
    assertEquals(2, a.getInt(80), "event started");
    assertEquals(6881, a.getShort(96) & 0xffff);
    assertEquals(List.of(InetAddress.getByName("127.0.0.3"), InetAddress.getByName("127.0.0.3")), sources);
  }

  @Test
  void resendsALostRequestAndIgnoresAnswersThatAreNotOurs() throws Exception {
    serve((n, request) -> {
      if (n == 0) {
        return null; // the first connect is lost
      }
      if (n == 1) {
        byte[] wrong = ok(request);
        wrong[4] ^= 1; // a stale transaction id: must be ignored, and the next one waited for
        return wrong;
      }
      return ok(request);
    });
    assertInstanceOf(TrackerReply.Peers.class, announce(Duration.ofSeconds(5)));
  }

  @Test
  void anErrorAnswerToTheAnnounceIsARefusal() throws Exception {
    serve((n, request) -> ByteBuffer.wrap(request).getInt(8) == 0 ? ok(request)
        : ByteBuffer.allocate(8 + 14).putInt(3).putInt(ByteBuffer.wrap(request).getInt(12))
            .put("not authorized".getBytes(StandardCharsets.US_ASCII)).array());
    TrackerReply.Refused r = assertInstanceOf(TrackerReply.Refused.class, announce(Duration.ofSeconds(5)));
    assertEquals("not authorized", r.reason());
  }

  @Test
  void anAnnounceAnswerCutAfterTheTransactionIdIsOpentrackersRefusal() throws Exception {
    serve((n, request) -> ByteBuffer.wrap(request).getInt(8) == 0 ? ok(request) : Arrays.copyOf(ok(request), 8));
    assertInstanceOf(TrackerReply.Refused.class, announce(Duration.ofSeconds(5)));
  }

  @Test
  void aShortAnnounceAnswerIsMalformedAndSilenceTimesOut() throws Exception {
    serve((n, request) -> ByteBuffer.wrap(request).getInt(8) == 0 ? ok(request) : Arrays.copyOf(ok(request), 12));
    assertEquals(Failure.MALFORMED, assertThrows(TrackerException.class, () -> announce(Duration.ofSeconds(5))).failure());
    stop();
    serve((n, request) -> null);
    assertEquals(Failure.TIMEOUT, assertThrows(TrackerException.class, () -> announce(Duration.ofSeconds(1))).failure());
    // Sends at 0, 200 and 600 ms, the waits doubling: at most three within the second, not five.
    assertTrue(received.size() >= 2 && received.size() <= 3, received.size() + " sends");
  }

  private TrackerReply announce(Duration deadline) throws TrackerException {
    URI url = URI.create("udp://127.0.0.1:" + tracker.getLocalPort() + "/announce");
    return new UdpTracker(FIRST_TIMEOUT).announce(url,
        new TrackerClient.Announce(key, peerId, SELF, TrackerClient.Event.STARTED), deadline);
  }

  /** The usual answer: a connection id to a connect, one peer to an announce. */
  private static byte[] ok(byte[] request) {
    ByteBuffer r = ByteBuffer.wrap(request);
    int transaction = r.getInt(12);
    if (r.getInt(8) == 0) {
      return ByteBuffer.allocate(16).putInt(0).putInt(transaction).putLong(CONNECTION_ID).array();
    }
    return ByteBuffer.allocate(26).putInt(1).putInt(transaction).putInt(1800).putInt(1).putInt(0)
        .put(new byte[] {127, 0, 1, 1, 0x1a, (byte) 0xe1}).array();
  }

  /** A tracker answering the n-th datagram with {@code answer}'s bytes, or not at all for null. */
  private void serve(BiFunction<Integer, byte[], byte[]> answer) throws SocketException {
    received.clear();
    sources.clear();
    tracker = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    DatagramSocket s = tracker;
    serving = new Thread(() -> {
      byte[] buf = new byte[2048];
      try {
        for (int n = 0; ; n++) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          s.receive(p);
          byte[] request = Arrays.copyOf(buf, p.getLength());
          received.add(request);
          sources.add(p.getAddress());
          byte[] reply = answer.apply(n, request);
          if (reply != null) {
            s.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
          }
        }
      } catch (IOException e) {
        // closed by the test
      }
    });
    serving.start();
  }
}
