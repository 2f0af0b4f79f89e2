package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.altoredist.alto.IpPrefix;
import org.altoredist.fuzz.NameLookups;
import org.altoredist.wire.bencode.BBytes;
import org.altoredist.wire.bencode.BDict;
import org.altoredist.wire.bencode.BList;
import org.altoredist.wire.bencode.BValue;
import org.altoredist.wire.bencode.Bencode;
import org.altoredist.wire.bencode.BencodeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets: a tracker's answer to an announce, the HTTP one (BEP 3, 7, 23: status line,
 * headers, bencoded body) and the UDP one (BEP 15: connect and announce answers, the latter from
 * a real UDP socket to a real {@link UdpTracker}). Properties: only a {@link TrackerException}
 * comes out; peers come back only from an answer that is well-formed by the BEPs, and they are
 * exactly the peers it lists (port 0 skipped); the UDP announce carries the connection id the
 * tracker gave; and nothing in an answer makes this client ask the resolver for a name.
 * Seeds: real answers of opentracker and answers from the tracker tests.
 */
class TrackerAnswerFuzzTest {

  private static final Duration UDP_DEADLINE = Duration.ofSeconds(2);
  private static final InetSocketAddress SELF = new InetSocketAddress("127.0.2.43", 6881);
  private static final TrackerClient.Announce ANNOUNCE = new TrackerClient.Announce(new byte[20],
      "-AR0100-fuzzfuzzfuzz".getBytes(StandardCharsets.US_ASCII), SELF, TrackerClient.Event.STARTED);

  private static DatagramSocket tracker;
  private static ExecutorService client;

  @BeforeAll
  static void start() throws Exception {
    tracker = new DatagramSocket(new InetSocketAddress("127.0.2.42", 0));
    client = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "udp-tracker-fuzz-client");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stop() {
    tracker.close();
    client.shutdownNow();
  }

  /** The input is a whole HTTP response: status line, headers, body. */
  @FuzzTest(maxDuration = "10m")
  void http(byte[] response) {
    TrackerReply[] reply = new TrackerReply[1];
    TrackerException[] refused = new TrackerException[1];
    List<String> lookups = NameLookups.during(() -> {
      try {
        reply[0] = TrackerResponse.parse(HttpTracker.body(response));
      } catch (TrackerException e) {
        refused[0] = e;
      }
    });
    assertEquals(List.of(), lookups, "the answer made this client look names up");
    if (reply[0] instanceof TrackerReply.Peers p) {
      assertEquals(wellFormedHttp(response), p.peers(), "peers from an answer BEP 3 does not allow, or other peers");
    }
  }

  /**
   * The input is a length byte L, the tracker's answer to the connect (L bytes), and its answer
   * to the announce (the rest). The fuzz tracker writes the request's transaction id into each
   * answer (bytes 4 to 8); an answer shorter than 8 bytes is sent as it is, as noise the client
   * must ignore, and then again padded to 8 bytes, so no exchange waits for a deadline.
   */
  @FuzzTest(maxDuration = "10m")
  void udp(byte[] input) throws Exception {
    int split = input.length == 0 ? 0 : Math.min(input[0] & 0xff, input.length - 1);
    byte[] connectAnswer = Arrays.copyOfRange(input, Math.min(1, input.length), 1 + split);
    byte[] announceAnswer = Arrays.copyOfRange(input, Math.min(1 + split, input.length), input.length);
    URI url = URI.create("udp://127.0.2.42:" + tracker.getLocalPort() + "/announce");
    Future<Object> outcome = client.submit(() -> {
      try (SilentCloseable toTheTracker = BugDetectors.allowNetworkConnections(
          (host, port) -> host.equals("127.0.2.42") && port == tracker.getLocalPort())) {
        try {
          return new UdpTracker(Duration.ofSeconds(15)).announce(url, ANNOUNCE, UDP_DEADLINE);
        } catch (TrackerException e) {
          return e;
        } finally {
          // An empty datagram tells the fuzz tracker that the announce is over.
          try (DatagramSocket done = new DatagramSocket()) {
            done.send(new DatagramPacket(new byte[0], 0, tracker.getLocalSocketAddress()));
          }
        }
      }
    });
    byte[][] sent = new byte[2][];
    byte[] announceRequest = null;
    tracker.setSoTimeout((int) UDP_DEADLINE.toMillis());
    while (true) {
      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
      try {
        tracker.receive(p);
      } catch (SocketTimeoutException nothingYet) {
        continue;
      }
      if (p.getLength() == 0) {
        break;
      }
      byte[] request = Arrays.copyOf(p.getData(), p.getLength());
      boolean connect = ByteBuffer.wrap(request).getInt(8) == 0;
      if (!connect) {
        announceRequest = request;
      }
      sent[connect ? 0 : 1] = answer(connect ? connectAnswer : announceAnswer, request, p);
    }
    Object o = outcome.get(1, TimeUnit.SECONDS);
    if (!(o instanceof TrackerException) && !(o instanceof TrackerReply)) {
      throw new AssertionError("an announce ended with " + o);
    }
    if (announceRequest != null) {
      assertArrayEquals(Arrays.copyOfRange(sent[0], 8, 16), Arrays.copyOf(announceRequest, 8),
          "the announce does not carry the connection id the tracker gave");
    }
    if (o instanceof TrackerReply.Peers p) {
      assertEquals(wellFormedUdp(sent[0], sent[1]), p.peers(), "peers from an answer BEP 15 does not allow, or other peers");
    }
  }

  /** Sends {@code answer} with the request's transaction id (noise first when it is too short to carry one). */
  private static byte[] answer(byte[] answer, byte[] request, DatagramPacket from) throws Exception {
    if (answer.length < 8) {
      tracker.send(new DatagramPacket(answer, answer.length, from.getSocketAddress()));
    }
    byte[] out = Arrays.copyOf(answer, Math.max(8, answer.length));
    System.arraycopy(request, 12, out, 4, 4);
    tracker.send(new DatagramPacket(out, out.length, from.getSocketAddress()));
    return out;
  }

  /** The peers a BEP 15 client takes from these answers, or an error when they are not well-formed. */
  private static List<InetSocketAddress> wellFormedUdp(byte[] connect, byte[] announce) {
    ByteBuffer c = ByteBuffer.wrap(connect);
    ByteBuffer a = ByteBuffer.wrap(announce);
    if (connect.length < 16 || c.getInt(0) != 0) {
      throw new AssertionError("peers after a connect answer that is no connect answer");
    }
    if (announce.length < 20 || a.getInt(0) != 1 || a.getInt(8) <= 0 || (announce.length - 20) % 6 != 0) {
      throw new AssertionError("peers from an announce answer that is not one of BEP 15");
    }
    return compact(Arrays.copyOfRange(announce, 20, announce.length), 4);
  }

  /**
   * The peers of a well-formed HTTP answer (RFC 9112 status line 200, no transfer coding; a
   * bencoded dictionary, keys in any order, with a positive interval and compact or dictionary peers; optional
   * members the client does not use may be anything); an error when it is not one.
   */
  private static List<InetSocketAddress> wellFormedHttp(byte[] response) {
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? "" : text.substring(0, end);
    String statusLine = head.split("\r\n", 2)[0];
    if (!statusLine.matches("HTTP/1\\.[0-9] 200( [\t\\x20-\\x7e\\x80-\\xff]*)?")
        || head.toLowerCase(java.util.Locale.ROOT).contains("\r\ntransfer-encoding:")) {
      throw new AssertionError("peers from a response that is not a plain HTTP/1.x 200");
    }
    BDict d;
    try {
      byte[] body = Arrays.copyOfRange(response, end + 4, response.length);
      BValue v = Bencode.decodeAnyKeyOrder(body, 0, body.length);
      d = (BDict) v;
    } catch (BencodeException | ClassCastException e) {
      throw new AssertionError("peers from a body that is not a bencoded dictionary", e);
    }
    long interval = d.integer("interval").orElse(0L);
    if (d.get("failure reason") != null || interval <= 0 || interval > Integer.MAX_VALUE) {
      throw new AssertionError("peers from an answer without a positive interval, or with a failure reason");
    }
    List<InetSocketAddress> out = new ArrayList<>();
    BValue peers = d.get("peers");
    if (peers instanceof BBytes b && b.length() % 6 == 0) {
      out.addAll(compact(b.bytes(), 4));
    } else if (peers instanceof BList l) {
      for (BValue item : l.items()) {
        out.addAll(dictionaryPeer(item));
      }
    } else if (peers != null || d.get("peers6") == null) {
      throw new AssertionError("peers from an answer without a peers string or list");
    }
    BValue peers6 = d.get("peers6");
    if (peers6 != null) {
      if (!(peers6 instanceof BBytes b6) || b6.length() % 18 != 0) {
        throw new AssertionError("peers from an answer whose peers6 is not compact IPv6 peers");
      }
      out.addAll(compact(b6.bytes(), 16));
    }
    return out;
  }

  private static List<InetSocketAddress> dictionaryPeer(BValue item) {
    if (!(item instanceof BDict p) || p.bytes("ip").isEmpty() || p.integer("port").isEmpty()) {
      throw new AssertionError("peers from a list with an entry that is not a dictionary of ip and port");
    }
    long port = p.integer("port").get();
    String ip = p.bytes("ip").get().utf8();
    if (port < 0 || port > 0xffff) {
      throw new AssertionError("peers from a list with port " + port);
    }
    byte[] address = ipLiteral(ip);
    return port == 0 ? List.of() : List.of(new InetSocketAddress(byAddress(address), (int) port));
  }

  /** Dotted decimal, or RFC 4291 text (by the ALTO model's strict parser); an error for anything else. */
  private static byte[] ipLiteral(String ip) {
    if (ip.matches("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9]|0[0-9]{1,2})(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9]|0[0-9]{1,2})){3}")) {
      byte[] b = new byte[4];
      String[] parts = ip.split("\\.");
      for (int i = 0; i < 4; i++) {
        b[i] = (byte) Integer.parseInt(parts[i]);
      }
      return b;
    }
    IpPrefix p;
    try {
      p = IpPrefix.parse(ip + "/128");
    } catch (IllegalArgumentException e) {
      throw new AssertionError("peers from a list with ip \"" + ip + "\", which is no address literal", e);
    }
    return ByteBuffer.allocate(16).putLong(p.hi()).putLong(p.lo()).array();
  }

  private static List<InetSocketAddress> compact(byte[] raw, int addressBytes) {
    List<InetSocketAddress> out = new ArrayList<>();
    for (int at = 0; at + addressBytes + 2 <= raw.length; at += addressBytes + 2) {
      int port = ((raw[at + addressBytes] & 0xff) << 8) | (raw[at + addressBytes + 1] & 0xff);
      if (port != 0) {
        out.add(new InetSocketAddress(byAddress(Arrays.copyOfRange(raw, at, at + addressBytes)), port));
      }
    }
    return out;
  }

  private static InetAddress byAddress(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are an address", e);
    }
  }
}
