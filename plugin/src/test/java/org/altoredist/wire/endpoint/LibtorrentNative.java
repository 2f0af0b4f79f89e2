package org.altoredist.wire.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Points libtorrent4j at its native library before any libtorrent4j class loads. The library is
 * inside org.libtorrent4j:libtorrent4j-linux (on the test classpath) at lib/x86_64/libtorrent4j.so;
 * libtorrent4j loads it from the system property {@code libtorrent4j.jni.path}. Test-only: the
 * binding part will ship the production version.
 */
final class LibtorrentNative {

  private static final String RESOURCE = "lib/x86_64/libtorrent4j.so";
  private static final String PROPERTY = "libtorrent4j.jni.path";

  private LibtorrentNative() {}

  static synchronized void load() {
    if (System.getProperty(PROPERTY) != null) {
      return;
    }
    try (InputStream in = LibtorrentNative.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath (org.libtorrent4j:libtorrent4j-linux)");
      }
      Path dir = Files.createTempDirectory("libtorrent4j");
      Path so = dir.resolve("libtorrent4j.so");
      Files.copy(in, so, StandardCopyOption.REPLACE_EXISTING);
      so.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      System.setProperty(PROPERTY, so.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
