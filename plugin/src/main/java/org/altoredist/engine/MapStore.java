package org.altoredist.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.Limits;
import org.altoredist.wire.BundleHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed bundles on disk, one file per bundle, named by its SHA-256, in one directory per service:
 * {@code <dir>/<first 16 hex digits of SHA-256(service URI)>/<bundle SHA-256>.arsr}; beside them the
 * delta bundles this node holds and serves, {@code <delta SHA-256>.arsd}, read back by
 * {@link #loadDeltas} once the bundles they lead to are held again; and the versions it held
 * before the one it holds, {@code <resource id hash>-<sequence>-<bundle SHA-256>.base}, neither
 * held nor served, kept ({@link #retire}) only as the bases of deltas to the next version.
 *
 * <p>Crash safety: a bundle is written to a temporary file in the same directory, forced to disk,
 * renamed atomically over its final name, and the directory is forced, so a crash leaves either no
 * file or the whole file. Nothing is trusted because of that: {@link #load} reads every file
 * again, checks its name against its hash, has the caller verify it, and deletes (with a log line
 * naming the file and the resource) temporary files, files of unconfigured services and anything
 * that fails. Callers serialise writes (one thread); reading at start happens before any write.
 */
final class MapStore {

  private static final Logger log = LoggerFactory.getLogger(MapStore.class);
  static final String SUFFIX = ".arsr";
  static final String DELTA_SUFFIX = ".arsd";
  static final String BASE_SUFFIX = ".base";
  static final String TEMP_SUFFIX = ".tmp";

  /** A bundle read back from disk that the caller's check accepted. */
  record Loaded<T>(Path file, T accepted) {}

  private final Path dir;

  MapStore(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
  }

  static String serviceDirectory(String service) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(service.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  Path fileOf(String service, BundleHash hash) {
    return fileOf(service, hash, SUFFIX);
  }

  private Path fileOf(String service, BundleHash hash, String suffix) {
    return dir.resolve(serviceDirectory(service)).resolve(hash.hex() + suffix);
  }

  /** Writes a bundle crash-safely; an existing file of the same hash is the same bytes and is kept. */
  void put(String service, BundleHash hash, byte[] bundle) throws IOException {
    write(fileOf(service, hash, SUFFIX), hash, bundle);
  }

  /** Writes a delta bundle as {@link #put} writes a bundle. */
  void putDelta(String service, BundleHash hash, byte[] delta) throws IOException {
    write(fileOf(service, hash, DELTA_SUFFIX), hash, delta);
  }

  void removeDelta(String service, BundleHash hash) throws IOException {
    Path f = fileOf(service, hash, DELTA_SUFFIX);
    if (Files.deleteIfExists(f)) {
      force(f.getParent());
    }
  }

  /**
   * Keeps the stored bundle {@code hash}, a superseded version of resource {@code resourceId}, as a
   * delta base (its file renamed, not copied), and deletes that resource's bases beyond the
   * {@code keep} newest. A bundle that is not stored is not kept.
   */
  void retire(String service, String resourceId, long sequence, BundleHash hash, int keep) throws IOException {
    Path f = fileOf(service, hash, SUFFIX);
    String prefix = resourceIdHash(resourceId) + "-";
    if (Files.exists(f)) {
      Files.move(f, f.resolveSibling(prefix + String.format("%020d", sequence) + "-" + hash.hex() + BASE_SUFFIX),
          StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    List<Path> bases = basesOf(service, resourceId);
    for (Path old : bases.subList(Math.min(keep, bases.size()), bases.size())) {
      Files.deleteIfExists(old);
    }
    force(f.getParent());
  }

  /**
   * The kept bases of a resource, newest first, whose content still hashes to its name (others are
   * deleted). They were verified when held; a delta made from one is checked by whoever applies it.
   */
  List<byte[]> bases(String service, String resourceId) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (Path f : basesOf(service, resourceId)) {
      byte[] b;
      try {
        b = Files.readAllBytes(f);
      } catch (java.nio.file.NoSuchFileException pruned) {
        continue;
      }
      String name = f.getFileName().toString();
      if (name.endsWith("-" + BundleHash.compute(b).hex() + BASE_SUFFIX)) {
        out.add(b);
      } else {
        drop(f, "a kept base whose content does not hash to its name (" + service + ")");
      }
    }
    return out;
  }

  private List<Path> basesOf(String service, String resourceId) throws IOException {
    Path d = dir.resolve(serviceDirectory(service));
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(d, resourceIdHash(resourceId) + "-*" + BASE_SUFFIX)) {
      files.forEach(out::add);
    }
    out.sort(java.util.Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
    return out;
  }

  /** A file-name-safe name of a resource ID ("" for the root IRD): 16 hex digits of its SHA-256. */
  private static String resourceIdHash(String resourceId) {
    return serviceDirectory(resourceId == null ? "" : resourceId);
  }

  private void write(Path target, BundleHash hash, byte[] bundle) throws IOException {
    if (Files.exists(target)) {
      return;
    }
    Path parent = target.getParent();
    if (!Files.isDirectory(parent)) {
      Files.createDirectories(parent);
      force(dir);
    }
    Path tmp = parent.resolve("." + hash.hex() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + TEMP_SUFFIX);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bundle);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    force(parent);
  }

  void remove(String service, BundleHash hash) throws IOException {
    Path f = fileOf(service, hash);
    if (Files.deleteIfExists(f)) {
      force(f.getParent());
    }
  }

  /**
   * Reads every stored bundle and hands the bytes to {@code check} (service URI, bytes), which
   * returns what to keep or null to refuse (and has logged why). Refused, unreadable, misnamed and
   * temporary files are deleted; the accepted ones are returned with their files.
   */
  <T> List<Loaded<T>> load(Map<String, String> servicesByDirectory, BiFunction<String, byte[], T> check)
      throws IOException {
    List<Loaded<T>> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(dir)) {
      for (Path d : dirs) {
        String service = servicesByDirectory.get(d.getFileName().toString());
        if (!Files.isDirectory(d)) {
          drop(d, "not a service directory");
        } else if (service == null) {
          try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
            for (Path f : files) {
              drop(f, "no configured service stores bundles here, so nothing can verify it");
            }
          }
          Files.deleteIfExists(d);
        } else {
          loadService(d, service, check, out);
        }
      }
    }
    return out;
  }

  private <T> void loadService(Path d, String service, BiFunction<String, byte[], T> check, List<Loaded<T>> out)
      throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(d)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(TEMP_SUFFIX)) {
          drop(f, "an interrupted write of " + service);
          continue;
        }
        if (name.endsWith(DELTA_SUFFIX) || name.endsWith(BASE_SUFFIX)) {
          continue;
        }
        byte[] bytes = read(f, service, Limits.MAX_BUNDLE_BYTES);
        if (bytes == null) {
          continue;
        }
        String hash = BundleHash.compute(bytes).hex();
        if (!name.equals(hash + SUFFIX)) {
          drop(f, "its content hashes to " + hash + ", not to its name (" + service + ")");
          continue;
        }
        T accepted = check.apply(service, bytes);
        if (accepted == null) {
          drop(f, "it failed verification for " + service);
        } else {
          out.add(new Loaded<>(f, accepted));
        }
      }
    }
  }

  /**
   * Reads the stored delta bundles of the configured services (after {@link #load}, which has
   * dropped the other services' directories) and hands each to {@code check} (service URI, bytes),
   * which keeps it or returns false (having logged why) to have it deleted, as a misnamed file is.
   */
  void loadDeltas(Map<String, String> servicesByDirectory, BiPredicate<String, byte[]> check) throws IOException {
    for (Map.Entry<String, String> s : servicesByDirectory.entrySet()) {
      Path d = dir.resolve(s.getKey());
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(d, "*" + DELTA_SUFFIX)) {
        for (Path f : files) {
          byte[] bytes = read(f, s.getValue(), DeltaBundle.MAX_DELTA_BYTES);
          if (bytes == null) {
            continue;
          }
          String hash = BundleHash.compute(bytes).hex();
          if (!f.getFileName().toString().equals(hash + DELTA_SUFFIX)) {
            drop(f, "its content hashes to " + hash + ", not to its name (" + s.getValue() + ")");
          } else if (!check.test(s.getValue(), bytes)) {
            drop(f, "it no longer leads to a held version of " + s.getValue());
          }
        }
      }
    }
  }

  private byte[] read(Path f, String service, long max) throws IOException {
    long size = Files.size(f);
    if (size == 0 || size > max) {
      drop(f, size + " bytes is no bundle of " + service);
      return null;
    }
    return Files.readAllBytes(f);
  }

  void drop(Path f, String why) throws IOException {
    log.warn("store: dropping {}: {}", f, why);
    Files.deleteIfExists(f);
  }

  /** fsync a directory, so a rename or deletion in it survives a crash (POSIX needs this separately). */
  private static void force(Path directory) throws IOException {
    try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
