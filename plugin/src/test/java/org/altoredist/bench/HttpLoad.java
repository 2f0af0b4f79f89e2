package org.altoredist.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop HTTP/1.1 load generator: each connection is kept alive and sends one GET, reads the
 * whole response, and sends the next. Raw sockets, so the client's own cost stays small and the
 * same for every server measured; the responses' status is checked, bodies are read and dropped.
 */
final class HttpLoad {

  /** What one run measured. */
  record Result(long responses, long bodyBytes, double seconds) {
    double perSecond() {
      return responses / seconds;
    }

    double mibPerSecond() {
      return bodyBytes / seconds / (1024 * 1024);
    }
  }

  private HttpLoad() {}

  /**
   * Runs {@code connections} connections against {@code uri} for {@code warmupMs} (not counted)
   * and then {@code measureMs}; every response must have status {@code expectStatus}.
   */
  static Result run(URI uri, String ifNoneMatch, int expectStatus, int connections, long warmupMs, long measureMs)
      throws Exception {
    String req = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
        + "\r\nAccept: */*\r\n" + (ifNoneMatch == null ? "" : "If-None-Match: " + ifNoneMatch + "\r\n") + "\r\n";
    byte[] request = req.getBytes(StandardCharsets.US_ASCII);
    AtomicBoolean counting = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    LongAdder responses = new LongAdder();
    LongAdder bytes = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < connections; i++) {
      Thread t = new Thread(() -> {
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
          s.setTcpNoDelay(true);
          OutputStream out = s.getOutputStream();
          InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
          byte[] sink = new byte[64 * 1024];
          while (!stop.get()) {
            out.write(request);
            out.flush();
            long body = readResponse(in, expectStatus, sink);
            if (counting.get()) {
              responses.increment();
              bytes.add(body);
            }
          }
        } catch (Throwable e) {
          if (!stop.get()) {
            failures.add(e);
          }
        }
      }, "load-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    Thread.sleep(warmupMs);
    counting.set(true);
    long t0 = System.nanoTime();
    Thread.sleep(measureMs);
    counting.set(false);
    double seconds = (System.nanoTime() - t0) / 1e9;
    stop.set(true);
    for (Thread t : threads) {
      t.join(10_000);
    }
    if (!failures.isEmpty()) {
      throw new IOException("load against " + uri + " failed: " + failures.get(0), failures.get(0));
    }
    return new Result(responses.sum(), bytes.sum(), seconds);
  }

  /** Reads one response; returns its body length. */
  private static long readResponse(InputStream in, int expectStatus, byte[] sink) throws IOException {
    String status = line(in);
    int code = Integer.parseInt(status.substring(9, 12));
    if (code != expectStatus) {
      throw new IOException("expected " + expectStatus + ", got " + status);
    }
    long length = 0;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Long.parseLong(h.substring(15).trim());
      }
    }
    long left = code == 304 ? 0 : length;
    while (left > 0) {
      int n = in.read(sink, 0, (int) Math.min(sink.length, left));
      if (n < 0) {
        throw new IOException("connection closed inside a body");
      }
      left -= n;
    }
    return code == 304 ? 0 : length;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed inside a header");
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }
}
