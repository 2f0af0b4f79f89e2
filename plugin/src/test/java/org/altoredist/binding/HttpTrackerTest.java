package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;
import org.altoredist.binding.TrackerException.Failure;
import org.altoredist.fuzz.NameLookups;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP announce against a real HTTP server on loopback that answers with handcrafted bodies:
 * what goes out (info-hash and peer id as raw bytes, the endpoint's port, the event, from the
 * endpoint's address) and how each kind of answer comes back.
 */
class HttpTrackerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  /** The endpoint's address differs from the server's, as on a multi-homed host. */
  private static final InetSocketAddress SELF = new InetSocketAddress("127.0.0.3", 6881);

  private final byte[] key = new byte[20];
  private final byte[] peerId = new byte[20];
  private final Map<String, HttpExchangeRecord> seen = new ConcurrentHashMap<>();
  private HttpServer server;
  private final HttpTracker tracker = new HttpTracker((SSLSocketFactory) SSLSocketFactory.getDefault());

  record HttpExchangeRecord(String query, InetAddress from) {}

  @BeforeEach
  void start() throws IOException {
    for (int i = 0; i < 20; i++) {
      key[i] = (byte) (i * 13 + 0x7a); // letters, digits and bytes that must be escaped
      peerId[i] = (byte) (0xff - i);
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    answer("/ok", 200, bytes("d8:intervali900e12:min intervali120e5:peers12:", new byte[] {127, 0, 1, 1, 0x1a, (byte) 0xe1,
        127, 0, 2, 1, 0, 0}, "e"));
    answer("/dicts", 200, ascii("d8:intervali60e5:peersld2:ip9:127.0.3.14:porti7000eed2:ip3:::14:porti7001eeee"));
    answer("/named", 200, ascii("d8:intervali60e5:peersld2:ip11:example.org4:porti7000eeee"));
    answer("/refused", 200, ascii("d14:failure reason63:Requested download is not authorized for use with this tracker.e"));
    answer("/truncated", 200, ascii("d8:intervali900e5:peers12:abc"));
    answer("/unsorted", 200, bytes("d5:peers6:", new byte[] {127, 0, 1, 2, 0x1a, (byte) 0xe1}, "8:intervali900e"
        + "8:intervali60ee"));
    answer("/nointerval", 200, ascii("d5:peers0:e"));
    answer("/badpeers", 200, ascii("d8:intervali900e5:peers5:abcdee"));
    answer("/list", 200, ascii("li1ee"));
    answer("/oversized", 200, bytes("d8:intervali900e5:peers70000:", new byte[70_000], "e"));
    answer("/status", 503, ascii("d14:failure reason4:busye"));
    server.createContext("/slow", x -> {
      record(x);
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      x.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void announcesTheKeyAsRawBytesFromTheEndpointsAddressAndReadsCompactPeers() throws Exception {
    TrackerReply r = tracker.announce(url("/ok?passkey=s3cret"), announce(TrackerClient.Event.STARTED), DEADLINE);
    TrackerReply.Peers p = assertInstanceOf(TrackerReply.Peers.class, r);
    // The peer on port 0 is skipped: nothing listens there.
    assertEquals(List.of(new InetSocketAddress("127.0.1.1", 6881)), p.peers());
    assertEquals(Duration.ofSeconds(900), p.interval());
    assertEquals(Duration.ofSeconds(120), p.minInterval());
    HttpExchangeRecord x = seen.get("/ok");
    assertEquals(InetAddress.getByName("127.0.0.3"), x.from(), "the tracker lists the announce's source address");
    assertEquals("passkey=s3cret&info_hash=" + HttpTracker.percent(key) + "&peer_id=" + HttpTracker.percent(peerId)
        + "&port=6881&uploaded=0&downloaded=0&left=1&compact=1&no_peer_id=1&numwant=50&event=started", x.query());
    assertEquals("z%87%94%A1%AE%BB%C8%D5%E2%EF%FC%09%16%230%3DJWdq", HttpTracker.percent(key));
  }

  @Test
  void aRegularAnnounceNamesNoEventAndTheListOfDictionariesFormIsRead() throws Exception {
    TrackerReply.Peers p = assertInstanceOf(TrackerReply.Peers.class,
        tracker.announce(url("/dicts"), announce(TrackerClient.Event.NONE), DEADLINE));
    assertEquals(List.of(new InetSocketAddress("127.0.3.1", 7000), new InetSocketAddress("::1", 7001)), p.peers());
    assertNull(p.minInterval());
    assertTrue(!seen.get("/dicts").query().contains("event="));
  }

  /** Nothing signs an answer, and hand-written ones do not all sort their keys; libtorrent reads them. */
  @Test
  void anAnswerIsReadInAnyKeyOrderTheFirstOfARepeatedKeyCounting() throws Exception {
    TrackerReply.Peers p = assertInstanceOf(TrackerReply.Peers.class,
        tracker.announce(url("/unsorted"), announce(TrackerClient.Event.STARTED), DEADLINE));
    assertEquals(List.of(new InetSocketAddress("127.0.1.2", 6881)), p.peers());
    assertEquals(Duration.ofSeconds(900), p.interval());
  }

  @Test
  void aFailureReasonIsARefusalNotAnError() throws Exception {
    TrackerReply.Refused r = assertInstanceOf(TrackerReply.Refused.class,
        tracker.announce(url("/refused"), announce(TrackerClient.Event.STARTED), DEADLINE));
    assertEquals("Requested download is not authorized for use with this tracker.", r.reason());
  }

  @Test
  void malformedAnswersAreTypedFailures() {
    for (String path : List.of("/truncated", "/nointerval", "/badpeers", "/list", "/named")) {
      TrackerException e = assertThrows(TrackerException.class,
          () -> tracker.announce(url(path), announce(TrackerClient.Event.STARTED), DEADLINE), path);
      assertEquals(Failure.MALFORMED, e.failure(), path + ": " + e.getMessage());
    }
  }

  /** Found by TrackerAnswerFuzzTest: a reason phrase hid a bare CR (and a header behind it). */
  @Test
  void aStatusLineOutsideRfc9112IsMalformed() {
    for (String line : List.of("HTTP/1.1 200 OK\r:Content-Type: text/plain", "HTTP/1.x 200 OK", "HTTP/1.1 200OK",
        "HTTP/1.1 200 \0")) {
      byte[] response = ascii(line + "\r\n\r\nd8:intervali900e5:peers0:e");
      TrackerException e = assertThrows(TrackerException.class, () -> HttpTracker.body(response), line);
      assertEquals(Failure.MALFORMED, e.failure(), line + ": " + e.getMessage());
    }
  }

  /**
   * A tracker must not make this client resolve names it chose. The JDK parses text that starts
   * with a hex digit or ':' as an address literal and hands anything else to the resolver.
   */
  @Test
  void aPeerIpIsParsedNeverLookedUp() {
    for (String ip : List.of(".:1", ".a:b", "..:", ":.")) {
      byte[] body = ascii("d8:intervali60e5:peersld2:ip" + ip.length() + ":" + ip + "4:porti7000eeee");
      List<String> looked = NameLookups.during(() -> {
        TrackerException e = assertThrows(TrackerException.class, () -> TrackerResponse.parse(body), ip);
        assertEquals(Failure.MALFORMED, e.failure(), ip + ": " + e.getMessage());
      });
      assertEquals(List.of(), looked, ip);
    }
  }

  @Test
  void anOversizedBodyIsRefusedWithoutReadingItAll() {
    TrackerException e = assertThrows(TrackerException.class,
        () -> tracker.announce(url("/oversized"), announce(TrackerClient.Event.STARTED), DEADLINE));
    assertEquals(Failure.TOO_LARGE, e.failure());
  }

  @Test
  void anHttpErrorIsRetriedLaterNotTakenAsARefusal() {
    TrackerException e = assertThrows(TrackerException.class,
        () -> tracker.announce(url("/status"), announce(TrackerClient.Event.STARTED), DEADLINE));
    assertEquals(Failure.HTTP_STATUS, e.failure());
  }

  @Test
  void aTrackerThatDoesNotAnswerInTimeTimesOut() {
    TrackerException e = assertThrows(TrackerException.class,
        () -> tracker.announce(url("/slow"), announce(TrackerClient.Event.STARTED), Duration.ofMillis(500)));
    assertEquals(Failure.TIMEOUT, e.failure());
  }

  @Test
  void nobodyListeningAndUnknownSchemesAreTypedFailures() throws Exception {
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closed = s.getLocalPort();
    }
    TrackerException e = assertThrows(TrackerException.class, () -> tracker.announce(
        URI.create("http://127.0.0.1:" + closed + "/announce"), announce(TrackerClient.Event.STARTED), DEADLINE));
    assertEquals(Failure.UNREACHABLE, e.failure());
    e = assertThrows(TrackerException.class, () -> tracker.announce(URI.create("wss://tracker.example/announce"),
        announce(TrackerClient.Event.STARTED), DEADLINE));
    assertEquals(Failure.UNSUPPORTED, e.failure());
  }

  private TrackerClient.Announce announce(TrackerClient.Event event) {
    return new TrackerClient.Announce(key, peerId, SELF, event);
  }

  private URI url(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
  }

  private void answer(String path, int status, byte[] body) {
    server.createContext(path, x -> {
      record(x);
      x.sendResponseHeaders(status, body.length);
      try (OutputStream out = x.getResponseBody()) {
        out.write(body);
      }
    });
  }

  private void record(HttpExchange x) {
    seen.put(x.getHttpContext().getPath(), new HttpExchangeRecord(x.getRequestURI().getRawQuery(),
        x.getRemoteAddress().getAddress()));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(String head, byte[] middle, String tail) {
    byte[] h = ascii(head);
    byte[] t = ascii(tail);
    byte[] all = new byte[h.length + middle.length + t.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(middle, 0, all, h.length, middle.length);
    System.arraycopy(t, 0, all, h.length + middle.length, t.length);
    return all;
  }
}
