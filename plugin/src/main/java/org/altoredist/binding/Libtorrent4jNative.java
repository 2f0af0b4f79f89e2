package org.altoredist.binding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Makes libtorrent4j's native library loadable without the application doing anything.
 *
 * <p>libtorrent4j loads {@code libtorrent4j.so} from the path in the system property
 * {@code libtorrent4j.jni.path}, or from {@code java.library.path}, when its first class loads;
 * the library itself ships inside {@code org.libtorrent4j:libtorrent4j-linux} at
 * {@code lib/x86_64/libtorrent4j.so}, where the JVM cannot load it. {@link #ensureLoadable()}
 * extracts it once per content (14 MB; reused across runs) into a directory only this user can
 * write, keyed by its SHA-256 so a stale or planted file is never picked up, and sets the
 * property. An application that already set the property keeps its choice.
 *
 * <p>It also insists on {@link SignalChaining}: without it the JVM crashes soon after libtorrent's
 * library loads, so failing here, with the fix in the message, is the kinder outcome.
 */
public final class Libtorrent4jNative {

  static final String PROPERTY = "libtorrent4j.jni.path";
  private static final String RESOURCE = "lib/x86_64/libtorrent4j.so";

  private static volatile Path loaded;

  private Libtorrent4jNative() {}

  /**
   * Sets {@code libtorrent4j.jni.path} to an extracted copy of the bundled native library unless
   * it is already set; call before any libtorrent4j class is used. Idempotent and thread-safe.
   *
   * @return the path libtorrent4j will load
   * @throws IllegalStateException on a platform without a bundled library, when it cannot be
   *     extracted, or when the JVM does not chain signals; the message says what to do
   */
  public static synchronized Path ensureLoadable() {
    SignalChaining.require();
    String preset = System.getProperty(PROPERTY);
    if (preset != null && !preset.isEmpty()) {
      return Path.of(preset);
    }
    if (loaded != null) {
      return loaded;
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IllegalStateException("the bundled libtorrent4j native library is for Linux x86_64, not "
          + os + " " + arch + "; add libtorrent4j's native jar for this platform and set -D" + PROPERTY);
    }
    try {
      loaded = extract();
    } catch (IOException e) {
      throw new IllegalStateException("cannot extract " + RESOURCE + ": " + e.getMessage()
          + "; set -D" + PROPERTY + " to an extracted copy", e);
    }
    System.setProperty(PROPERTY, loaded.toString());
    return loaded;
  }

  private static Path extract() throws IOException {
    Path base = Path.of(System.getProperty("java.io.tmpdir"), "altoredist-native-" + System.getProperty("user.name"));
    Files.createDirectories(base);
    try {
      Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system: nothing finer to set
    }
    Path tmp = Files.createTempFile(base, "libtorrent4j", ".part");
    try {
      String hash = copyHashing(tmp);
      Path dir = base.resolve(hash.substring(0, 32));
      Path target = dir.resolve("libtorrent4j.so");
      if (Files.isRegularFile(target) && hash.equals(sha256(target))) {
        return target;
      }
      Files.createDirectories(dir);
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String copyHashing(Path to) throws IOException {
    try (InputStream raw = Libtorrent4jNative.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (raw == null) {
        throw new IOException(RESOURCE + " is not on the classpath (org.libtorrent4j:libtorrent4j-linux)");
      }
      DigestInputStream in = new DigestInputStream(raw, sha256());
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
