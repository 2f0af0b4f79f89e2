package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.altoredist.testing.Await;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that does not hold its service's IRD yet may fetch what peers claim for that service beside
 * it, "within a bounded budget" (bep_ar_alto.md, "Choosing what to ask for"); so may a relay. A
 * claim costs its sender nothing and each started download buffers its whole claimed size once a
 * piece arrives, so the bound is on what is fetched at once, not only on each bundle: the relay
 * budget. The test plays a peer ({@link ScriptedTransport}) that claims more than that.
 */
class SpeculativeFetchBudgetTest {

  private static final String SERVICE = "https://alto.example/directory";
  private static final InfoHash TORRENT = InfoHash.ofHex("000000000000000000000000000000000000b0d9");
  private static final int MIB = 1024 * 1024;
  private static final long RELAY_BUDGET = MIB;

  @RegisterExtension
  final ScriptedTransport transport = new ScriptedTransport();
  private RedistributionEngine engine;

  @Test
  void fetchesBesideTheDirectoryStayWithinTheRelayBudgetTogether() throws Exception {
    engine = transport.start(RedistributionEngine.builder()
        .use(TrustPolicy.forService(SERVICE).pin(new byte[32]).build())
        .budgets(256L * MIB, RELAY_BUDGET)
        .resourceRendezvous(false).tick(Duration.ofMillis(20)));
    engine.join(TORRENT);

    // Four maps of the service, each exactly the budget (64 pieces): two of them already fill the
    // 128 requests one peer may have outstanding.
    PeerLink claimer = transport.open(TORRENT, "127.0.2.1");
    List<BundleClaim> claims = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      claims.add(new BundleClaim(SERVICE, "map-" + i, 1, (int) RELAY_BUDGET, BundleHash.compute(new byte[] {(byte) i})));
    }
    transport.receive(claimer, new ArAltoMessage.Inventory(claims, List.of()));
    // The loop handles links' messages in order: once the directory offered on a second link is
    // asked for, the first link's inventory has been acted on.
    PeerLink directory = transport.open(TORRENT, "127.0.2.2");
    transport.receive(directory, new ArAltoMessage.Inventory(
        List.of(new BundleClaim(SERVICE, null, 1, 1000, BundleHash.compute(new byte[] {9}))), List.of()));
    Await.until("the directory was asked for", () -> transport.sentOn(directory, ArAltoMessage.Request.class));

    Map<BundleHash, Integer> sizes = claims.stream().collect(Collectors.toMap(BundleClaim::hash, BundleClaim::size));
    Set<BundleHash> asked = transport.sent.stream()
        .filter(s -> s.link() == claimer && s.message() instanceof ArAltoMessage.Request)
        .map(s -> ((ArAltoMessage.Request) s.message()).hash()).collect(Collectors.toSet());
    long committed = asked.stream().mapToLong(sizes::get).sum();
    assertTrue(!asked.isEmpty(), "something was fetched beside the directory");
    assertTrue(committed <= RELAY_BUDGET, "fetching " + asked.size() + " bundles of " + committed
        + " bytes at once, beyond the relay budget of " + RELAY_BUDGET);
  }
}
