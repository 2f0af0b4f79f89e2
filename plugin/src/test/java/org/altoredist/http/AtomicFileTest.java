package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's state files are replaced whole: the new bytes under the file's name, nothing left
 * beside it, and a temporary file left by a crash mid-write neither blocks nor leaks into the next.
 */
class AtomicFileTest {

  @TempDir
  Path dir;

  @Test
  void aReplacedFileHoldsExactlyTheNewBytesAndNothingIsLeftBesideIt() throws Exception {
    Path f = dir.resolve("sequences.json");
    AtomicFile.write(f, "a longer first version".getBytes(StandardCharsets.UTF_8));
    AtomicFile.write(f, "second".getBytes(StandardCharsets.UTF_8));
    assertEquals("second", Files.readString(f));
    assertEquals(List.of(f), list());
  }

  @Test
  void aTemporaryFileLeftByACrashIsOverwrittenNotAppendedTo() throws Exception {
    Path f = dir.resolve("00000000000000000007.arsr");
    Files.write(dir.resolve(f.getFileName() + ".tmp"), new byte[4096]);
    byte[] bytes = {1, 2, 3};
    AtomicFile.write(f, bytes);
    assertArrayEquals(bytes, Files.readAllBytes(f));
    assertEquals(List.of(f), list());
  }

  private List<Path> list() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
