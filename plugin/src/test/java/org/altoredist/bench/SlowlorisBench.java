package org.altoredist.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.altoredist.http.AltoServer;
import org.altoredist.http.Nginx;
import org.altoredist.http.ServiceConfig;
import org.altoredist.http.StaticSite;

/**
 * Issue 13's slow-client floor: an honest GET of the IRD, each on a fresh connection, answered
 * within 1 s while 400 slowloris connections (a header line every 2 s, never the blank line) and
 * 2,000 idle sockets are open against the server. The attack keeps its numbers up: a connection
 * the server closes is opened again at once. Measured side by side in one run for the built-in
 * server and for nginx serving the same signed files, each first without the attack, after a
 * warm-up of 50 GETs.
 *
 * <pre>mvn -B -pl plugin -Pbench test -Dbench.main=org.altoredist.bench.SlowlorisBench -Dbench=REQUESTS</pre>
 */
public final class SlowlorisBench {

  static final int SLOWLORIS = 400;
  static final int IDLE = 2000;
  static final long ATTACK_SETTLE_MS = 3_000;
  /**
   * Between two honest GETs: 200 of them then span 15 s, longer than the server's 10 s head
   * deadline, so the measurement includes the attack's connections being closed and reopened.
   */
  static final long PAUSE_MS = 75;

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 && args[0].matches("[0-9]+") ? Integer.parseInt(args[0]) : 200;
    Path dir = Files.createTempDirectory("slowloris-bench");
    ServiceConfig config = ServiceConfig.of(bundledExamples(dir.resolve("maps")), dir.resolve("state"),
        URI.create("http://127.0.0.1/alto/directory"));
    StaticSite.Result site = StaticSite.publish(config, dir.resolve("www"), "/alto/");
    try (AltoServer server = AltoServer.builder(config).bind(InetAddress.getByName("127.0.5.20")).pathPrefix("/alto/")
        .watch(false).start();
        Nginx nginx = new Nginx(dir.resolve("nginx"), InetAddress.getByName("127.0.5.21"), site.nginxSnippet(), 2)) {
      Map<String, URI> targets = new LinkedHashMap<>();
      targets.put("built-in", server.httpDirectory());
      targets.put("nginx", nginx.base.resolve("alto/directory"));
      System.out.printf("%d honest GETs per scenario; attack: %d slowloris + %d idle sockets; %d CPUs; load %s%n",
          requests, SLOWLORIS, IDLE, Runtime.getRuntime().availableProcessors(), HttpServeBench.loadAverage());
      System.out.println("| server | attack | median ms | p90 ms | worst ms | answered |");
      System.out.println("|---|---|---|---|---|---|");
      for (Map.Entry<String, URI> t : targets.entrySet()) {
        honest(t.getValue(), 50); // warm-up, not reported
        report(t.getKey(), "none", honest(t.getValue(), requests));
        try (Attack a = new Attack(t.getValue())) {
          Thread.sleep(ATTACK_SETTLE_MS);
          List<Long> under = honest(t.getValue(), requests);
          report(t.getKey(), SLOWLORIS + " slowloris + " + IDLE + " idle (" + a.reopened + " reopened)", under);
        }
      }
      System.out.println("load " + HttpServeBench.loadAverage());
    }
  }

  /** The tool's bundled example maps (IRD, network map, cost map), copied into {@code maps}. */
  private static Path bundledExamples(Path maps) throws IOException {
    Files.createDirectories(maps);
    for (String f : List.of("ird.json", "networkmap.json", "costmap.json")) {
      Files.copy(Path.of("examples", f), maps.resolve(f));
    }
    return maps;
  }

  /** {@code n} GETs, one after another, each on its own connection; milliseconds to the last byte, -1 if none. */
  static List<Long> honest(URI uri, int n) throws IOException {
    byte[] request = ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n")
        .getBytes(US_ASCII);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
        s.setSoTimeout(30_000);
        s.getOutputStream().write(request);
        InputStream in = s.getInputStream();
        byte[] head = in.readNBytes(12);
        in.transferTo(java.io.OutputStream.nullOutputStream());
        boolean ok = head.length == 12 && new String(head, US_ASCII).endsWith(" 200");
        out.add(ok ? (System.nanoTime() - t0) / 1_000_000 : -1);
      } catch (IOException e) {
        out.add(-1L);
      }
      try {
        Thread.sleep(PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return out;
  }

  static void report(String server, String attack, List<Long> ms) {
    List<Long> ok = new ArrayList<>(ms.stream().filter(v -> v >= 0).toList());
    ok.sort(null);
    if (ok.isEmpty()) {
      System.out.printf("| %s | %s | - | - | - | 0/%d |%n", server, attack, ms.size());
      return;
    }
    System.out.printf("| %s | %s | %d | %d | %d | %d/%d |%n", server, attack, ok.get(ok.size() / 2),
        ok.get((int) Math.ceil(ok.size() * 0.9) - 1), ok.get(ok.size() - 1), ok.size(), ms.size());
  }

  /** Keeps {@link #SLOWLORIS} slow and {@link #IDLE} idle connections open against one server. */
  static final class Attack implements AutoCloseable {
    private final InetSocketAddress target;
    private final byte[] start;
    private final List<SocketChannel> slow = new ArrayList<>();
    private final List<SocketChannel> idle = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    volatile long reopened;

    Attack(URI uri) throws IOException {
      target = new InetSocketAddress(uri.getHost(), uri.getPort());
      start = ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n").getBytes(US_ASCII);
      for (int i = 0; i < SLOWLORIS; i++) {
        slow.add(open(start));
      }
      for (int i = 0; i < IDLE; i++) {
        idle.add(open(new byte[0]));
      }
      thread = new Thread(this::run, "slowloris");
      thread.setDaemon(true);
      thread.start();
    }

    private SocketChannel open(byte[] first) throws IOException {
      SocketChannel c = SocketChannel.open(target);
      c.write(ByteBuffer.wrap(first));
      c.configureBlocking(false);
      return c;
    }

    private void run() {
      ByteBuffer sink = ByteBuffer.allocate(4096);
      for (long round = 0; running; round++) {
        try {
          keep(slow, start, ("X-Slow-" + round + ": 1\r\n").getBytes(US_ASCII), sink);
          keep(idle, new byte[0], null, sink);
          Thread.sleep(2000);
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    }

    /** Writes {@code line} to each connection; one the server closed is replaced by a new one. */
    private void keep(List<SocketChannel> list, byte[] first, byte[] line, ByteBuffer sink) throws IOException {
      for (int i = 0; i < list.size() && running; i++) {
        SocketChannel c = list.get(i);
        boolean closed;
        try {
          closed = c.read(sink.clear()) < 0;
          if (!closed && line != null) {
            c.write(ByteBuffer.wrap(line));
          }
        } catch (IOException e) {
          closed = true;
        }
        if (closed) {
          c.close();
          list.set(i, open(first));
          reopened++;
        }
      }
    }

    @Override
    public void close() throws IOException, InterruptedException {
      running = false;
      thread.join(10_000);
      for (SocketChannel c : slow) {
        c.close();
      }
      for (SocketChannel c : idle) {
        c.close();
      }
    }
  }
}
