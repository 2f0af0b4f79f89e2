package org.altoredist.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.VerificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The versions of each resource still in service at peers, kept in the state directory, and the
 * delta bundles (signed-resources.md §4.1) from them to the version being published
 * (alto-http.md §4.10). Kept on disk so that a restarted {@code serve} and every run of
 * {@code publish} (a new process each time, from cron) still offer deltas from what peers hold.
 */
final class DeltaHistory {

  private static final Logger log = LoggerFactory.getLogger(DeltaHistory.class);

  /**
   * How many earlier versions of a resource get a delta to the new one. Peers revalidate on a
   * schedule far shorter than a publication interval, so almost every peer is one version behind;
   * three also covers a peer that slept through two publications (or a renewal and a change) while
   * costing the server three encodings and three few-percent files per version. A peer further
   * behind fetches the full version, as it would anyway after that long.
   */
  static final int KEPT_BASES = 3;
  /** Appended to a resource's path: {@code <path>.delta/<base handle in hex>} (alto-http.md §4.10). */
  static final String PATH_SUFFIX = ".delta/";
  /** Not registered: the delta bundle format is this project's (signed-resources.md §4.1). */
  static final String MEDIA_TYPE = "application/vnd.altoredist.delta-bundle";
  static final String DIR = "bundles";
  private static final String EXT = ".arsr";

  private final Path root;
  private final String service;

  DeltaHistory(Path stateDir, String service) {
    this.root = stateDir.resolve(DIR);
    this.service = service;
  }

  /**
   * Records {@code target} (sequence {@code sequence}) as the newest version of resource {@code key}
   * and returns the deltas to it from up to {@link #KEPT_BASES} earlier versions, by base handle in
   * lower-case hex. A delta no smaller than the target bundle is left out: the full version is then
   * the cheaper download.
   */
  Map<String, byte[]> publish(String key, long sequence, SignedBundle target) throws IOException {
    Path dir = root.resolve(dirName(key));
    Files.createDirectories(dir);
    AtomicFile.write(dir.resolve(String.format("%020d", sequence) + EXT), target.encoded());
    List<Path> versions;
    try (Stream<Path> s = Files.list(dir)) {
      versions = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(EXT))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList());
    }
    Map<String, byte[]> deltas = new LinkedHashMap<>();
    byte[] targetBytes = target.encoded();
    for (int i = 0; i < versions.size(); i++) {
      Path p = versions.get(i);
      if (i > KEPT_BASES) {
        Files.deleteIfExists(p);
        continue;
      }
      if (p.getFileName().toString().compareTo(String.format("%020d", sequence) + EXT) >= 0) {
        continue;
      }
      SignedBundle base;
      try {
        base = SignedBundle.parse(Files.readAllBytes(p));
      } catch (VerificationException | IOException e) {
        log.warn("resource {}: earlier version {} in the state directory is unreadable ({}); no delta from it", key, p,
            e.getMessage());
        Files.deleteIfExists(p);
        continue;
      }
      byte[] delta = DeltaBundle.between(base, target).encoded();
      if (delta.length < targetBytes.length) {
        deltas.put(HexFormat.of().formatHex(DeltaBundle.handleOf(base)), delta);
      }
    }
    return deltas;
  }

  /** One directory per (service, resource): a hash, since resource IDs may hold ':' and '@'. */
  private String dirName(String key) {
    byte[] h = MetaSplice.sha256().digest((service + "\n" + key).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h, 0, 16);
  }
}
