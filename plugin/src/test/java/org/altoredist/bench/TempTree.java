package org.altoredist.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes what a benchmark wrote under a temporary directory: content and state run to hundreds of MB. */
public final class TempTree {

  private TempTree() {}

  /** Deletes {@code root} and everything under it, deepest first. */
  public static void delete(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
