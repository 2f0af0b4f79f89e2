package org.altoredist.http;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the publication when anything in the map directory changes. Events are only a trigger:
 * every rebuild reads all files and compares their bytes, so a burst of events (an editor writing
 * in pieces, a rename) costs a few cheap rebuilds, and an overflow loses nothing. A periodic rescan
 * in {@link AltoServer} covers file systems where events do not arrive.
 */
final class DirectoryWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

  private final WatchService watch;
  private final Thread thread;

  DirectoryWatcher(Path dir, Runnable rebuild) throws IOException {
    this.watch = dir.getFileSystem().newWatchService();
    dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    this.thread = new Thread(() -> loop(dir, rebuild), "alto-watch-" + dir.getFileName());
    thread.setDaemon(true);
    thread.start();
  }

  private void loop(Path dir, Runnable rebuild) {
    try {
      while (true) {
        WatchKey key = watch.take();
        key.pollEvents();
        if (!key.reset()) {
          log.warn("map directory {} is no longer watchable; only periodic rescans will see changes", dir);
          return;
        }
        rebuild.run();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    watch.close();
    thread.interrupt();
  }
}
