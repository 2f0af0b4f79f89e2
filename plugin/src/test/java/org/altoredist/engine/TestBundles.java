package org.altoredist.engine;

import java.time.Duration;
import java.time.Instant;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.engine.sim.VirtualLoop;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;

/**
 * Really signed bundles for engine tests: the simulation's signing server (a demo CA and server
 * certificate, Ed25519) publishing generated maps. The same seed gives the same bytes in any JVM.
 */
final class TestBundles {

  static final String SERVICE = "https://alto.isp.example/directory";
  static final Instant EPOCH = Instant.parse("2026-03-01T00:00:00Z");

  final VirtualLoop loop = new VirtualLoop(EPOCH);
  final SimulatedAltoServer server;
  final TrustPolicy trust;

  TestBundles(long seed) {
    this.server = new SimulatedAltoServer(SERVICE, loop.clock(), seed);
    this.trust = server.trustPolicy(loop.clock());
  }

  /** Publishes version {@code v} (maps of {@code bytes}), valid for {@code lifetime}. */
  TestBundles publish(int v, int bytes, Duration lifetime) {
    server.publish(MapMaker.make(4, bytes, 1, v), v, lifetime, RedistributionScope.SERVICE);
    return this;
  }

  byte[] ird() {
    return server.bundle(null);
  }

  byte[] networkMap() {
    return server.bundle(MapMaker.NETWORK_MAP_ID);
  }

  byte[] costMap() {
    return server.bundle(MapMaker.COST_MAP_ID);
  }
}
