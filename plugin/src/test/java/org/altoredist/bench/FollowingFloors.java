package org.altoredist.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.altoredist.binding.AltoListener;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.binding.Libtorrent4jNative;
import org.altoredist.binding.LoopbackSessions;
import org.altoredist.engine.HeldResource;
import org.altoredist.http.AltoServer;
import org.altoredist.http.ServiceConfig;
import org.altoredist.trust.Pem;
import org.altoredist.trust.TrustPolicy;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.SettingsPack;
import org.libtorrent4j.TorrentBuilder;
import org.libtorrent4j.TorrentHandle;
import org.libtorrent4j.TorrentInfo;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.ip_filter;
import org.libtorrent4j.swig.settings_pack;
import org.libtorrent4j.swig.tcp_endpoint;

/**
 * Issue 14's floors for a client that embeds the plugin: following 100 torrents for 30 minutes, its
 * heap (after a full collection) grows by at most 5 MB, its thread count stays constant, and it
 * costs under 2 % of one core on average. Measured side by side in one run: two client JVMs start
 * together with the same 100 torrents (1 MiB each) from the same swarm, one with the plugin
 * attached at its defaults and one vanilla, and each samples its own heap, threads and process CPU
 * time every minute. The plugin's cost is the difference of their CPU.
 *
 * <p>The swarm, in a third JVM: a seed operator in the clients' PID (pid-1) running the plugin too,
 * so that the plugin client has an ALTO neighbour, gets its maps over ar_alto and blocks the costlier
 * PID while it downloads, and a vanilla seeder in pid-2, both rate-limited so the downloads last
 * about three quarters of the run; a DHT of the four sessions. Torrents are all active (no
 * queueing), the heaviest case for the steering's per-torrent work. The ALTO server runs here, in
 * the orchestrating JVM. Fixed loopback ports: run it in a network namespace of its own.
 *
 * <pre>
 * ip netns add bench; ip netns exec bench ip link set lo up
 * ip netns exec bench mvn -o -B -q -pl plugin -Pbench test -Dbench.main=org.altoredist.bench.FollowingFloors -Dbench=30
 * </pre>
 *
 * The argument is the run's length in minutes (default 30, at least 2); the first minute is warm-up
 * and not counted. The run's temporary directory (three copies of the content) is deleted at its end.
 */
public final class FollowingFloors {

  static final int TORRENTS = 100;
  static final int PIECE = 64 * 1024;
  static final int CONTENT_BYTES = 1 << 20;
  static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");
  static final InetSocketAddress OPERATOR = new InetSocketAddress("127.0.1.2", 46_010);
  static final InetSocketAddress OPERATOR_ENDPOINT = new InetSocketAddress("127.0.1.2", 46_011);
  static final InetSocketAddress SEEDER = new InetSocketAddress("127.0.2.2", 46_020);
  static final InetSocketAddress PLUGIN_CLIENT = new InetSocketAddress("127.0.1.10", 46_030);
  static final InetSocketAddress VANILLA_CLIENT = new InetSocketAddress("127.0.1.11", 46_040);
  /** Time the client JVMs get to start and add their torrents before the first sample. */
  static final Duration SETUP = Duration.ofSeconds(45);

  private FollowingFloors() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--swarm")) {
      Swarm.run(Path.of(args[1]), URI.create(args[2]), Integer.parseInt(args[3]));
      return;
    }
    if (args.length > 0 && args[0].equals("--client")) {
      FollowingClient.run(args[1].equals("plugin"), Path.of(args[2]), URI.create(args[3]), Long.parseLong(args[4]),
          Integer.parseInt(args[5]), Integer.parseInt(args[6]));
      return;
    }
    int minutes = args.length > 0 && args[0].matches("\\d+") ? Integer.parseInt(args[0]) : 30;
    if (minutes < 2) {
      throw new IllegalArgumentException("a run lasts at least 2 minutes: the first is warm-up, and not judged");
    }
    orchestrate(minutes);
  }

  private static void orchestrate(int minutes) throws Exception {
    Path dir = Files.createTempDirectory("following-floors");
    Libtorrent4jNative.ensureLoadable();
    Path content = Files.createDirectories(dir.resolve("content"));
    Path torrents = Files.createDirectories(dir.resolve("torrents"));
    Random random = new Random(14);
    byte[] bytes = new byte[CONTENT_BYTES];
    for (int i = 0; i < TORRENTS; i++) {
      random.nextBytes(bytes);
      Path file = content.resolve("t" + i + ".bin");
      Files.write(file, bytes);
      Files.write(torrents.resolve("t" + i + ".torrent"),
          new TorrentBuilder().path(file.toFile()).pieceSize(PIECE).generate().entry().bencode());
    }
    Path maps = Files.createDirectories(dir.resolve("maps"));
    for (String f : List.of("ird.json", "networkmap.json", "costmap.json")) {
      Files.copy(Path.of("examples", f), maps.resolve(f));
    }
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    try (AltoServer server = AltoServer.builder(ServiceConfig.of(maps, dir.resolve("alto-state"), SERVICE))
        .bind(InetAddress.getByName("127.0.5.20")).pathPrefix("/alto/").start()) {
      Files.copy(server.demoCa(), dir.resolve("ca.pem"));
      String directory = server.httpDirectory().toString();
      // Seeders' upload: both clients' 100 MiB in three quarters of the run, from two seeders and
      // the clients' own uploads to each other (a quarter of a seeder's each).
      int rate = (int) (2L * TORRENTS * CONTENT_BYTES * 2 / (minutes * 60L * 3 / 4) / 5);
      Process swarm = child("--swarm", dir.toString(), directory, Integer.toString(rate));
      awaitLine(swarm, "swarm ready");
      long start = System.currentTimeMillis() + SETUP.toMillis();
      Process plugin = child("--client", "plugin", dir.toString(), directory, Long.toString(start),
          Integer.toString(minutes), Integer.toString(rate));
      Process vanilla = child("--client", "vanilla", dir.toString(), directory, Long.toString(start),
          Integer.toString(minutes), Integer.toString(rate));
      Client pluginOut = Client.read(plugin, "plugin");
      Client vanillaOut = Client.read(vanilla, "vanilla");
      List<String> pluginLines = pluginOut.lines();
      List<String> vanillaLines = vanillaOut.lines();
      swarm.destroy();
      String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
      FollowingReport.print(minutes, rate, pluginLines, vanillaLines, loadBefore, loadAfter);
    } finally {
      // Three copies of 100 MiB: not left in the temporary directory after each run.
      TempTree.delete(dir);
    }
  }

  private static Process child(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), FollowingFloors.class.getName()));
    cmd.addAll(Arrays.asList(args));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static void awaitLine(Process p, String line) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String l; (l = r.readLine()) != null; ) {
      if (l.equals(line)) {
        return;
      }
    }
    throw new IOException("the swarm ended before it was ready");
  }

  /** A client JVM's output, read in a thread of its own so that neither client's pipe fills. */
  private record Client(Process process, Thread reader, List<String> out) {

    static Client read(Process p, String name) {
      List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread t = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String l; (l = r.readLine()) != null; ) {
            out.add(l);
            System.err.println(name + ": " + l);
          }
        } catch (IOException e) {
          out.add("error " + e);
        }
      }, "read-" + name);
      t.start();
      return new Client(p, t, out);
    }

    /** Every line, once the client ended. */
    List<String> lines() throws InterruptedException {
      process.waitFor();
      reader.join();
      return List.copyOf(out);
    }
  }

  /** The loopback settings of one of the bench's sessions: every torrent active, the swarm's DHT. */
  static SettingsPack settings(InetSocketAddress at, int uploadRate) {
    SettingsPack s = LoopbackSessions.withDht(LoopbackSessions.settings(at.getAddress(), at.getPort()),
        at.equals(OPERATOR) ? List.of() : List.of(OPERATOR));
    return s.setInteger(settings_pack.int_types.upload_rate_limit.swigValue(), uploadRate)
        .setInteger(settings_pack.int_types.active_downloads.swigValue(), -1)
        .setInteger(settings_pack.int_types.active_seeds.swigValue(), -1)
        .setInteger(settings_pack.int_types.active_limit.swigValue(), -1);
  }

  /**
   * Puts every address in libtorrent's global peer class, whose limits the session's rate limits
   * are: by default loopback and LAN peers go in the local class, which no limit bounds. The
   * plugin, once attached, moves its own PID back into the local class.
   */
  static SessionManager everyoneGlobal(SessionManager s) {
    ip_filter all = new ip_filter();
    error_code ec = new error_code();
    all.add_rule(address.from_string("0.0.0.0", ec), address.from_string("255.255.255.255", ec), 1);
    s.swig().set_peer_class_filter(all);
    return s;
  }

  static List<TorrentInfo> torrents(Path dir) {
    List<TorrentInfo> out = new ArrayList<>();
    for (int i = 0; i < TORRENTS; i++) {
      out.add(new TorrentInfo(dir.resolve("torrents").resolve("t" + i + ".torrent").toFile()));
    }
    return out;
  }

  static TrustPolicy trust(Path dir) throws Exception {
    return TrustPolicy.forService(SERVICE.toString()).anchors(Pem.readCertificates(dir.resolve("ca.pem"))).build();
  }

  static void connect(TorrentHandle h, InetSocketAddress peer) {
    error_code ec = new error_code();
    h.swig().connect_peer(new tcp_endpoint(address.from_string(peer.getAddress().getHostAddress(), ec), peer.getPort()));
  }

  /** The swarm: the seed operator (plugin attached, maps from the server) and a vanilla seeder elsewhere. */
  static final class Swarm {
    private Swarm() {}

    static void run(Path dir, URI directory, int rate) throws Exception {
      Libtorrent4jNative.ensureLoadable();
      SessionManager operator = everyoneGlobal(LoopbackSessions.start(settings(OPERATOR, rate)));
      SessionManager seeder = everyoneGlobal(LoopbackSessions.start(settings(SEEDER, rate)));
      File content = dir.resolve("content").toFile();
      for (TorrentInfo ti : torrents(dir)) {
        operator.download(ti, content);
        seeder.download(ti, content);
      }
      // Its upload limit holds for its own PID too, or the clients' downloads would not last.
      AltoPlugin alto = AltoPlugin.builder().trust(trust(dir)).serverLocation(SERVICE.toString(), directory)
          .fallbackDelay(Duration.ZERO).endpoint(OPERATOR_ENDPOINT).localPeersWithinLimits(true).build();
      alto.attach(operator);
      System.out.println("swarm ready");
      System.out.flush();
      // Until the orchestrator ends this process.
      Thread.currentThread().join();
    }
  }

  /** Counts of what a plugin told its listener, for the report. */
  static final class Counting implements AltoListener {
    final AtomicInteger installed = new AtomicInteger();
    final Map<SteeringChange.Kind, AtomicInteger> changes = new EnumMap<>(SteeringChange.Kind.class);

    Counting() {
      for (SteeringChange.Kind k : SteeringChange.Kind.values()) {
        changes.put(k, new AtomicInteger());
      }
    }

    @Override
    public void mapInstalled(HeldResource held) {
      installed.incrementAndGet();
    }

    @Override
    public void steeringChanged(SteeringChange change) {
      changes.get(change.kind()).incrementAndGet();
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("maps installed " + installed);
      changes.forEach((k, n) -> b.append(String.format(Locale.ROOT, ", %s %d", k.name().toLowerCase(Locale.ROOT), n.get())));
      return b.toString();
    }
  }
}
