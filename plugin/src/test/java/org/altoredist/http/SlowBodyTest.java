package org.altoredist.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A filtered-map request's body is read as a head is (alto-http.md §4.4): it is due within the
 * deadline, and while it arrives it holds no place in admission. A client that sends a complete
 * head and then trickles its body, or never sends it, is otherwise a slowloris the head deadline
 * does not see, and a few of them fill the server (RequestHeadFuzzTest's finding
 * finding-filter-body-never-completes).
 */
class SlowBodyTest {

  /** Beyond a deadline, for the sweep's granularity and a loaded machine's delays. */
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final String FILTER_HEAD = "POST /networkmap/filtered HTTP/1.1\r\nHost: x\r\n"
      + "Content-Type: " + ServedPaths.FILTER_TYPE + "\r\n";

  @TempDir
  Path dir;
  private AltoServer server;
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aFilterBodyThatNeverCompletesIsClosedAtTheDeadline() throws Exception {
    Duration deadline = Duration.ofMillis(500);
    start(b -> b.headDeadline(deadline));
    Socket declared = open(FILTER_HEAD + "Content-Length: 46\r\n\r\n{\"pids\": [");
    Socket chunked = open(FILTER_HEAD + "Transfer-Encoding: chunked\r\n\r\n2e\r\n{\"pids\": [");
    long end = System.nanoTime() + deadline.plus(GRACE).toNanos();
    assertTrue(SlowClientTest.answeredOrClosed(declared, end), "a Content-Length body still open after " + deadline.plus(GRACE));
    assertTrue(SlowClientTest.answeredOrClosed(chunked, end), "a chunked body still open after " + deadline.plus(GRACE));
  }

  @Test
  void bodiesStillArrivingHoldNoPlaceInAdmission() throws Exception {
    start(b -> b.workers(1).queue(0));
    for (int i = 0; i < 3; i++) {
      Socket slow = open(FILTER_HEAD + "Expect: 100-continue\r\nContent-Length: 46\r\n\r\n");
      // The interim answer comes when the server starts reading the body: the request is in.
      assertTrue(readLine(slow).startsWith("HTTP/1.1 100 "), "no 100 Continue for slow body " + i);
    }
    assertEquals(200, Fixtures.get(server.httpDirectory()).statusCode());
    Socket honest = open(FILTER_HEAD + "Content-Length: 46\r\n\r\n{\"pids\": [\"pid-1\"], \"address-types\": [\"ipv4\"]}");
    assertEquals("HTTP/1.1 200 OK", readLine(honest));
  }

  private void start(UnaryOperator<AltoServer.Builder> options) throws Exception {
    Path maps = Fixtures.copyExamples(dir);
    MapUpdateTest.replaceInFile(maps.resolve("ird.json"), "\"resources\": {", "\"resources\": {\n"
        + "    \"loopback-filtered\": { \"uri\": \"networkmap/filtered\", \"media-type\": \"application/alto-networkmap+json\","
        + " \"accepts\": \"" + ServedPaths.FILTER_TYPE + "\", \"uses\": [ \"loopback-network-map\" ] },");
    server = options.apply(AltoServer.builder(ServiceConfig.of(maps, dir.resolve("state"),
        URI.create("http://127.0.0.1/directory"))).bind(Fixtures.host(2, 42)).watch(false)).start();
  }

  private Socket open(String firstBytes) throws IOException {
    URI d = server.httpDirectory();
    Socket s = new Socket(d.getHost(), d.getPort());
    sockets.add(s);
    s.setSoTimeout((int) GRACE.toMillis());
    s.getOutputStream().write(firstBytes.getBytes(US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  /** One line of the answer, without its CRLF; the socket's timeout bounds the wait. */
  private static String readLine(Socket s) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    for (int b = in.read(); b != '\n' && b != -1; b = in.read()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(US_ASCII);
  }
}
