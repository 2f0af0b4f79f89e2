package org.altoredist.engine.sim.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.engine.sim.MapMaker;
import org.altoredist.engine.sim.SimulatedAltoServer;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.WireLimits;
import org.junit.jupiter.api.Test;

/**
 * The compact model fills uplinks with the bytes the real messages take: every size it uses is
 * the wire codec's encoding of that message, framed.
 */
class BundlesTest {

  private static final String[] IDS = {null, MapMaker.NETWORK_MAP_ID, MapMaker.COST_MAP_ID};

  private final SimulatedAltoServer server = new SimulatedAltoServer(CompactSimulation.SERVICE,
      Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC), 5);
  private final Bundles bundles = new Bundles(6881);
  private final List<byte[][]> published = new ArrayList<>();

  private void publish(int v) {
    server.publish(MapMaker.make(6, 40_000, 5, v), v, Duration.ofDays(7), RedistributionScope.SERVICE);
    bundles.publish(v, server, CompactSimulation.SERVICE);
    published.add(new byte[][] {server.bundle(IDS[0]), server.bundle(IDS[1]), server.bundle(IDS[2])});
  }

  private BundleClaim claim(int v, int r) {
    byte[] b = published.get(v - 1)[r];
    return new BundleClaim(CompactSimulation.SERVICE, IDS[r], v, b.length, BundleHash.compute(b));
  }

  private static int framed(ArAltoMessage m) {
    return 6 + ExtensionMessageCodec.encodeHeader(m).length;
  }

  @Test
  void everyInventoryIsAsLongAsItsEncoding() {
    publish(1);
    publish(2);
    for (int claims = 0; claims < 8; claims++) {
      for (int drops = 0; drops < 8; drops++) {
        if (claims == 0 && drops == 0) {
          continue;
        }
        int[] c = new int[3];
        int[] d = new int[3];
        List<BundleClaim> cl = new ArrayList<>();
        List<BundleHash> dl = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
          if ((claims & 1 << r) != 0) {
            c[r] = 2;
            cl.add(claim(2, r));
          }
          if ((drops & 1 << r) != 0) {
            d[r] = 1;
            dl.add(claim(1, r).hash());
          }
        }
        assertEquals(framed(new ArAltoMessage.Inventory(cl, dl)), bundles.inventoryFrame(c, d),
            "claims " + claims + ", withdrawals " + drops);
      }
    }
  }

  @Test
  void everyPieceRequestAndRejectIsAsLongAsItsEncoding() {
    publish(1);
    for (int r = 0; r < 3; r++) {
      byte[] b = published.get(0)[r];
      BundleHash h = BundleHash.compute(b);
      Bundles.Bundle bundle = bundles.of(1, r);
      assertEquals(b.length, bundle.size);
      assertEquals(Pieces.count(b.length), bundle.pieces);
      for (int p = 0; p < bundle.pieces; p++) {
        int len = Pieces.length(b.length, p);
        assertEquals(framed(new ArAltoMessage.Data(h, p, b.length, ByteBuffer.wrap(b, p * WireLimits.PIECE_SIZE, len)))
            + len, bundle.dataFrame[p]);
        assertEquals(framed(new ArAltoMessage.Request(h, p)), bundle.requestFrame[p]);
      }
    }
    assertEquals(published.get(0)[0].length + published.get(0)[1].length + published.get(0)[2].length,
        bundles.versionBytes(1));
  }
}
