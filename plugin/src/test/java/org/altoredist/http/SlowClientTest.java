package org.altoredist.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and malformed clients against the ALTO server (alto-http.md §4.4): a head still arriving
 * holds no thread, so an honest request is answered while slowloris connections are open; every
 * connection must complete its request head within {@link HeadDeadline#DEADLINE}; malformed heads
 * get an answer or are closed, never held.
 */
class SlowClientTest {

  /** Beyond the deadline, the sweep's granularity and a loaded machine's delays. */
  private static final Duration GRACE = HeadDeadline.DEADLINE.plusSeconds(10);

  @TempDir
  Path dir;
  private AltoServer server;
  private URI directory;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = AltoServer.builder(ServiceConfig.of(Fixtures.copyExamples(dir), dir.resolve("state"),
        URI.create("http://127.0.0.1/directory"))).bind(Fixtures.host(2, 40)).start();
    directory = server.httpDirectory();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    server.close();
  }

  private Socket open(String firstBytes) throws IOException {
    return open(firstBytes.getBytes(US_ASCII));
  }

  private Socket open(byte[] firstBytes) throws IOException {
    Socket s = new Socket(directory.getHost(), directory.getPort());
    sockets.add(s);
    s.getOutputStream().write(firstBytes);
    s.getOutputStream().flush();
    return s;
  }

  @Test
  void anHonestRequestIsAnsweredWhileSlowlorisConnectionsHoldTheirHeadsOpen() throws Exception {
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      slow.add(open("GET " + directory.getRawPath() + " HTTP/1.1\r\nHost: x\r\nX-Slow-" + i + ": 1\r\n"));
    }
    for (int i = 0; i < 200; i++) {
      open("");
    }
    HttpResponse<byte[]> r = Fixtures.get(directory);
    assertEquals(200, r.statusCode());
    for (Socket s : slow) {
      assertTrue(stillOpen(s), "the honest request was answered only once slow connections were dropped");
    }
  }

  @Test
  void everyConnectionMustCompleteItsHeadWithinTheDeadline() throws Exception {
    Map<String, Socket> cases = new LinkedHashMap<>();
    cases.put("bare LF", open("GET " + directory.getRawPath() + " HTTP/1.1\nHost: x\n\n"));
    cases.put("CRLF CRLF", open("\r\n\r\n"));
    cases.put("TLS ClientHello", open(HexFormat.of().parseHex("16030100f4010000f00303" + "ab".repeat(240))));
    cases.put("random bytes", open(HexFormat.of().parseHex("8f3a11c0de5577aa0102fe".repeat(6))));
    cases.put("nothing at all", open(""));
    Socket trickle = open("GET " + directory.getRawPath() + " HTTP/1.1\r\n");
    cases.put("a header line every second", trickle);
    long end = System.nanoTime() + GRACE.toNanos();
    for (int i = 0; System.nanoTime() < end && !trickle.isClosed(); i++) {
      try {
        trickle.getOutputStream().write(("X-Trickle-" + i + ": 1\r\n").getBytes(US_ASCII));
        Thread.sleep(1000);
      } catch (SocketException closedByServer) {
        break;
      }
      if (!stillOpen(trickle)) {
        break;
      }
    }
    for (Map.Entry<String, Socket> c : cases.entrySet()) {
      assertTrue(answeredOrClosed(c.getValue(), end), c.getKey() + ": neither answered nor closed within " + GRACE);
    }
  }

  /** True once the server has sent something or closed the connection, before {@code end}. */
  private static boolean answeredOrClosed(Socket s, long end) throws IOException {
    InputStream in = s.getInputStream();
    while (System.nanoTime() < end) {
      s.setSoTimeout((int) Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
      try {
        in.read();
        return true;
      } catch (SocketTimeoutException waiting) {
        // not yet
      } catch (SocketException reset) {
        return true;
      }
    }
    return false;
  }

  /** Whether the server has neither closed nor answered {@code s} (probed for 1 ms). */
  private static boolean stillOpen(Socket s) throws IOException {
    s.setSoTimeout(1);
    try {
      s.getInputStream().read();
      return false; // a byte or the end of the stream: answered or closed
    } catch (SocketTimeoutException nothingYet) {
      return true;
    } catch (SocketException reset) {
      return false;
    }
  }
}
