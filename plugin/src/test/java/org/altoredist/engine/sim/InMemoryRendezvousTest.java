package org.altoredist.engine.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.altoredist.engine.Discovery;
import org.altoredist.engine.RendezvousKey;
import org.junit.jupiter.api.Test;

/** The simulation's DHT over time: repeated lookups, and departed members answered until their entry expires. */
class InMemoryRendezvousTest {

  private final VirtualLoop loop = new VirtualLoop(Instant.parse("2026-03-01T00:00:00Z"));
  private final InMemoryRendezvous dht = new InMemoryRendezvous(4, 9, loop, Duration.ofSeconds(60),
      Duration.ofMinutes(30));
  private final RendezvousKey key = Simulation.KEY;

  private static InetSocketAddress node(int i) {
    return Simulation.address(i, 4);
  }

  private void runFor(Duration d) {
    loop.runUntil(loop.nanoTime() + d.toNanos(), () -> true);
  }

  @Test
  void aLookupAnswersDistinctOtherMembersAndIsRepeatedEveryMinute() {
    for (int i = 1; i <= 50; i++) {
      dht.announce(key, node(i));
    }
    List<List<InetSocketAddress>> answers = new ArrayList<>();
    dht.join(key, node(0), answers::add);
    assertEquals(1, answers.size());
    runFor(Duration.ofSeconds(59));
    assertEquals(1, answers.size());
    runFor(Duration.ofSeconds(62));
    assertEquals(3, answers.size());
    for (List<InetSocketAddress> a : answers) {
      assertEquals(4, a.size());
      assertEquals(4, new HashSet<>(a).size(), "distinct: " + a);
      assertFalse(a.contains(node(0)), "never oneself");
    }
  }

  @Test
  void aMemberThatLeftIsAnsweredUntilItsEntryExpires() {
    Discovery.Membership gone = dht.join(key, node(1), found -> { });
    dht.join(key, node(2), found -> { });
    gone.close();
    List<InetSocketAddress> seen = new ArrayList<>();
    dht.join(key, node(3), seen::addAll);
    assertTrue(seen.contains(node(1)), "a DHT keeps an announce until it expires: " + seen);
    runFor(Duration.ofMinutes(31));
    List<InetSocketAddress> later = new ArrayList<>();
    dht.join(key, node(4), later::addAll);
    assertFalse(later.contains(node(1)), "expired after 30 minutes: " + later);
    assertTrue(later.contains(node(2)) && later.contains(node(3)));
  }
}
