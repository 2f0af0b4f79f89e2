package org.altoredist.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target: the built-in ALTO server's reading of a request head (alto-http.md §4), over a
 * real loopback socket into the real server (Jetty), serving the bundled examples plus a filtered
 * network map. The first input byte chooses how the client ends: odd keeps its side open, so only
 * the head deadline can end a head that never completes; even half-closes after the rest of the
 * input. Either way the server must answer or close within the deadline (plus a grace for a
 * loaded machine), close the connection within the deadline of its last answer, and send only
 * HTTP responses whose status the spec documents ({@link #DOCUMENTED}). The deadline is shortened
 * to {@link #DEADLINE} so that heads that never end cost a fraction of a second each.
 */
class RequestHeadFuzzTest {

  /** alto-http.md §4.1 to §4.4: every status the server may send (200, 304, the table of §4.3, the head errors of §4.4). */
  static final Set<Integer> DOCUMENTED = Set.of(200, 304, 400, 404, 405, 406, 412, 413, 414, 415, 417, 426, 431, 501, 503, 505);
  static final Duration DEADLINE = Duration.ofMillis(100);
  /** Room for a loaded machine: still far below what a head that is never closed would take. */
  static final Duration GRACE = Duration.ofSeconds(5);
  private static final Duration WARM_UP = Duration.ofMinutes(1);
  private static final Pattern STATUS_LINE = Pattern.compile("(?m)^HTTP/1\\.[01] ([0-9]{3})[ \\r]");
  private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

  private static Path dir;
  private static AltoServer server;
  private static InetSocketAddress address;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("request-head-fuzz");
    Path maps = Fixtures.copyExamples(dir);
    MapUpdateTest.replaceInFile(maps.resolve("ird.json"), "\"resources\": {", "\"resources\": {\n"
        + "    \"loopback-filtered\": { \"uri\": \"networkmap/filtered\", \"media-type\": \"application/alto-networkmap+json\","
        + " \"accepts\": \"" + ServedPaths.FILTER_TYPE + "\", \"uses\": [ \"loopback-network-map\" ] },");
    server = AltoServer.builder(ServiceConfig.of(maps, dir.resolve("state"), URI.create("http://127.0.0.1/directory")))
        .bind(Fixtures.host(2, 41)).headDeadline(DEADLINE).watch(false).start();
    URI d = server.httpDirectory();
    address = new InetSocketAddress(d.getHost(), d.getPort());
    // The first requests load (and, in a campaign, instrument) the server's classes, which takes
    // longer than any deadline: pay for that before anything is timed.
    for (String warmUp : List.of("GET /directory HTTP/1.1\r\nHost: x\r\n\r\n", "\u0016\u0003\u0001")) {
      try (Socket s = new Socket()) {
        s.connect(address, (int) WARM_UP.toMillis());
        s.setSoTimeout((int) WARM_UP.toMillis());
        s.getOutputStream().write(warmUp.getBytes(ISO_8859_1));
        s.shutdownOutput();
        s.getInputStream().readAllBytes();
      }
    }
  }

  @AfterAll
  static void stop() throws IOException {
    server.close();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @FuzzTest(maxDuration = "10m")
  void head(byte[] input) throws IOException {
    boolean keepOpen = input.length > 0 && (input[0] & 1) == 1;
    byte[] request = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    byte[] answer;
    try (SilentCloseable toTheServer = BugDetectors.allowNetworkConnections(
        (host, port) -> host.equals(address.getHostString()) && port == address.getPort());
        Socket s = new Socket()) {
      s.connect(address, (int) GRACE.toMillis());
      try {
        s.getOutputStream().write(request);
        if (!keepOpen) {
          s.shutdownOutput();
        }
      } catch (IOException closedWhileWriting) {
        // The server answered part of it and closed; what it sent is still read below.
      }
      answer = readUntilClosed(s);
    }
    String text = new String(answer, ISO_8859_1);
    if (answer.length > 0 && !text.startsWith("HTTP/1.")) {
      throw new AssertionError("not an HTTP response: " + text.substring(0, Math.min(80, text.length())));
    }
    Matcher m = STATUS_LINE.matcher(text);
    while (m.find()) {
      int status = Integer.parseInt(m.group(1));
      if (!DOCUMENTED.contains(status)) {
        throw new AssertionError("status " + status + " is not one alto-http.md documents: "
            + text.substring(m.start(), Math.min(text.length(), m.start() + 200)));
      }
    }
  }

  /**
   * Everything the server sends until it closes. It must send its first byte or close within the
   * deadline plus grace, and close within the deadline plus grace of the last byte it sent: each
   * answer re-arms the deadline for the next head.
   */
  private static byte[] readUntilClosed(Socket s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[8192];
    long limit = System.nanoTime() + DEADLINE.plus(GRACE).toNanos();
    while (true) {
      long left = (limit - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new AssertionError("neither answered nor closed within " + DEADLINE.plus(GRACE).toMillis() + " ms of "
            + (out.size() == 0 ? "the request" : "its last answer (" + out.size() + " bytes so far)"));
      }
      s.setSoTimeout((int) left);
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException waiting) {
        continue;
      } catch (IOException reset) {
        return out.toByteArray();
      }
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buf, 0, n);
      if (out.size() > MAX_RESPONSE_BYTES) {
        throw new AssertionError("over " + MAX_RESPONSE_BYTES + " bytes in answer to " + "one connection's input");
      }
      limit = System.nanoTime() + DEADLINE.plus(GRACE).toNanos();
    }
  }
}
