package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.altoredist.it.swarm.AltoService;
import org.altoredist.it.swarm.Await;
import org.altoredist.it.swarm.Loopback;
import org.altoredist.it.swarm.ManagedProcess;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.VerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seed} and {@code fetch}, run from the built jar, are killed with SIGKILL (the tool's JVM
 * and the JVM it relaunches) at random moments while they write their state directories: every
 * other time as soon as a temporary file shows in the state directory (the kill then lands inside
 * a bundle write), otherwise after a random delay. Before each run the ALTO server publishes a new
 * version, so every run has maps to write. After each kill the state directory holds only whole
 * bundles that verify (plus temporary files), and the tool restarted on it holds its maps, leaves
 * no temporary file and serves only what verifies: a client fetches the maps from the restarted
 * seeder. {@code mvn verify} kills each {@value #DEFAULT_KILLS} times; issue 13's 20 kills each:
 *
 * <pre>mvn -B -o verify -pl integration-tests -Dit.test=StoreKillIT -Daltoredist.kills=20</pre>
 */
class StoreKillIT {

  static final int DEFAULT_KILLS = 3;
  private static final int KILLS = Integer.getInteger("altoredist.kills", DEFAULT_KILLS);
  private static final Duration DEADLINE = Duration.ofMinutes(2);
  /** Random kills land within this long of the start: the tool needs a few seconds to fetch and write its maps. */
  private static final int RANDOM_KILL_WITHIN_MS = 6_000;
  /** How long a kill waits for a temporary file before it kills anyway: the writes are over by then. */
  private static final Duration WRITE_WATCH = Duration.ofSeconds(20);
  private static final URI SERVICE = URI.create("http://127.0.0.1/alto/directory");

  @TempDir
  Path dir;
  private final Random random = new Random(13);

  @Test
  void seedKilledWhileWritingItsStateRestartsWithOnlyVerifiedMaps() throws Exception {
    try (AltoService server = AltoService.start(dir.resolve("alto"), SERVICE, Loopback.host(0, 21))) {
      Path state = dir.resolve("seed-state");
      String listen = Loopback.host(1, 21).getHostAddress() + ":" + Loopback.freePort(Loopback.host(1, 21));
      List<String> seed = new ArrayList<>(seeder(server, listen));
      seed.addAll(List.of("--state", state.toString()));
      int midWrite = 0;
      for (int kill = 0; kill < KILLS; kill++) {
        server.publishNetworkMapWithPid(10 + kill);
        try (ManagedProcess p = ManagedProcess.start("seed-" + kill, dir, seed)) {
          midWrite += killWhileWriting(p, state, kill) ? 1 : 0;
        }
        onlyWholeVerifiedBundles(server, state, "after kill " + kill);
        try (ManagedProcess p = ManagedProcess.start("seed-restart-" + kill, dir, seed)) {
          Await.until("the restarted seeder holds its maps", DEADLINE,
              () -> !p.alive() || p.logTail().contains("maps held " + AltoService.RESOURCES), p::logTail);
          assertTrue(p.alive(), p.logTail());
          assertEquals(0, temporaryFiles(state), "the restart cleaned up after kill " + kill);
          onlyWholeVerifiedBundles(server, state, "after restart " + kill);
          if (kill == KILLS - 1) {
            aClientGetsTheMapsFrom(server, listen, p);
          }
        }
      }
      System.out.printf("seed: %d SIGKILLs, %d of them inside a bundle write, %d restarts clean%n", KILLS, midWrite,
          KILLS);
    }
  }

  @Test
  void fetchKilledWhileWritingItsStateRestartsWithOnlyVerifiedMaps() throws Exception {
    try (AltoService server = AltoService.start(dir.resolve("alto"), SERVICE, Loopback.host(0, 22))) {
      Path torrent = dir.resolve("content.torrent");
      String seedListen = Loopback.host(1, 22).getHostAddress() + ":" + Loopback.freePort(Loopback.host(1, 22));
      List<String> seed = seeder(server, seedListen);
      Path state = dir.resolve("fetch-state");
      int midWrite = 0;
      try (ManagedProcess seeder = ManagedProcess.start("seeder", dir, seed)) {
        Await.until("the seeder seeds", DEADLINE, () -> !seeder.alive() || seeder.logTail().contains("maps held"),
            seeder::logTail);
        for (int kill = 0; kill < KILLS; kill++) {
          server.publishNetworkMapWithPid(10 + kill);
          try (ManagedProcess p = ManagedProcess.start("fetch-" + kill, dir,
              ToolProcess.command(fetch(server, torrent, seedListen, state, kill)))) {
            midWrite += killWhileWriting(p, state, kill) ? 1 : 0;
          }
          onlyWholeVerifiedBundles(server, state, "after kill " + kill);
          ToolProcess again = ToolProcess.run(DEADLINE, fetch(server, torrent, seedListen, state, kill));
          assertEquals(0, again.exit(), again.out() + again.err());
          assertTrue(again.out().contains("content.bin: complete"), again.out());
          assertTrue(again.out().contains("map loopback-network-map sequence"), again.out());
          assertEquals(0, temporaryFiles(state), "the restart cleaned up after kill " + kill);
          onlyWholeVerifiedBundles(server, state, "after restart " + kill);
        }
      }
      System.out.printf("fetch: %d SIGKILLs, %d of them inside a bundle write, %d restarts clean%n", KILLS, midWrite,
          KILLS);
    }
  }

  /** {@code seed} of 1 MiB of content (making content.torrent), its maps from the ALTO server at once. */
  private List<String> seeder(AltoService server, String listen) throws IOException {
    Path content = Files.write(Files.createDirectories(dir.resolve("seed")).resolve("content.bin"), new byte[1 << 20]);
    return ToolProcess.command("seed", "--content", content.toString(), "--torrent",
        dir.resolve("content.torrent").toString(), "--make-torrent", "--listen", listen, "--no-dht", "--service",
        SERVICE.toString(), "--anchor", server.demoCa().toString(), "--alto-server", server.httpDirectory().toString(),
        "--fallback-after", "PT0S");
  }

  private static String[] fetch(AltoService server, Path torrent, String seedListen, Path state, int run) {
    return List.of("fetch", torrent.toString(), "--out", state.resolveSibling("out-" + run).toString(),
        "--listen", Loopback.host(2, 22).getHostAddress() + ":0", "--no-dht", "--peer", seedListen, "--service",
        SERVICE.toString(), "--anchor", server.demoCa().toString(), "--alto-server", server.httpDirectory().toString(),
        "--fallback-after", "PT0S", "--state", state.toString(), "--timeout", "PT90S").toArray(String[]::new);
  }

  /**
   * Kills the tool (its JVM and the one it relaunched) with SIGKILL: on even runs as soon as a
   * temporary file shows in {@code state}, on odd runs after a random delay. Returns whether a
   * temporary file was there at the kill.
   */
  private boolean killWhileWriting(ManagedProcess p, Path state, int run) throws Exception {
    long end = System.nanoTime() + (run % 2 == 0 ? WRITE_WATCH.toNanos() : random.nextInt(RANDOM_KILL_WITHIN_MS) * 1_000_000L);
    while (System.nanoTime() < end && p.alive() && (run % 2 != 0 || temporaryFiles(state) == 0)) {
      Thread.onSpinWait();
    }
    boolean inside = temporaryFiles(state) > 0;
    List<ProcessHandle> all = new ArrayList<>(p.process().descendants().toList());
    all.add(p.process().toHandle());
    for (ProcessHandle h : all) {
      h.destroyForcibly();
    }
    for (ProcessHandle h : all) {
      h.onExit().get();
    }
    return inside;
  }

  private static long temporaryFiles(Path state) throws IOException {
    return files(state, ".tmp").size();
  }

  /**
   * The files under {@code state} whose names end in {@code suffix}. The tool may be running and
   * remove files as they are listed; the listing is then taken again.
   */
  private static List<Path> files(Path state, String suffix) throws IOException {
    for (int attempt = 0; ; attempt++) {
      if (!Files.isDirectory(state)) {
        return List.of();
      }
      try (Stream<Path> s = Files.walk(state)) {
        return s.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
      } catch (UncheckedIOException | NoSuchFileException vanished) {
        if (attempt == 100) {
          throw vanished;
        }
      }
    }
  }

  /** Every bundle file in {@code state} is whole, named after its own hash, and verifies. */
  private static void onlyWholeVerifiedBundles(AltoService server, Path state, String when) throws IOException {
    ResourceVerifier verifier = new ResourceVerifier(server.trust());
    for (Path f : files(state, ".arsr")) {
      try {
        SignedBundle b;
        try {
          b = SignedBundle.read(f);
        } catch (NoSuchFileException removedMeanwhile) {
          continue; // a running tool dropped a superseded version: nothing left to serve
        }
        verifier.verify(b, Expectation.fromOrigin(null));
        assertEquals(f.getFileName().toString(), sha256(b.encoded()) + ".arsr", when + ": " + f);
      } catch (VerificationException e) {
        throw new AssertionError(when + ": " + f + " does not verify: " + e.getMessage(), e);
      }
    }
  }

  /** A client fetches the maps from the restarted seeder over ar_alto, and never from the ALTO server. */
  private void aClientGetsTheMapsFrom(AltoService server, String seedListen, ManagedProcess seeder) throws Exception {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("ar_alto endpoint /([0-9.]+:[0-9]+)")
        .matcher(seeder.logTail());
    assertTrue(m.find(), seeder.logTail());
    ToolProcess client = ToolProcess.run(DEADLINE, "fetch", dir.resolve("content.torrent").toString(), "--out",
        dir.resolve("client").toString(), "--listen", Loopback.host(2, 21).getHostAddress() + ":0", "--no-dht",
        "--peer", seedListen, "--alto-peer", m.group(1), "--service", SERVICE.toString(), "--anchor",
        server.demoCa().toString(), "--alto-server", server.httpDirectory().toString(), "--fallback-after", "PT5M",
        "--timeout", "PT90S");
    assertEquals(0, client.exit(), client.out() + client.err() + seeder.logTail());
    assertTrue(client.out().matches("(?s).*map loopback-network-map sequence \\d+ from peer.*"), client.out());
    assertTrue(client.out().contains("ALTO-server requests made: 0"), client.out());
  }

  private static String sha256(byte[] b) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
