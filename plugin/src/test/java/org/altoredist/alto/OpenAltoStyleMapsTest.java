package org.altoredist.alto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Data in the shape OpenALTO's tools/nm.json and tools/cm.json use (described in the project's
 * reference notes, alto-protocol.md §4.2; written here, not copied): host-route PIDs for storage
 * nodes, a catch-all PID0, and fractional numerical routing costs.
 */
class OpenAltoStyleMapsTest {

  private static final String NETWORK_MAP = """
      {"meta": {"vtag": {"resource-id": "my-default-network-map",
                         "tag": "da65eca2eb7a10ce8b059740b0b2e3f8eb1d4785"}},
       "network-map": {
         "RUCIO": {"ipv4": ["10.0.0.250/32"]},
         "XRD1": {"ipv4": ["10.0.0.251/32"]},
         "XRD2": {"ipv4": ["10.0.0.252/32"]},
         "XRD3": {"ipv4": ["10.0.0.253/32"]},
         "XRD4": {"ipv4": ["10.0.0.254/32"]},
         "PID0": {"ipv4": ["0.0.0.0/0"], "ipv6": ["::/0"]}}}
      """;

  private static final String COST_MAP = """
      {"meta": {"dependent-vtags": [{"resource-id": "my-default-network-map",
                                     "tag": "da65eca2eb7a10ce8b059740b0b2e3f8eb1d4785"}],
                "cost-type": {"cost-mode": "numerical", "cost-metric": "routingcost"}},
       "cost-map": {
         "RUCIO": {"XRD1": 0.2, "XRD2": 0.5, "XRD3": 1, "XRD4": 1},
         "XRD1": {"XRD1": 0, "XRD2": 0.2, "XRD3": 0.5, "XRD4": 1},
         "XRD2": {"XRD1": 0.2, "XRD2": 0, "XRD3": 0.2, "XRD4": 0.5}}}
      """;

  @Test
  void hostRoutePidsAndFractionalCostsWorkTogether() throws Exception {
    NetworkMap nm = AltoDocuments.parseNetworkMap(TestFiles.utf8(NETWORK_MAP));
    CostMap cm = AltoDocuments.parseCostMap(TestFiles.utf8(COST_MAP));
    CrossChecks.costMapAgainstNetworkMap(cm, nm);
    assertEquals("XRD2", nm.pidOf(InetAddress.getByName("10.0.0.252")));
    assertEquals("PID0", nm.pidOf(InetAddress.getByName("10.0.0.249")));
    assertEquals("PID0", nm.pidOf(InetAddress.getByName("10.0.0.255")));
    assertEquals(0.2, cm.matrix().cost("XRD2", "XRD3"));
    assertEquals(4, cm.matrix().distinctValueCount());
  }
}
