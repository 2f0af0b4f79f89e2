package org.altoredist.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.altoredist.engine.HeldResource;
import org.altoredist.it.swarm.AltoNode;
import org.altoredist.it.swarm.AltoPeer;
import org.altoredist.it.swarm.AltoService;
import org.altoredist.it.swarm.Await;
import org.altoredist.it.swarm.HostilePeer;
import org.altoredist.it.swarm.HostilePeer.Behaviour;
import org.altoredist.it.swarm.HostilePeer.Offer;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.VerificationException;
import org.altoredist.trust.VerifiedResource;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;

/**
 * The hostile peers of {@link AltoSwarmIT}'s {@code HOSTILE_PEERS} scenario, one per lie, each on
 * its own address in PID 7, which the network map does not name (a drop bans an address). Every lie claims a sequence above the newest
 * real one, so that an honest peer tries it before the real version and cannot converge without
 * seeing through it. Before anything starts, the test checks that each lie is the lie it means to
 * be, with the project's own verifier.
 */
final class Hostiles {

  private Hostiles() {}

  /**
   * Records the seeder's current network map, publishes a new version and waits for the seeder to
   * hold it (so the recorded one is a valid old version to replay), then starts the hostile peers.
   */
  static List<HostilePeer> start(Path dir, AltoService service, AltoPeer seeder, Duration deadline,
      Supplier<String> diagnostics) throws IOException, VerificationException {
    HeldResource recorded = seeder.held(AltoService.NETWORK_MAP);
    service.publishNetworkMapWithPid(5);
    // At once, as a seed operator would after publishing (the scheduled refresh is NEW_VERSION's subject).
    seeder.plugin().refreshFromServer();
    Await.until("the seeder holds the second version of the network map and a cost map over it", deadline,
        () -> secondVersionHeld(seeder, recorded), diagnostics);
    HeldResource map = seeder.held(AltoService.NETWORK_MAP);
    HeldResource costs = seeder.held(AltoService.COST_MAP);
    String s = service.service();
    long nextMap = map.sequence() + 1;
    long nextCosts = costs.sequence() + 1;
    ResourceVerifier ours = new ResourceVerifier(service.trust());

    byte[] forged = forge(map.resource().bundle().encoded());
    assertEquals(VerificationException.Reason.BAD_SIGNATURE,
        assertThrows(VerificationException.class, () -> ours.verify(forged, Expectation.fromPeer(null))).reason());

    byte[] replayed = recorded.resource().bundle().encoded();
    VerifiedResource old = ours.verify(replayed, Expectation.fromPeer(AltoService.NETWORK_MAP));
    assertTrue(old.descriptor().sequence() < map.sequence(), "the recorded version is older than the current one");

    List<Offer> otherOffers = new ArrayList<>();
    try (AltoService other = AltoService.start(dir.resolve("other-isp"), URI.create("http://127.0.0.2/alto/directory"),
        AltoSwarmIT.host(0, 11))) {
      for (VerifiedResource r : other.fetch()) {
        String rid = r.descriptor().resourceId();
        if (AltoService.NETWORK_MAP.equals(rid) || AltoService.COST_MAP.equals(rid)) {
          byte[] b = r.bundle().encoded();
          VerificationException x = assertThrows(VerificationException.class, () -> ours.verify(b, Expectation.fromPeer(rid)));
          // A copy to discard, not proof of forgery: the engine strikes the peer and drops it at the second.
          assertEquals(VerificationException.Remedy.DISCARD, x.reason().remedy(), x::toString);
          otherOffers.add(Offer.of(s, rid, AltoService.NETWORK_MAP.equals(rid) ? nextMap : nextCosts, b));
        }
      }
    }
    assertEquals(2, otherOffers.size(), "the other service's network and cost map");

    byte[] nowhere = new byte[BundleHash.LENGTH];
    nowhere[0] = 0x42;
    assertNotEquals(map.hash(), BundleHash.of(nowhere));
    Offer neverSent = new Offer(new BundleClaim(s, AltoService.NETWORK_MAP, nextMap, map.size(), BundleHash.of(nowhere)),
        null);

    List<HostilePeer> started = new ArrayList<>();
    started.add(HostilePeer.start("forger", AltoSwarmIT.host(7, 1), Behaviour.SERVES_LIES,
        List.of(Offer.of(s, AltoService.NETWORK_MAP, nextMap, forged))));
    started.add(HostilePeer.start("replayer", AltoSwarmIT.host(7, 2), Behaviour.SERVES_LIES,
        List.of(Offer.of(s, AltoService.NETWORK_MAP, nextMap, replayed))));
    started.add(HostilePeer.start("other-service", AltoSwarmIT.host(7, 3), Behaviour.SERVES_LIES, otherOffers));
    started.add(HostilePeer.start("never-delivers", AltoSwarmIT.host(7, 4), Behaviour.NEVER_DELIVERS, List.of(neverSent)));
    started.add(HostilePeer.start("inventory-flood", AltoSwarmIT.host(7, 5), Behaviour.INVENTORY_FLOOD, List.of()));
    started.add(HostilePeer.start("oversized", AltoSwarmIT.host(7, 6), Behaviour.OVERSIZED_MESSAGE, List.of()));
    return started;
  }

  /**
   * Waits until every hostile peer has cheated some ALTO peer and been dropped by each one it
   * cheated (and none let it back), then checks that the ALTO peers' own count of peers dropped
   * is exactly that: no hostile peer escaped a drop, and no honest peer was dropped.
   */
  static void awaitDroppedByAllTheyCheated(List<HostilePeer> hostiles, List<? extends AltoNode> altoPeers, Duration deadline,
      Supplier<String> diagnostics) {
    Await.until("every hostile peer has cheated and been dropped by every ALTO peer it cheated", deadline,
        () -> hostiles.stream().allMatch(h -> !h.cheated().isEmpty() && h.droppedByEveryoneItCheated()), diagnostics);
    long cheated = hostiles.stream().mapToLong(h -> h.cheated().size()).sum();
    // The engines publish their counters once a second, so the last drops may take that long to show.
    Await.until("the ALTO peers count exactly the " + cheated + " drops of hostile peers", Duration.ofSeconds(5),
        () -> altoPeers.stream().mapToLong(p -> p.stats().peersDropped()).sum() == cheated, diagnostics);
  }

  private static boolean secondVersionHeld(AltoPeer seeder, HeldResource recorded) {
    HeldResource map = seeder.held(AltoService.NETWORK_MAP);
    HeldResource costs = seeder.held(AltoService.COST_MAP);
    return map != null && costs != null && map.sequence() > recorded.sequence()
        && costs.resource().descriptor().dependentVtags().contains(map.resource().descriptor().vtag());
  }

  /** The bundle with one bit of its signature value flipped: framing and DER intact, signature wrong. */
  private static byte[] forge(byte[] bundle) {
    byte[] f = bundle.clone();
    int sigLen = ((f[5] & 0xff) << 24) | ((f[6] & 0xff) << 16) | ((f[7] & 0xff) << 8) | (f[8] & 0xff);
    f[9 + sigLen - 1] ^= 0x01;
    return f;
  }
}
