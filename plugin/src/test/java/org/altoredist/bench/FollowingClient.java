package org.altoredist.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.binding.Libtorrent4jNative;
import org.altoredist.binding.LoopbackSessions;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;

/**
 * One client JVM of {@link FollowingFloors}: a session downloading the 100 torrents, with the plugin
 * attached at its defaults or vanilla, sampling itself every minute from a start instant both clients
 * share. A sample line: {@code sample MINUTE HEAP_BYTES THREADS CPU_NANOS FINISHED}, the heap read
 * after full collections on both sides of the finalizers' run.
 */
final class FollowingClient {

  private FollowingClient() {}

  static void run(boolean withPlugin, Path dir, URI directory, long startMillis, int minutes, int rate)
      throws Exception {
    Libtorrent4jNative.ensureLoadable();
    InetSocketAddress at = withPlugin ? FollowingFloors.PLUGIN_CLIENT : FollowingFloors.VANILLA_CLIENT;
    // The clients upload to each other too, at a quarter of a seeder's rate, so their downloads still last.
    SessionManager session = FollowingFloors.everyoneGlobal(LoopbackSessions.start(FollowingFloors.settings(at, rate / 4)));
    File into = Files.createDirectories(dir.resolve(withPlugin ? "plugin-client" : "vanilla-client")).toFile();
    List<TorrentInfo> torrents = FollowingFloors.torrents(dir);
    for (TorrentInfo ti : torrents) {
      session.download(ti, into);
    }
    List<TorrentHandle> handles = new ArrayList<>();
    for (TorrentInfo ti : torrents) {
      TorrentHandle h = session.find(ti.infoHash());
      handles.add(h);
      FollowingFloors.connect(h, FollowingFloors.OPERATOR);
      FollowingFloors.connect(h, FollowingFloors.SEEDER);
    }
    FollowingFloors.Counting events = new FollowingFloors.Counting();
    AltoPlugin alto = null;
    if (withPlugin) {
      alto = AltoPlugin.builder().trust(FollowingFloors.trust(dir))
          .serverLocation(FollowingFloors.SERVICE.toString(), directory)
          .bootstrap(FollowingFloors.OPERATOR_ENDPOINT).listener(events).build();
      alto.attach(session);
    }
    for (int minute = 0; minute <= minutes; minute++) {
      long wait = startMillis + minute * 60_000L - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      // libtorrent4j's SWIG objects are finalizable: one collection only queues them, the next frees them.
      System.gc();
      System.runFinalization();
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      int threads = ManagementFactory.getThreadMXBean().getThreadCount();
      long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
      int finished = 0;
      for (TorrentHandle h : handles) {
        finished += h.status().isFinished() ? 1 : 0;
      }
      System.out.println("sample " + minute + " " + heap + " " + threads + " " + cpu + " " + finished);
      System.out.flush();
    }
    System.out.println("done " + (alto == null ? "vanilla" : events + ", steering log " + alto.steeringLog().size()
        + ", held " + alto.held().size()));
    System.out.flush();
    // What a client's exit costs is not what it costs to run.
    Runtime.getRuntime().halt(0);
  }
}
