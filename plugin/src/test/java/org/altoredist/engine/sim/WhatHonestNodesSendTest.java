package org.altoredist.engine.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.altoredist.engine.HeldResource;
import org.altoredist.engine.RedistributionEngine;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.MessageType;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.Test;

/**
 * The privacy rule of bep_ar_alto.md ("Rankings stay local"), checked on every message every
 * honest engine sends in a simulated swarm: claims only of bundles the sender holds verified, data
 * only as slices of those bundles' bytes, endpoints only of swarm members and sorted by address, so
 * that nothing (in content or in order) can carry a ranking.
 */
class WhatHonestNodesSendTest {

  @Test
  void everyMessageCarriesOnlyHeldBundlesAndSortedSwarmEndpoints() {
    SimulationConfig config = SimulationConfig.stable(25, 11, 5, 48 * 1024, 6, 2, 32, Duration.ofMillis(100), Set.of(),
        0, 300);
    Simulation sim = new Simulation(config, line -> { });
    List<InMemoryNetwork.Sent> sent = new ArrayList<>();
    List<List<HeldResource>> snapshots = new ArrayList<>();
    sim.network.tap(s -> {
      sent.add(s);
      snapshots.add(engineAt(sim, s.from()).held());
    });
    SimulationResult r = sim.run();
    assertTrue(r.converged());
    Set<InetSocketAddress> members = new HashSet<>();
    for (int i = 0; i < config.nodes(); i++) {
      members.add(Simulation.address(i, config.pids()));
    }
    Map<BundleHash, byte[]> bytes = new HashMap<>();
    Map<MessageType, Integer> seen = new EnumMap<>(MessageType.class);
    for (int i = 0; i < sent.size(); i++) {
      InMemoryNetwork.Sent s = sent.get(i);
      List<HeldResource> held = snapshots.get(i);
      seen.merge(s.message().type(), 1, Integer::sum);
      if (s.message() instanceof ArAltoMessage.Inventory inv) {
        for (BundleClaim c : inv.bundles()) {
          assertTrue(held.stream().anyMatch(h -> h.hash().equals(c.hash()) && h.sequence() == c.sequence()),
              s.from() + " claimed " + c + " without holding it");
        }
      } else if (s.message() instanceof ArAltoMessage.Data d) {
        HeldResource h = held.stream().filter(x -> x.hash().equals(d.hash())).findFirst().orElse(null);
        assertTrue(h != null, s.from() + " sent data of a bundle it does not hold: " + d);
        byte[] b = bytes.computeIfAbsent(d.hash(), k -> h.resource().bundle().encoded());
        assertEquals(ByteBuffer.wrap(b, d.piece() * WireLimits.PIECE_SIZE, d.payload().remaining()), d.payload(),
            s.from() + " sent bytes other than its bundle's");
      } else if (s.message() instanceof ArAltoMessage.Endpoints e) {
        assertTrue(members.containsAll(e.added()), s.from() + " named endpoints outside the swarm: " + e.added());
        List<InetSocketAddress> sorted = new ArrayList<>(e.added());
        sorted.sort(java.util.Comparator.comparing((InetSocketAddress a) -> a.getAddress().getAddress(),
            java.util.Arrays::compareUnsigned).thenComparingInt(InetSocketAddress::getPort));
        assertEquals(sorted, e.added(), s.from() + " ordered its endpoints");
      }
    }
    for (MessageType t : List.of(MessageType.INVENTORY, MessageType.REQUEST, MessageType.DATA, MessageType.ENDPOINTS)) {
      assertTrue(seen.getOrDefault(t, 0) > 0, "no " + t + " was sent at all: " + seen);
    }
  }

  private static RedistributionEngine engineAt(Simulation sim, InetSocketAddress a) {
    for (int i = 0; i < sim.nodes.length; i++) {
      if (sim.nodes[i] != null && sim.nodes[i].address.equals(a)) {
        return sim.engines[i];
      }
    }
    throw new AssertionError("no engine at " + a);
  }
}
