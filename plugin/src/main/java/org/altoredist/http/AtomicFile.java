package org.altoredist.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replacing a file of the server's state so that a crash or power loss leaves the old bytes or the
 * new, never a torn file nor none: written beside it, forced to disk, renamed over it, and the
 * directory forced too, since on POSIX the rename is durable only once its directory entry is.
 */
final class AtomicFile {

  private static final Logger log = LoggerFactory.getLogger(AtomicFile.class);

  private AtomicFile() {}

  static void write(Path f, byte[] bytes) throws IOException {
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        c.write(b);
      }
      c.force(true);
    }
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(f.toAbsolutePath().getParent());
  }

  /**
   * Forces a directory's entries to disk. Some platforms cannot open a directory as a file (Windows)
   * or sync one; there the rename stays atomic but may be lost with the power, as it would be
   * without this, so that is logged and not an error.
   */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("state: the directory {} cannot be forced to disk here ({}); its last rename may not survive a crash",
          dir, e.toString());
    }
  }
}
