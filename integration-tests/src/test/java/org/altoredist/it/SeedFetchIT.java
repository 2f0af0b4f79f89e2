package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.altoredist.it.swarm.AltoService;
import org.altoredist.it.swarm.Await;
import org.altoredist.it.swarm.Loopback;
import org.altoredist.it.swarm.ManagedProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seed} and {@code fetch} from the built jar, as an operator and a user run them (each in
 * its own JVM, relaunched by the tool with signal chaining): the seeder holds signed maps fetched
 * once with {@code fetch-maps}; the client gets content and maps from it, none from the ALTO server.
 * With either engine on either side: libtorrent4j (ar_alto on the plugin's endpoint) and Bt
 * (ar_alto in-wire), so both transports meet in both directions.
 */
class SeedFetchIT {

  private static final Duration DEADLINE = Duration.ofMinutes(2);
  private static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");

  @TempDir
  Path dir;

  @Test
  void aClientFetchesContentAndMapsFromASeederWithoutAskingTheAltoServer() throws Exception {
    seedAndFetch("libtorrent4j", "libtorrent4j");
  }

  /** Both with Bt: the maps ride the content connection, found through nothing but --peer. */
  @Test
  void btClientGetsTheMapsInWireFromABtSeeder() throws Exception {
    seedAndFetch("bt", "bt");
  }

  /** A Bt client dials the libtorrent4j seeder's endpoint with the torrent's info-hash. */
  @Test
  void btClientGetsTheMapsFromALibtorrent4jSeedersEndpoint() throws Exception {
    seedAndFetch("libtorrent4j", "bt");
  }

  /** A libtorrent4j client's endpoint dials the Bt seeder's content port with the torrent's info-hash. */
  @Test
  void libtorrent4jClientGetsTheMapsFromABtSeedersContentPort() throws Exception {
    seedAndFetch("bt", "libtorrent4j");
  }

  private void seedAndFetch(String seedEngine, String fetchEngine) throws Exception {
    try (AltoService server = AltoService.start(dir.resolve("alto"), SERVICE, Loopback.host(0, 11))) {
      String ca = server.demoCa().toString();
      Path signed = dir.resolve("signed");
      ToolProcess got = ToolProcess.run(DEADLINE, "fetch-maps", "--service", SERVICE.toString(), "--location",
          server.httpDirectory().toString(), "--anchor", ca, "--out", signed.toString());
      assertEquals(0, got.exit(), got.out() + got.err());
      long before = server.stats().totalRequests();

      Path content = Files.write(Files.createDirectories(dir.resolve("seed")).resolve("content.bin"), random(3 << 20));
      Path torrent = dir.resolve("content.torrent");
      String seedListen = Loopback.host(1, 1).getHostAddress() + ":" + Loopback.freePort(Loopback.host(1, 1));
      boolean btSeeder = seedEngine.equals("bt");
      List<String> seedArgs = new ArrayList<>(List.of("seed", "--engine", seedEngine, "--content", content.toString(),
          "--torrent", torrent.toString(), "--make-torrent", "--listen", seedListen, "--no-dht", "--no-alto-server",
          "--service", SERVICE.toString(), "--anchor", ca, "--state", dir.resolve("seed-state").toString()));
      if (!btSeeder) {
        // Slow enough (3 MiB in about 3 s) for the client's per-PID accounting to sample the transfer.
        seedArgs.addAll(List.of("--upload-limit", "1000000"));
      }
      try (var list = Files.list(signed)) {
        list.sorted().forEach(b -> seedArgs.addAll(List.of("--maps", b.toString())));
      }
      try (ManagedProcess seed = ManagedProcess.start("altoredist-seed", dir, ToolProcess.command(seedArgs.toArray(String[]::new)))) {
        Pattern altoAt = Pattern.compile(btSeeder ? "with Bt on /([0-9.]+:[0-9]+), ar_alto in-wire"
            : "ar_alto endpoint /([0-9.]+:[0-9]+)");
        Await.until("the seeder reports where it speaks ar_alto and holds its maps (or exits)", DEADLINE,
            () -> !seed.alive() || altoAt.matcher(seed.logTail()).find() && seed.logTail().contains("maps held 3"),
            seed::logTail);
        assertTrue(seed.alive(), seed::logTail);
        Matcher m = altoAt.matcher(seed.logTail());
        assertTrue(m.find());

        ToolProcess fetch = ToolProcess.run(DEADLINE, "fetch", torrent.toString(), "--engine", fetchEngine,
            "--out", dir.resolve("client").toString(),
            "--listen", Loopback.host(2, 1).getHostAddress() + ":0", "--no-dht", "--peer", seedListen,
            "--alto-peer", m.group(1), "--service", SERVICE.toString(), "--anchor", ca,
            "--alto-server", server.httpDirectory().toString(), "--fallback-after", "PT5M", "--timeout", "PT90S");
        assertEquals(0, fetch.exit(), fetch.out() + fetch.err() + seed.logTail());
        assertTrue(fetch.out().contains("content.bin: complete"), fetch.out());
        assertTrue(fetch.out().matches("(?s).*map loopback-network-map sequence \\d+ from peer.*"), fetch.out());
        assertTrue(fetch.out().contains("ALTO-server requests made: 0"), fetch.out());
        assertTrue(fetch.out().contains("this client is in pid-2"), fetch.out());
        Matcher fromPid1 = Pattern.compile("pid-1\\s+received\\s+(\\d+)").matcher(fetch.out());
        if (!btSeeder || fetchEngine.equals("bt")) {
          // Bt counts every block; libtorrent4j's totals are sampled, so only a slowed seeder is sure to show.
          assertTrue(fromPid1.find(), fetch.out());
          assertTrue(Long.parseLong(fromPid1.group(1)) >= 1 << 20, "the content came from the seeder in pid-1: " + fetch.out());
        }
        assertEquals(before, server.stats().totalRequests(), "the client never asked the ALTO server");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(content), Files.readAllBytes(dir.resolve("client/content.bin"))));
      }
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(3).nextBytes(b);
    return b;
  }
}
