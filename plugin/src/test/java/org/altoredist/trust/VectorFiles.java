package org.altoredist.trust;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the vector generators share: writing a directory, comparing it, and the index's JSON layout. */
final class VectorFiles {

  private VectorFiles() {}

  /** The index as committed: two-space indents, one member per line, a final newline. */
  static byte[] indexJson(Map<String, Object> root) throws IOException {
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    return (new ObjectMapper().writer(pp).writeValueAsString(root) + "\n").getBytes(US_ASCII);
  }

  static void write(Path dir, Map<String, byte[]> files) throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path f = dir.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.write(f, e.getValue());
    }
  }

  /** Every committed file of {@code dir} but its README equals the built one, and no file is missing or extra. */
  static void assertCommitted(Path dir, Map<String, byte[]> built) throws IOException {
    Map<String, byte[]> committed = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        String rel = dir.relativize(p).toString().replace('\\', '/');
        if (!rel.equals("README.md")) {
          committed.put(rel, Files.readAllBytes(p));
        }
      }
    }
    assertEquals(built.keySet(), committed.keySet());
    for (String f : built.keySet()) {
      assertArrayEquals(built.get(f), committed.get(f), f);
    }
  }
}
