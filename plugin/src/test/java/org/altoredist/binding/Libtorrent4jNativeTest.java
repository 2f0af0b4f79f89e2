package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.libtorrent4j.LibTorrent;

/** The application never sets {@code libtorrent4j.jni.path}; the binding makes libtorrent4j load. */
class Libtorrent4jNativeTest {

  @Test
  void theBundledLibraryIsExtractedByteForByteAndLibtorrent4jLoadsIt() throws Exception {
    Path so = Libtorrent4jNative.ensureLoadable();
    assertEquals(so.toString(), System.getProperty(Libtorrent4jNative.PROPERTY));
    assertEquals(so, Libtorrent4jNative.ensureLoadable());
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("lib/x86_64/libtorrent4j.so")) {
      assertArrayEquals(in.readAllBytes(), Files.readAllBytes(so));
    }
    // Loading a libtorrent4j class runs its JNI initialiser against that library.
    assertEquals("2.0.6.0", LibTorrent.version());
  }
}
