package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.testing.Await;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.SignedBundle;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.DeltaClaim;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.RejectReason;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full download under way gives way to a delta offered after it started (bep_ar_alto.md,
 * "Deltas"; {@link DeltaSwitch}). A real engine holds version 1 of a 2 MB network map; the test plays
 * its peers: a holder of version 2 that offers no delta and serves its first pieces, then stalls,
 * and a holder that then offers the delta from version 1. The node fetches the delta, rebuilds and
 * installs version 2, moving fewer bytes than the full bundle; when the delta is bad, its holder
 * leaves, or it delivers nothing within the request timeout, the node goes on with the full
 * download from the pieces it had, asking no piece twice.
 */
class DeltaSwitchTest {

  static final InfoHash TORRENT = InfoHash.ofHex("5d175d175d175d175d175d175d175d175d175d17");
  static final int MAP_BYTES = 2_000_000;
  /** Network-map pieces the first holder serves before it stalls: the full download is under way. */
  static final int PIECES_BEFORE_THE_DELTA = 16;

  @TempDir
  Path dir;

  @RegisterExtension
  final ScriptedTransport transport = new ScriptedTransport();
  private RedistributionEngine engine;

  /** A peer the test plays: it serves the bundles it holds, each up to a number of pieces. */
  private final class Holder {
    final PeerLink link;
    final Map<BundleHash, byte[]> bundles = new HashMap<>();
    final Map<BundleHash, Integer> budget = new HashMap<>();
    final Map<BundleHash, List<Integer>> served = new HashMap<>();
    /** Rejects every request as busy (its uplink full) instead of serving. */
    volatile boolean busy;
    private int seen;

    Holder(String ip) {
      link = transport.open(TORRENT, ip);
    }

    void holds(byte[] bundle, int pieces) {
      bundles.put(BundleHash.compute(bundle), bundle);
      budget.put(BundleHash.compute(bundle), pieces);
    }

    /** Answers the requests not answered yet, in order, as far as each bundle's budget allows. */
    void serve() {
      List<ScriptedTransport.Sent> sent = transport.sent;
      List<ArAltoMessage.Request> waiting = new ArrayList<>();
      for (int i = 0; i < sent.size(); i++) {
        if (sent.get(i).link() == link && sent.get(i).message() instanceof ArAltoMessage.Request r) {
          waiting.add(r);
        }
      }
      for (; seen < waiting.size(); seen++) {
        ArAltoMessage.Request r = waiting.get(seen);
        if (busy) {
          transport.receive(link, new ArAltoMessage.Reject(r.hash(), r.piece(), RejectReason.BUSY.code()));
          continue;
        }
        List<Integer> done = served.computeIfAbsent(r.hash(), h -> new ArrayList<>());
        if (done.size() >= budget.getOrDefault(r.hash(), 0)) {
          return;
        }
        byte[] b = bundles.get(r.hash());
        int at = r.piece() * WireLimits.PIECE_SIZE;
        transport.receive(link, new ArAltoMessage.Data(r.hash(), r.piece(), b.length,
            ByteBuffer.wrap(b, at, Pieces.length(b.length, r.piece()))));
        done.add(r.piece());
      }
    }

    int served(byte[] bundle) {
      return served.getOrDefault(BundleHash.compute(bundle), List.of()).size();
    }

    long servedBytes(byte[] bundle) {
      return served.getOrDefault(BundleHash.compute(bundle), List.of()).stream()
          .mapToLong(p -> Pieces.length(bundle.length, p)).sum();
    }
  }

  @Test
  void aFullDownloadUnderWaySwitchesToADeltaOfferedLaterAndMovesFewerBytesThanTheFullBundle() throws Exception {
    Versions v = versions(21);
    Holder full = startWithVersion1AndAFullDownloadUnderWay(v);

    Holder delta = new Holder("127.0.2.2");
    delta.holds(v.nm2, 0);
    delta.holds(v.delta, Integer.MAX_VALUE);
    transport.receive(delta.link, new ArAltoMessage.Inventory(List.of(claim(v, v.nm2, 2)), List.of(),
        List.of(deltaClaim(v, v.delta))));
    Await.until("version 2 of the network map installed", () -> {
      full.serve();
      delta.serve();
      return holdsNetworkMap(v.nm2);
    });

    assertEquals(1, engine.stats().deltasApplied(), "version 2 was rebuilt from the delta");
    assertEquals(PIECES_BEFORE_THE_DELTA, full.served(v.nm2), "the full download stopped at the delta");
    long moved = engine.stats().payloadBytesReceived() - v.ird2.length - v.cm2.length;
    assertEquals(full.servedBytes(v.nm2) + v.delta.length, moved,
        "the network map's bytes: the full download's pieces and the delta");
    assertTrue(moved < v.nm2.length, moved + " bytes moved for a " + v.nm2.length + "-byte bundle");
    System.out.printf("switch to a delta: %d bytes moved (%d of the full bundle, %d of the delta) for a %d-byte "
        + "bundle: %.3f of it%n", moved, moved - v.delta.length, v.delta.length, v.nm2.length,
        (double) moved / v.nm2.length);
  }

  @Test
  void aBadDeltaLeavesTheFullDownloadToGoOnFromThePiecesItHad() throws Exception {
    Versions v = versions(22);
    Holder full = startWithVersion1AndAFullDownloadUnderWay(v);

    byte[] bad = v.delta.clone();
    bad[bad.length / 2] ^= 0x5a;
    Holder liar = new Holder("127.0.2.3");
    liar.holds(bad, Integer.MAX_VALUE);
    transport.receive(liar.link, new ArAltoMessage.Inventory(List.of(), List.of(), List.of(deltaClaim(v, bad))));
    Await.until("the bad delta fetched and refused", () -> {
      liar.serve();
      return engine.stats().refused() == 1;
    });
    assertEquals(Pieces.count(bad.length), liar.served(bad), "the node switched to the delta");
    assertEquals(PIECES_BEFORE_THE_DELTA, full.served(v.nm2));

    assertFullDownloadFinishesFromItsPieces(v, full, bad.length);
  }

  @Test
  void aDeltaWhoseHolderLeavesLeavesTheFullDownloadToGoOnFromThePiecesItHad() throws Exception {
    Versions v = versions(23);
    Holder full = startWithVersion1AndAFullDownloadUnderWay(v);

    Holder leaving = new Holder("127.0.2.4");
    leaving.holds(v.delta, 0);
    transport.receive(leaving.link, new ArAltoMessage.Inventory(List.of(), List.of(), List.of(deltaClaim(v, v.delta))));
    BundleHash delta = BundleHash.compute(v.delta);
    Await.until("the node asked for the delta", () -> transport.sent.stream().anyMatch(s -> s.link() == leaving.link
        && s.message() instanceof ArAltoMessage.Request r && r.hash().equals(delta)));
    transport.close(leaving.link, DisconnectReason.CLOSED_BY_PEER, "the holder left");

    assertFullDownloadFinishesFromItsPieces(v, full, 0);
  }

  @Test
  void aDeltaThatDeliversNothingWithinTheRequestTimeoutIsGivenUpForTheFullDownload() throws Exception {
    Versions v = versions(24);
    Holder full = startWithVersion1AndAFullDownloadUnderWay(v, Duration.ofSeconds(15));

    Holder busy = new Holder("127.0.2.5");
    busy.busy = true;
    busy.holds(v.delta, Integer.MAX_VALUE);
    transport.receive(busy.link, new ArAltoMessage.Inventory(List.of(), List.of(), List.of(deltaClaim(v, v.delta))));
    BundleHash delta = BundleHash.compute(v.delta);
    Await.until("the node asked for the delta", () -> {
      busy.serve();
      return requests(busy.link, delta, 0) > 0;
    });
    // The full bundle's holder turns the requests it still had away: none lapses, it stays a holder.
    int switched = transport.sent.size();
    full.busy = true;
    full.serve();
    BundleHash nm = BundleHash.compute(v.nm2);
    Await.until("the full bundle asked for again once the delta stalled", Duration.ofSeconds(60), () -> {
      busy.serve();
      full.serve();
      return requests(full.link, nm, switched) > 0;
    });
    full.busy = false;
    assertFullDownloadFinishesFromItsPieces(v, full, 0);
    assertTrue(requests(busy.link, delta, 0) > 0);
  }

  private int requests(PeerLink link, BundleHash h, int from) {
    List<ScriptedTransport.Sent> sent = transport.sent;
    int n = 0;
    for (int i = from; i < sent.size(); i++) {
      if (sent.get(i).link() == link && sent.get(i).message() instanceof ArAltoMessage.Request r && r.hash().equals(h)) {
        n++;
      }
    }
    return n;
  }

  /** The stalled holder serves on; the node ends with version 2 whole, no piece of it asked twice. */
  private void assertFullDownloadFinishesFromItsPieces(Versions v, Holder full, long deltaBytes)
      throws InterruptedException {
    full.budget.put(BundleHash.compute(v.nm2), Integer.MAX_VALUE);
    Await.until("version 2 of the network map installed", () -> {
      full.serve();
      return holdsNetworkMap(v.nm2);
    });
    assertEquals(0, engine.stats().deltasApplied());
    List<Integer> pieces = full.served.get(BundleHash.compute(v.nm2));
    Set<Integer> distinct = new HashSet<>(pieces);
    assertEquals(pieces.size(), distinct.size(), "no piece of the full bundle asked twice: " + pieces);
    assertEquals(Pieces.count(v.nm2.length), distinct.size(), "the full bundle, from the pieces it had on");
    assertEquals(engine.stats().payloadBytesReceived() - v.ird2.length - v.cm2.length - v.nm2.length,
        deltaBytes, "besides the full bundle, only the delta's pieces");
  }

  /** Both versions' bundles, and the network map's delta from version 1 to version 2. */
  private record Versions(SimulatedAltoServer server, List<byte[]> v1, byte[] ird2, byte[] nm2, byte[] cm2,
      byte[] delta) {}

  private static Versions versions(long seed) throws Exception {
    SimulatedAltoServer server = new SimulatedAltoServer("https://alto.loopback.example/directory",
        Clock.systemUTC(), seed);
    server.publish(MapMaker.make(4, MAP_BYTES, seed, 1, 0.01), 1, Duration.ofHours(1), RedistributionScope.SERVICE);
    List<byte[]> v1 = new ArrayList<>();
    for (String id : Arrays.asList(null, MapMaker.NETWORK_MAP_ID, MapMaker.COST_MAP_ID)) {
      v1.add(server.bundle(id));
    }
    server.publish(MapMaker.make(4, MAP_BYTES, seed, 2, 0.01), 2, Duration.ofHours(1), RedistributionScope.SERVICE);
    byte[] nm2 = server.bundle(MapMaker.NETWORK_MAP_ID);
    byte[] delta = DeltaBundle.between(SignedBundle.parse(v1.get(1)), SignedBundle.parse(nm2)).encoded();
    return new Versions(server, v1, server.bundle(null), nm2, server.bundle(MapMaker.COST_MAP_ID), delta);
  }

  /**
   * A node holding version 1 (from its store), and a peer offering version 2 whole, without a delta,
   * that serves the directory and the cost map and the network map's first pieces, then stalls.
   */
  private Holder startWithVersion1AndAFullDownloadUnderWay(Versions v) throws Exception {
    // The stalled holder is not given up on while the test runs (at the default 15 s it would be
    // dropped, and the delta then fetched anyway): only the switch brings version 2 in time.
    return startWithVersion1AndAFullDownloadUnderWay(v, Duration.ofMinutes(10));
  }

  private Holder startWithVersion1AndAFullDownloadUnderWay(Versions v, Duration requestTimeout) throws Exception {
    MapStore store = new MapStore(dir.resolve("bundles"));
    for (byte[] b : v.v1) {
      store.put(v.server.service(), BundleHash.compute(b), b);
    }
    engine = transport.start(RedistributionEngine.builder().use(v.server.trustPolicy(Clock.systemUTC()))
        .localAddresses(List.of(InetAddress.getByName("127.0.1.1"))).stateDir(dir)
        .tick(Duration.ofMillis(20)).resourceRendezvous(false).requestTimeout(requestTimeout));
    engine.join(TORRENT);
    Await.until("version 1 loaded from the store", () -> engine.held().size() == 3);

    Holder full = new Holder("127.0.2.1");
    full.holds(v.ird2, Integer.MAX_VALUE);
    full.holds(v.cm2, Integer.MAX_VALUE);
    full.holds(v.nm2, PIECES_BEFORE_THE_DELTA);
    transport.receive(full.link, new ArAltoMessage.Inventory(List.of(claim(v, v.ird2, 2), claim(v, v.nm2, 2),
        claim(v, v.cm2, 2)), List.of()));
    Await.until("the full download of the network map under way", () -> {
      full.serve();
      return full.served(v.nm2) == PIECES_BEFORE_THE_DELTA && engine.stats().payloadBytesReceived()
          == v.ird2.length + v.cm2.length + full.servedBytes(v.nm2);
    });
    return full;
  }

  private static BundleClaim claim(Versions v, byte[] bundle, long sequence) {
    String rid = bundle == v.ird2 ? null : bundle == v.nm2 ? MapMaker.NETWORK_MAP_ID : MapMaker.COST_MAP_ID;
    return new BundleClaim(v.server.service(), rid, sequence, bundle.length, BundleHash.compute(bundle));
  }

  private static DeltaClaim deltaClaim(Versions v, byte[] delta) {
    return new DeltaClaim(new BundleClaim(v.server.service(), MapMaker.NETWORK_MAP_ID, 2, delta.length,
        BundleHash.compute(delta)), BundleHash.compute(v.v1.get(1)), BundleHash.compute(v.nm2));
  }

  private boolean holdsNetworkMap(byte[] bundle) {
    BundleHash h = BundleHash.compute(bundle);
    return engine.held().stream().anyMatch(r -> r.hash().equals(h));
  }
}
