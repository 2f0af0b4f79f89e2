package org.altoredist.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publishes a signed ALTO service as plain files (alto-http.md §6): every body and its detached
 * signature at its URI's path under a directory, plus an nginx configuration snippet that serves
 * them with their media types. Any static web server or CDN that can set a Content-Type per file
 * can serve the same files; clients verify the signatures, so the host needs no trust.
 */
public final class StaticSite {

  /** The nginx snippet's file name in the output directory; it is not itself served. */
  public static final String NGINX_SNIPPET = "nginx-alto-locations.conf";

  /**
   * What was written.
   *
   * @param files every resource and signature file, the root IRD's last
   * @param nginxSnippet the nginx configuration snippet
   * @param rejected map files refused (the publication used their last accepted content, if any)
   * @param demoCa the demo CA certificate the signer chains to (clients' trust anchor), or null
   *     when the operator gave the key
   */
  public record Result(List<Path> files, Path nginxSnippet, List<Rejection> rejected, Path demoCa) {}

  private StaticSite() {}

  /**
   * Signs the service's resources and writes them under {@code out}, each file replaced atomically
   * and durably ({@link AtomicFile}):
   * the delta bundles to the new versions first (and those from bases no longer kept removed), the
   * maps next, their signatures next, the IRD and its signature last. A client fetches a delta only
   * once it has seen a new signature, so by then every delta it can find rebuilds that signature's
   * version.
   *
   * @param urlPrefix the URL path {@code out} will be served at, e.g. "/alto/"
   * @throws IllegalArgumentException if the state directory lies inside {@code out}
   * @throws IOException if the files cannot be read or written, or no servable catalog results
   */
  public static Result publish(ServiceConfig config, Path out, String urlPrefix) throws IOException {
    if (!urlPrefix.matches("/([A-Za-z0-9._~-]+/)*")) {
      throw new IllegalArgumentException("a URL prefix is / or /segment/.../ of unreserved characters: " + urlPrefix);
    }
    if (out.toAbsolutePath().toString().matches(".*[\\s\";{}$].*")) {
      throw new IllegalArgumentException("nginx cannot be pointed at " + out + " safely: white space, quote, ';', '{', '}' or '$'");
    }
    // The output is meant to be served, or copied whole to a static host or CDN; the state holds a
    // demo PKI's private keys.
    if (config.stateDir().toAbsolutePath().normalize().startsWith(out.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("the state directory " + config.stateDir() + " lies inside " + out
          + ", which is served: keep it outside");
    }
    Publication p = new Publication(config);
    Snapshot s;
    try {
      s = p.rebuild();
    } finally {
      p.close();
    }
    Files.createDirectories(out);
    List<Path> written = new ArrayList<>();
    List<Map.Entry<String, Snapshot.Representation>> order = new ArrayList<>(s.paths().entrySet());
    // The IRD comes first in the snapshot; write it last, after everything it names.
    order.sort((a, b) -> Boolean.compare(a.getValue().key().isEmpty(), b.getValue().key().isEmpty()));
    for (Map.Entry<String, Snapshot.Representation> e : order) {
      if (e.getValue().part() == Snapshot.Part.DELTA) {
        written.add(write(out, e.getKey(), e.getValue().bytes()));
      }
    }
    removeStaleDeltas(out, s);
    for (Snapshot.Part part : new Snapshot.Part[] {Snapshot.Part.BODY, Snapshot.Part.SIGNATURE}) {
      for (Map.Entry<String, Snapshot.Representation> e : order) {
        if (e.getValue().part() == part && !e.getValue().key().isEmpty()) {
          written.add(write(out, e.getKey(), e.getValue().bytes()));
        }
      }
    }
    for (Map.Entry<String, Snapshot.Representation> e : order) {
      if (e.getValue().key().isEmpty()) {
        written.add(write(out, e.getKey(), e.getValue().bytes()));
      }
    }
    Path snippet = write(out, NGINX_SNIPPET, nginx(config, s, out, urlPrefix).getBytes(StandardCharsets.UTF_8));
    return new Result(written, snippet, p.rejections(), p.credentials().demoCa());
  }

  /** Deletes delta files that do not lead to a version in {@code s}: their base is no longer kept. */
  private static void removeStaleDeltas(Path out, Snapshot s) throws IOException {
    for (Snapshot.Signed r : s.resources().values()) {
      Path dir = out.resolve(r.deltaDirectory()).normalize();
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (java.util.stream.Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          if (s.at(r.deltaDirectory() + f.getFileName()) == null) {
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }

  /**
   * One exact-match location per file, so nothing else in the directory is served, and one prefix
   * location per map for its deltas, whose names change with every version: a base with no delta
   * there is nginx's 404, which sends the client to the full body.
   */
  static String nginx(ServiceConfig config, Snapshot s, Path out, String urlPrefix) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Written by `altoredist publish` for the ALTO service ").append(config.service()).append(".\n");
    sb.append("# Include inside a server block: it serves the signed resources in ").append(out.toAbsolutePath())
        .append("\n# at ").append(urlPrefix).append(" with their RFC 7285 media types and validators (ETag).\n");
    s.paths().forEach((path, r) -> {
      if (r.part() != Snapshot.Part.DELTA) {
        location(sb, "= " + urlPrefix + path, out.toAbsolutePath().resolve(path).toString(), r.mediaType());
      }
    });
    s.resources().values().stream().filter(r -> r.body().resourceId() != null).forEach(r -> location(sb,
        "^~ " + urlPrefix + r.deltaDirectory(), out.toAbsolutePath().resolve(r.deltaDirectory()) + "/",
        DeltaHistory.MEDIA_TYPE));
    return sb.toString();
  }

  private static void location(StringBuilder sb, String match, String alias, String mediaType) {
    sb.append("location ").append(match).append(" {\n")
        .append("    alias \"").append(alias).append("\";\n")
        .append("    types { }\n")
        .append("    default_type ").append(mediaType).append(";\n")
        .append("    add_header Cache-Control no-cache;\n")
        .append("}\n");
  }

  private static Path write(Path out, String relative, byte[] bytes) throws IOException {
    Path f = out.resolve(relative).normalize();
    if (!f.startsWith(out.normalize())) {
      throw new IOException(relative + " lies outside " + out);
    }
    Files.createDirectories(f.getParent());
    // Forced to disk before the rename, and the rename too: the order above (deltas, maps,
    // signatures, the IRD last) then survives a power loss, not only a crash of this process.
    AtomicFile.write(f, bytes);
    return f;
  }
}
