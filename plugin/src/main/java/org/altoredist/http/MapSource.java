package org.altoredist.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.altoredist.trust.Limits;

/**
 * The operator's map files: every {@code *.json} file directly in a directory, or the loopback
 * examples bundled with the tool. Files are identified by their content, not their names
 * (alto-http.md §3.1), so a source is just named byte strings.
 */
final class MapSource {

  /** The bundled examples: the loopback demo network of plugin/examples. */
  static final String[] BUNDLED = {"ird.json", "networkmap.json", "costmap.json"};
  private static final String BUNDLED_DIR = "/org/altoredist/examples/";

  /** A file's content, or why it could not be read. */
  record Content(byte[] bytes, String unreadable) {}

  private final Path dir;

  /** @param dir the directory, or null for the bundled examples */
  MapSource(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Where a file name comes from, for log lines. */
  String describe(String name) {
    return dir == null ? "bundled:" + name : dir.resolve(name).toString();
  }

  /** Every file, by name, in name order. */
  Map<String, Content> read() throws IOException {
    Map<String, Content> out = new java.util.TreeMap<>();
    if (dir == null) {
      for (String name : BUNDLED) {
        try (InputStream in = MapSource.class.getResourceAsStream(BUNDLED_DIR + name)) {
          if (in == null) {
            throw new IOException("the bundled example " + name + " is missing from the classpath");
          }
          out.put(name, new Content(in.readAllBytes(), null));
        }
      }
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        if (Files.isRegularFile(f)) {
          out.put(f.getFileName().toString(), readOne(f));
        }
      }
    }
    return new LinkedHashMap<>(out);
  }

  private static Content readOne(Path f) {
    try {
      long size = Files.size(f);
      if (size > Limits.MAX_BODY_BYTES) {
        return new Content(null, "the file is " + size + " bytes; a signed body is at most " + Limits.MAX_BODY_BYTES);
      }
      return new Content(Files.readAllBytes(f), null);
    } catch (IOException e) {
      return new Content(null, "unreadable: " + e);
    }
  }
}
