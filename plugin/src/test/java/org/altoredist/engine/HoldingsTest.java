package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.altoredist.trust.ResourceVerifier;
import org.junit.jupiter.api.Test;

/**
 * What a node holds: the newest version per resource, and the network map a held cost map depends
 * on, even when a newer network map has arrived (RFC 7285 §11.2.3.6).
 */
class HoldingsTest {

  private final TestBundles bundles = new TestBundles(8);
  private final Service service = new Service(bundles.trust, new ResourceVerifier(bundles.trust), true, List.of());
  private final Checker checker = new Checker(new BundleCache(), List.of());

  private HeldBundle held(byte[] bundle) {
    Checker.Outcome o = checker.check(service, null, null, bundle, -1, HeldResource.Source.SERVER,
        bundles.loop.clock().instant());
    return ((Checker.Accepted) o).held();
  }

  @Test
  void aNewerNetworkMapKeepsTheOlderOneWhileAHeldCostMapDependsOnIt() {
    Holdings h = new Holdings(1 << 24, 1 << 20);
    bundles.publish(1, 8_000, Duration.ofDays(1));
    HeldBundle nm1 = held(bundles.networkMap());
    HeldBundle cm1 = held(bundles.costMap());
    bundles.publish(2, 8_000, Duration.ofDays(1));
    HeldBundle nm2 = held(bundles.networkMap());
    HeldBundle cm2 = held(bundles.costMap());
    assertTrue(h.install(nm1, false).installed());
    assertTrue(h.install(cm1, false).installed());
    Holdings.Change c = h.install(nm2, false);
    assertEquals(List.of(), c.removed(), "network map 1 is still what cost map 1 needs");
    assertSame(nm2, h.newest(nm2.key()));
    assertSame(nm1, h.byHash(nm1.info().hash()), "the old network map is still served");
    c = h.install(cm2, false);
    assertEquals(List.of(cm1, nm1), c.removed());
    assertNull(h.byHash(nm1.info().hash()));
  }

  @Test
  void anOlderOrEqualVersionIsNotInstalled() {
    Holdings h = new Holdings(1 << 24, 1 << 20);
    bundles.publish(2, 8_000, Duration.ofDays(1));
    HeldBundle nm2 = held(bundles.networkMap());
    bundles.publish(1, 8_000, Duration.ofDays(1));
    HeldBundle nm1 = held(bundles.networkMap());
    assertTrue(h.install(nm2, false).installed());
    assertFalse(h.install(nm1, false).installed());
    assertFalse(h.install(nm2, false).installed());
  }

  @Test
  void relayedVersionsStayWithinTheRelayBudgetOldestEvictedFirst() {
    bundles.publish(1, 8_000, Duration.ofDays(1));
    HeldBundle nm = held(bundles.networkMap());
    HeldBundle cm = held(bundles.costMap());
    Holdings h = new Holdings(1 << 24, nm.bytes().length + cm.bytes().length - 1);
    assertTrue(h.install(nm, true).installed());
    Holdings.Change c = h.install(cm, true);
    assertTrue(c.installed());
    assertEquals(List.of(nm), c.removed());
    assertEquals(cm.bytes().length, h.bytes());
  }
}
