package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.altoredist.engine.sim.InMemoryNetwork;
import org.altoredist.testing.Await;
import org.altoredist.wire.BundleHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory: what is written, and what a restart keeps. Real files, really signed
 * bundles; every bundle read back is verified again, and whatever fails leaves the disk.
 */
class MapStoreTest {

  @TempDir
  Path state;

  private final TestBundles bundles = new TestBundles(5).publish(1, 20_000, Duration.ofDays(1));

  private RedistributionEngine engine() {
    InMemoryNetwork net = new InMemoryNetwork(bundles.loop, Duration.ofMillis(100), 1 << 20, 1);
    return RedistributionEngine.builder().use(bundles.trust).transport(net.attach(new InetSocketAddress("10.1.0.1", 1)))
        .loop(bundles.loop).stateDir(state).resourceRendezvous(false).build();
  }

  private Path serviceDir() {
    return state.resolve("bundles").resolve(MapStore.serviceDirectory(TestBundles.SERVICE));
  }

  private Set<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  private RedistributionEngine publishAll() throws Exception {
    RedistributionEngine e = engine();
    for (byte[] b : List.of(bundles.ird(), bundles.networkMap(), bundles.costMap())) {
      e.publish(b);
    }
    bundles.loop.runUntil(bundles.loop.nanoTime() + 1_000_000, () -> true);
    // Whole bundles only: a write in progress is a temporary file beside them, and a count that
    // took it for the third let close() return before the rename, which then landed in the next
    // engine's store after that engine had loaded it.
    Await.until("three bundles on disk", () -> serviceDir().toFile().list() != null
        && Stream.of(serviceDir().toFile().list()).filter(n -> n.endsWith(MapStore.SUFFIX)).count() == 3);
    return e;
  }

  @Test
  void bundlesAreStoredWholeUnderTheirHash() throws Exception {
    publishAll().close();
    for (byte[] b : List.of(bundles.ird(), bundles.networkMap(), bundles.costMap())) {
      Path f = serviceDir().resolve(BundleHash.compute(b).hex() + MapStore.SUFFIX);
      assertArrayEquals(b, Files.readAllBytes(f));
    }
  }

  @Test
  void restartVerifiesEveryStoredBundleAgainAndDropsTheRest() throws Exception {
    publishAll().close();
    byte[] tampered = bundles.networkMap().clone();
    tampered[tampered.length - 10] ^= 1;
    Files.write(serviceDir().resolve(BundleHash.compute(tampered).hex() + MapStore.SUFFIX), tampered);
    Files.write(serviceDir().resolve("." + BundleHash.compute(tampered).hex() + ".1234" + MapStore.TEMP_SUFFIX),
        new byte[100]);
    Files.write(serviceDir().resolve("00".repeat(32) + MapStore.SUFFIX), bundles.costMap());
    Path stranger = state.resolve("bundles").resolve("0123456789abcdef");
    Files.createDirectories(stranger);
    Files.write(stranger.resolve(BundleHash.compute(bundles.ird()).hex() + MapStore.SUFFIX), bundles.ird());

    RedistributionEngine again = engine();
    List<HeldResource> held = again.held();
    assertEquals(3, held.size(), "held after restart: " + held);
    assertTrue(held.stream().allMatch(h -> h.source() == HeldResource.Source.STORE));
    assertEquals(3, files(serviceDir()).size(), "left on disk: " + files(serviceDir()));
    assertFalse(Files.exists(stranger), "a directory of an unconfigured service stays");
    again.close();
  }

  @Test
  void whatExpiredWhileTheNodeWasDownIsDropped() throws Exception {
    publishAll().close();
    bundles.loop.runUntil(bundles.loop.nanoTime() + Duration.ofDays(2).toNanos(), () -> true);
    RedistributionEngine again = engine();
    assertEquals(List.of(), again.held());
    assertEquals(Set.of(), files(serviceDir()));
    again.close();
  }

  @Test
  void closeFinishesTheWritesAlreadyQueued() throws Exception {
    RedistributionEngine e = engine();
    for (byte[] b : List.of(bundles.ird(), bundles.networkMap(), bundles.costMap())) {
      e.publish(b);
    }
    bundles.loop.runUntil(bundles.loop.nanoTime() + 1_000_000, () -> true);
    e.close();
    Set<String> whole = files(serviceDir()).stream().filter(n -> n.endsWith(MapStore.SUFFIX)).collect(Collectors.toSet());
    assertEquals(3, whole.size(), "on disk right after close: " + files(serviceDir()));
  }
}
