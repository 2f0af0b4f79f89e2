package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.altoredist.engine.sim.InMemoryNetwork;
import org.altoredist.testing.Await;
import org.altoredist.wire.BundleHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM writes to a store and is killed with SIGKILL ({@link Process#destroyForcibly})
 * at a different point each time, over and over. After every kill: each bundle file on disk is
 * whole (its bytes are exactly one of the signed bundles and hash to its name), and an engine
 * started on the directory holds only verified bundles and leaves no temporary file behind.
 */
class StoreCrashTest {

  static final int VERSIONS = 3;
  /** Big enough that a kill often lands inside a write and its fsync. */
  static final int MAP_BYTES = 1024 * 1024;
  /** Kills at least this many times... */
  static final int KILLS = 6;
  /** ...and goes on, up to this many, until one has landed inside a write. */
  static final int MAX_KILLS = 30;

  /** How long a kill meant for inside a write watches for its temporary file before killing anyway. */
  static final Duration MID_WRITE_WATCH = Duration.ofSeconds(2);

  @TempDir
  Path state;

  @Test
  void sigkillDuringWritesLeavesOnlyWholeVerifiedBundles() throws Exception {
    Map<String, byte[]> known = new HashMap<>();
    for (byte[] b : StoreWriterMain.bundles()) {
      known.put(BundleHash.compute(b).hex() + MapStore.SUFFIX, b);
    }
    Path dir = state.resolve("bundles");
    Path serviceDir = dir.resolve(MapStore.serviceDirectory(TestBundles.SERVICE));
    Random when = new Random(3);
    int midWrite = 0;
    for (int kill = 0; kill < KILLS || midWrite == 0 && kill < MAX_KILLS; kill++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), StoreWriterMain.class.getName(), dir.toString())
          .redirectErrorStream(true).start();
      // Every other kill inside a write (once its temporary file is there), the others between steps.
      int steps = 1 + when.nextInt(12);
      String killAt = kill % 2 == 0 ? "writing" : "removed";
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
        int seen = 0;
        String line;
        while (seen <= steps && (line = out.readLine()) != null && System.nanoTime() < deadline) {
          seen += line.startsWith(killAt) ? 1 : 0;
        }
        if (killAt.equals("writing")) {
          // Reading the line and killing can take longer than a write on a fast disk, where no kill
          // would ever land inside one: kill the moment the write's temporary file is seen instead.
          awaitTemporaryFile(serviceDir, System.nanoTime() + MID_WRITE_WATCH.toNanos());
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(Await.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(seen > steps, "the writer stopped early after " + seen + " steps");
      }
      try (Stream<Path> files = Files.list(serviceDir)) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          if (name.endsWith(MapStore.SUFFIX)) {
            assertArrayEquals(known.get(name), Files.readAllBytes(f), "kill " + kill + ": " + name + " is not whole");
          } else if (name.endsWith(MapStore.TEMP_SUFFIX)) {
            midWrite++;
          }
        }
      }
      TestBundles clock = new TestBundles(42);
      InMemoryNetwork net = new InMemoryNetwork(clock.loop, Duration.ofMillis(100), 1 << 20, 1);
      RedistributionEngine e = RedistributionEngine.builder().use(clock.trust).stateDir(state).loop(clock.loop)
          .transport(net.attach(new InetSocketAddress("10.1.0.1", 1))).resourceRendezvous(false).build();
      List<HeldResource> held = e.held();
      e.close();
      for (HeldResource h : held) {
        assertTrue(known.containsKey(h.hash().hex() + MapStore.SUFFIX), "kill " + kill + ": holds an unknown " + h);
      }
      try (Stream<Path> files = Files.list(serviceDir)) {
        // Besides the held bundles: the versions they superseded, kept as delta bases (MapStore.retire).
        assertTrue(files.map(f -> f.getFileName().toString())
            .allMatch(n -> n.endsWith(MapStore.SUFFIX) || n.endsWith(MapStore.BASE_SUFFIX)),
            "kill " + kill + ": a temporary file survived the restart");
      }
    }
    // Otherwise the test proved nothing about interrupted writes.
    assertTrue(midWrite > 0, "no kill landed inside a write");
  }

  /** Returns once a temporary file is in {@code dir}, or at {@code deadline}. */
  private static void awaitTemporaryFile(Path dir, long deadline) throws java.io.IOException {
    while (System.nanoTime() < deadline) {
      try (Stream<Path> files = Files.list(dir)) {
        if (files.anyMatch(f -> f.getFileName().toString().endsWith(MapStore.TEMP_SUFFIX))) {
          return;
        }
      } catch (java.nio.file.NoSuchFileException notYetCreated) {
        // The writer's first put creates the directory.
      }
      Thread.onSpinWait();
    }
  }
}
