package org.altoredist.engine.sim;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.altoredist.engine.RendezvousKey;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.VerificationException;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;

/**
 * The hostile nodes of a run: {@code hostile} per configured fault, placed in the rendezvous like
 * everyone else, dialling honest nodes, and offering, for each published version, what their fault
 * says to offer.
 */
final class Hostiles {

  /** Another ISP, whose validly signed maps the OTHER_SERVICE peer passes off as this one's. */
  static final String OTHER_SERVICE = "https://alto.other-isp.example/directory";
  /** The handle the PHANTOM_VERSION peer claims: the hash of no bundle. */
  private static final BundleHash PHANTOM = BundleHash.of(new byte[BundleHash.LENGTH]);
  /** Rounds run after convergence so that timeouts (15 s = 150 rounds of 100 ms) can drop offenders. */
  static final int SETTLE_ROUNDS = 250;

  private final Simulation sim;
  private final List<HostilePeer> peers = new ArrayList<>();
  private final Map<Integer, byte[]> previousNetworkMaps = new LinkedHashMap<>();
  private SimulatedAltoServer other;

  Hostiles(Simulation sim) {
    this.sim = sim;
  }

  void attach(RendezvousKey key) {
    int next = sim.config.nodes();
    for (Fault f : sim.config.faults()) {
      for (int k = 0; k < sim.config.hostile(); k++) {
        InetSocketAddress a = Simulation.address(next++, sim.config.pids());
        sim.rendezvous.announce(key, a);
        peers.add(new HostilePeer(f, sim.network.attach(a)));
      }
    }
  }

  /** Each hostile node looks up the rendezvous and dials as many honest nodes as an honest one would. */
  void dial(RendezvousKey key) {
    SplittableRandom random = new SplittableRandom(sim.config.seed() + 7);
    for (HostilePeer p : peers) {
      p.node.accept(Simulation.TORRENT);
      sim.rendezvous.join(key, p.node.address, found -> {
        for (int i = 0; i < Math.min(sim.config.degree(), found.size()); i++) {
          p.node.dial(Simulation.TORRENT, found.get(random.nextInt(found.size())));
        }
      });
    }
  }

  /** Version {@code v} is out: every hostile node offers its lie about it. */
  void published(int v) {
    if (peers.isEmpty()) {
      return;
    }
    byte[] nm = sim.server.bundle(MapMaker.NETWORK_MAP_ID);
    byte[] previous = previousNetworkMaps.get(v - 1);
    previousNetworkMaps.put(v, nm);
    for (HostilePeer p : peers) {
      List<HostilePeer.Offer> offers = new ArrayList<>();
      switch (p.fault) {
        case FORGED_SIGNATURE -> offers.add(offer(MapMaker.NETWORK_MAP_ID, v + 1, forge(nm)));
        case REPLAYED_SEQUENCE -> {
          if (previous != null) {
            offers.add(offer(MapMaker.NETWORK_MAP_ID, v + 1, previous));
          }
        }
        case OTHER_SERVICE -> {
          SimulatedAltoServer o = otherServer(v);
          offers.add(offer(MapMaker.NETWORK_MAP_ID, v + 1, o.bundle(MapMaker.NETWORK_MAP_ID)));
          offers.add(offer(MapMaker.COST_MAP_ID, v + 1, o.bundle(MapMaker.COST_MAP_ID)));
        }
        case NEVER_DELIVERS, SLOW, LARGER_THAN_ANNOUNCED -> offers.add(offer(MapMaker.NETWORK_MAP_ID, v, nm));
        case PHANTOM_VERSION -> offers.add(new HostilePeer.Offer(new BundleClaim(Simulation.SERVICE,
            MapMaker.NETWORK_MAP_ID, v + 1, nm.length, PHANTOM), null));
        case FORGED_DELTA -> {
          if (previous != null) {
            offers.add(forgedDelta(previous, nm, v));
          }
        }
        case INVENTORY_FLOOD, MALFORMED_MESSAGE, UNSOLICITED_DATA -> { }
      }
      p.offer(offers);
    }
  }

  private SimulatedAltoServer otherServer(int v) {
    if (other == null) {
      Clock clock = sim.loop.clock();
      other = new SimulatedAltoServer(OTHER_SERVICE, clock, sim.config.seed() + 99);
    }
    other.publish(MapMaker.make(sim.config.pids(), 64 * 1024, sim.config.seed() + 99, v), v,
        Simulation.LIFETIME, RedistributionScope.SERVICE);
    return other;
  }

  private static HostilePeer.Offer offer(String rid, long sequence, byte[] bytes) {
    return new HostilePeer.Offer(new BundleClaim(Simulation.SERVICE, rid, sequence, bytes.length,
        BundleHash.compute(bytes)), bytes);
  }

  /**
   * A delta from {@code base} that names {@code target} as what it rebuilds, with the real
   * signature, but whose patch rebuilds a body with one byte changed.
   */
  private static HostilePeer.Offer forgedDelta(byte[] base, byte[] target, long sequence) {
    byte[] bytes;
    try {
      SignedBundle t = SignedBundle.parse(target);
      byte[] body = t.body();
      body[body.length - 1] ^= 0x01;
      bytes = DeltaBundle.between(SignedBundle.parse(base), SignedBundle.of(t.signature(), body)).encoded();
    } catch (VerificationException x) {
      throw new IllegalStateException("the server's own bundles parse", x);
    }
    BundleHash targetHash = BundleHash.compute(target);
    // The target handle sits after the magic, the version and the base handle (signed-resources.md §4.1).
    System.arraycopy(targetHash.bytes(), 0, bytes, 5 + BundleHash.LENGTH, BundleHash.LENGTH);
    BundleClaim claim = new BundleClaim(Simulation.SERVICE, MapMaker.NETWORK_MAP_ID, sequence, bytes.length,
        BundleHash.compute(bytes));
    return new HostilePeer.Offer(claim, bytes, new DeltaClaim(claim, BundleHash.compute(base), targetHash));
  }

  /** The bundle with one bit of its signature value flipped: framing and DER intact, signature wrong. */
  private static byte[] forge(byte[] bundle) {
    byte[] f = bundle.clone();
    int sigLen = ((f[5] & 0xff) << 24) | ((f[6] & 0xff) << 16) | ((f[7] & 0xff) << 8) | (f[8] & 0xff);
    f[9 + sigLen - 1] ^= 0x01;
    return f;
  }

  int settleRounds() {
    return peers.isEmpty() ? 0 : SETTLE_ROUNDS;
  }

  List<SimulationResult.Offenders> report() {
    Map<Fault, int[]> byFault = new LinkedHashMap<>();
    for (HostilePeer p : peers) {
      int[] r = byFault.computeIfAbsent(p.fault, f -> new int[4]);
      r[0]++;
      r[1] += p.met.size();
      r[2] += p.cheated.size();
      r[3] += p.stillLinkedToCheated();
    }
    List<SimulationResult.Offenders> out = new ArrayList<>();
    byFault.forEach((f, r) -> out.add(new SimulationResult.Offenders(f, r[0], r[1], r[2], r[3])));
    return out;
  }
}
