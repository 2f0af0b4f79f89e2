package org.altoredist.bench;

import java.io.File;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.altoredist.cli.SessionSettings;
import org.libtorrent4j.SessionHandle;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SessionParams;
import org.libtorrent4j.TorrentBuilder;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.tcp_endpoint;

/**
 * Does a libtorrent4j JVM survive without libjsig? Two loopback sessions swap a 64 MiB torrent for
 * 40 s (the leecher deletes and restarts it when done) while the JVM allocates and collects; exit
 * code 0 and "survived" mean it did, 139 that it died of SIGSEGV. Run without LD_PRELOAD, in a
 * network namespace, once per disk backend, with the path of an extracted libtorrent4j.so:
 *
 * <pre>
 * mvn -B -q -o -pl plugin test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * ip netns exec NS java -cp "$(cat /tmp/cp.txt):plugin/target/test-classes" \
 *     org.altoredist.bench.SignalChainingProbe posix|default /tmp/altoredist-native-$USER/.../libtorrent4j.so
 * </pre>
 *
 * Results are in the README ("Enable it in a libtorrent4j client").
 */
public final class SignalChainingProbe {

  private static final long RUN_NANOS = 40_000_000_000L;

  private SignalChainingProbe() {}

  public static void main(String[] args) throws Exception {
    boolean posix = args[0].equals("posix");
    System.setProperty("libtorrent4j.jni.path", args[1]);
    Path dir = Files.createTempDirectory("signal-probe");
    Path content = Files.createDirectories(dir.resolve("seed")).resolve("content.bin");
    byte[] bytes = new byte[64 << 20];
    new Random(1).nextBytes(bytes);
    Files.write(content, bytes);
    TorrentInfo ti = new TorrentInfo(new TorrentBuilder().path(content.toFile()).generate().entry().bencode());
    SessionManager seed = start(InetAddress.getByName("127.0.0.1"), 40001, posix);
    SessionManager leech = start(InetAddress.getByName("127.0.0.2"), 40002, posix);
    seed.download(ti, content.getParent().toFile());
    File into = Files.createDirectories(dir.resolve("leech")).toFile();
    leech.download(ti, into);
    List<byte[]> garbage = new ArrayList<>();
    error_code ec = new error_code();
    tcp_endpoint seeder = new tcp_endpoint(address.from_string("127.0.0.1", ec), 40001);
    long end = System.nanoTime() + RUN_NANOS;
    for (int round = 1; System.nanoTime() < end; round++) {
      // Allocation and collections: the JVM's own SIGSEGVs (safepoint polls) come with them.
      for (int i = 0; i < 2000; i++) {
        garbage.add(new byte[1024]);
      }
      if (garbage.size() > 50_000) {
        garbage.clear();
      }
      if (round % 50 == 0) {
        System.gc();
      }
      TorrentHandle h = leech.find(ti.infoHash());
      if (h != null && h.isValid()) {
        h.swig().connect_peer(seeder);
        if (h.status().isFinished() && round % 200 == 0) {
          // Download again, so the disk backend keeps working for the whole run.
          leech.remove(h, SessionHandle.DELETE_FILES);
          Thread.sleep(200);
          leech.download(ti, into);
        }
      }
      Thread.sleep(5);
    }
    System.out.println("survived " + RUN_NANOS / 1_000_000_000L + " s, disk backend " + (posix ? "posix" : "default"));
    System.exit(0);
  }

  private static SessionManager start(InetAddress host, int port, boolean posix) {
    SessionParams p = new SessionParams(SessionSettings.loopback(host, port));
    if (posix) {
      p.setPosixDiskIO();
    }
    SessionManager m = new SessionManager(false);
    m.start(p);
    return m;
  }
}
