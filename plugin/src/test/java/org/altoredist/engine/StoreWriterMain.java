package org.altoredist.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.altoredist.wire.BundleHash;

/**
 * The process {@link StoreCrashTest} kills: it writes signed bundles into a store without pause,
 * each new version in, the one before the last out, as a node replacing versions does, and
 * prints a line after each completed step so the test can kill it at a varying point.
 */
public final class StoreWriterMain {

  private StoreWriterMain() {}

  /** Bundles of {@link StoreCrashTest#VERSIONS} versions, the same bytes in every JVM. */
  static List<byte[]> bundles() {
    TestBundles t = new TestBundles(42);
    List<byte[]> out = new java.util.ArrayList<>();
    for (int v = 1; v <= StoreCrashTest.VERSIONS; v++) {
      t.publish(v, StoreCrashTest.MAP_BYTES, Duration.ofDays(30));
      out.add(t.networkMap());
      out.add(t.costMap());
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    MapStore store = new MapStore(Path.of(args[0]));
    List<byte[]> bundles = bundles();
    System.out.println("ready");
    for (int i = 0; ; i++) {
      byte[] b = bundles.get(i % bundles.size());
      store.put(TestBundles.SERVICE, BundleHash.compute(b), b);
      System.out.println("put " + i);
      byte[] old = bundles.get((i + bundles.size() - 2) % bundles.size());
      store.remove(TestBundles.SERVICE, BundleHash.compute(old));
      System.out.println("removed " + i);
    }
  }
}
