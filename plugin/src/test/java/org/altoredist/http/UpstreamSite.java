package org.altoredist.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

/**
 * An existing, unsigned RFC 7285 server for a gateway to stand in front of: the example IRD and
 * maps as static files under {@code /alto/}, served by a real nginx with their media types and
 * its own ETag, Last-Modified and 304 handling. Beside them, locations that break the way
 * upstreams break (a 500, a wrong Content-Type, an answer that never comes); a test steers a
 * resource there by editing the upstream IRD. Every request is logged with its status.
 */
public final class UpstreamSite implements AutoCloseable {

  static final String NM_TYPE = "application/alto-networkmap+json";
  static final String CM_TYPE = "application/alto-costmap+json";

  final Path root;
  final Path accessLog;
  private final ServerSocket silent;
  private final Nginx nginx;

  UpstreamSite(Path dir, InetAddress address) throws IOException, InterruptedException {
    this(dir, address, Fixtures.EXAMPLES);
  }

  /** @param examples the plugin's example maps (plugin/examples), which the upstream serves first */
  public UpstreamSite(Path dir, InetAddress address, Path examples) throws IOException, InterruptedException {
    root = Files.createDirectories(dir.resolve("www/alto"));
    Files.createDirectories(root.resolve("costmap/num"));
    Files.copy(examples.resolve("ird.json"), root.resolve("directory"));
    Files.copy(examples.resolve("networkmap.json"), root.resolve("networkmap"));
    Files.copy(examples.resolve("costmap.json"), root.resolve("costmap/num/routingcost"));
    accessLog = dir.resolve("access.log");
    // Accepts connections (the kernel completes them) and never answers: an upstream that hangs.
    silent = new ServerSocket(0, 50, address);
    StringBuilder conf = new StringBuilder("access_log " + accessLog + ";\n");
    conf.append(file("directory", "application/alto-directory+json"))
        .append(file("networkmap", NM_TYPE))
        .append(file("costmap/num/routingcost", CM_TYPE))
        .append(file("networkmap2", NM_TYPE))
        .append("location = /alto/wrong-type { alias \"").append(root.resolve("networkmap"))
        .append("\"; types { } default_type text/plain; }\n")
        .append("location = /alto/fails { return 500; }\n")
        .append("location = /alto/hangs { proxy_pass http://").append(address.getHostAddress()).append(':')
        .append(silent.getLocalPort()).append("; proxy_read_timeout 600s; }\n");
    Path snippet = dir.resolve("upstream.conf");
    Files.writeString(snippet, conf);
    nginx = new Nginx(dir.resolve("nginx"), address, snippet);
  }

  private String file(String path, String type) {
    return "location = /alto/" + path + " { alias \"" + root.resolve(path) + "\"; types { } default_type " + type
        + "; }\n";
  }

  public URI directory() {
    return nginx.base.resolve("alto/directory");
  }

  public byte[] read(String path) throws IOException {
    return Files.readAllBytes(root.resolve(path));
  }

  /** Replaces a served file atomically, as a real upstream's deployment would. */
  void write(String path, String content) throws IOException {
    write(path, content.getBytes(StandardCharsets.UTF_8));
  }

  void write(String path, byte[] content) throws IOException {
    Path tmp = root.resolve(path + ".tmp");
    Files.write(tmp, content);
    // nginx's validators are the file's mtime in whole seconds and its size: two versions of equal
    // size written within one second look alike to it. Real versions are minutes apart; here the
    // new file is dated a second after the old one so that nginx sees each change.
    Path f = root.resolve(path);
    if (Files.exists(f)) {
      long next = Files.getLastModifiedTime(f).toMillis() / 1000 * 1000 + 1000;
      Files.setLastModifiedTime(tmp, FileTime.fromMillis(Math.max(next, System.currentTimeMillis())));
    }
    Files.move(tmp, root.resolve(path), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Edits a served file: the first occurrence of {@code from} becomes {@code to}. */
  public void edit(String path, String from, String to) throws IOException {
    String s = Files.readString(root.resolve(path));
    if (!s.contains(from)) {
      throw new IllegalArgumentException(path + " has no " + from);
    }
    write(path, s.replace(from, to));
  }

  /** How many requests nginx answered with this status so far. */
  long answered(int status) throws IOException {
    if (!Files.exists(accessLog)) {
      return 0;
    }
    String mark = "\" " + status + " ";
    return Files.readAllLines(accessLog).stream().filter(l -> l.contains(mark)).count();
  }

  /** Stops nginx: the upstream goes away. */
  public void stop() throws InterruptedException {
    nginx.close();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    nginx.close();
    silent.close();
  }
}
