package org.altoredist.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx (Debian package nginx, installed by .ci/run) run by a test: its own prefix directory
 * and configuration, in the foreground, on a loopback port; waited for with a deadline, stopped
 * with the test. There is no skip: without nginx these tests fail.
 */
public final class Nginx implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/sbin/nginx");

  private final Process process;
  private final Path dir;
  /** The server's root URI, e.g. http://127.0.3.11:41234/ */
  public final URI base;

  /** Starts one nginx process serving {@code snippet} (a {@code publish} output) inside one server block. */
  Nginx(Path dir, InetAddress address, Path snippet) throws IOException, InterruptedException {
    this(dir, address, snippet, 0);
  }

  /**
   * As above; with {@code workers} > 0 a master process runs that many worker processes (the
   * benchmark gives nginx one per core), else a single process does everything.
   */
  public Nginx(Path dir, InetAddress address, Path snippet, int workers) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(BINARY + " is missing: install the Debian package nginx (.ci/run does)");
    }
    this.dir = Files.createDirectories(dir);
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, address)) {
      port = probe.getLocalPort();
    }
    Path t = Files.createDirectories(dir.resolve("temp"));
    String conf = String.join("\n",
        "daemon off;",
        workers > 0 ? "master_process on; worker_processes " + workers + "; user root;" : "master_process off;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + " warn;",
        "events { worker_connections 1024; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + t.resolve("body") + ";",
        "  proxy_temp_path " + t.resolve("proxy") + ";",
        "  fastcgi_temp_path " + t.resolve("fastcgi") + ";",
        "  uwsgi_temp_path " + t.resolve("uwsgi") + ";",
        "  scgi_temp_path " + t.resolve("scgi") + ";",
        "  sendfile on;",
        "  keepalive_requests 1000000;",
        "  server {",
        "    listen " + address.getHostAddress() + ":" + port + ";",
        "    include " + snippet.toAbsolutePath() + ";",
        "  }",
        "}", "");
    Path confFile = dir.resolve("nginx.conf");
    Files.writeString(confFile, conf);
    process = new ProcessBuilder(List.of(BINARY.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
        "-c", confFile.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    base = URI.create("http://" + address.getHostAddress() + ":" + port + "/");
    long end = System.nanoTime() + Fixtures.DEADLINE.toNanos();
    while (!accepts(address, port)) {
      if (!process.isAlive() || System.nanoTime() > end) {
        close();
        throw new AssertionError("nginx did not start: " + Files.readString(dir.resolve("error.log")));
      }
      Thread.sleep(20);
    }
  }

  private static boolean accepts(InetAddress a, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(a, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    // SIGTERM: nginx's fast shutdown, workers included.
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
