package org.altoredist.alto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules of RFC 7285 documents that the bad-document corpus cannot show: what is accepted, and how. */
class DocumentRulesTest {

  private static final String VTAG = "{\"vtag\":{\"resource-id\":\"nm\",\"tag\":\"v1\"}}";
  private static final String DEPENDS = "\"dependent-vtags\":[{\"resource-id\":\"nm\",\"tag\":\"v1\"}]";

  private static NetworkMap networkMap(String body) throws AltoValidationException {
    return AltoDocuments.parseNetworkMap(TestFiles.utf8("{\"meta\":" + VTAG + ",\"network-map\":" + body + "}"));
  }

  private static CostMap costMap(String mode, String body) throws AltoValidationException {
    return AltoDocuments.parseCostMap(TestFiles.utf8("{\"meta\":{" + DEPENDS + ",\"cost-type\":{\"cost-mode\":\""
        + mode + "\",\"cost-metric\":\"routingcost\"}},\"cost-map\":" + body + "}"));
  }

  @Test
  void unknownMembersAreIgnoredButKeptInTheBytesAndMeta() throws Exception {
    byte[] in = TestFiles.utf8("{\"meta\":{\"vtag\":{\"resource-id\":\"nm\",\"tag\":\"v1\"},\"x-note\":[1,{\"a\":2}]},"
        + "\"x-top\" : true,\n \"network-map\":{\"P\":{\"ipv4\":[\"0.0.0.0/0\"],\"xinner\":{}}}}");
    NetworkMap nm = AltoDocuments.parseNetworkMap(in);
    assertArrayEquals(in, nm.bytes());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    nm.writeTo(out);
    assertArrayEquals(in, out.toByteArray());
    assertEquals(2, nm.meta().get("x-note").get(1).get("a").intValue());
  }

  @Test
  void aDocumentDoesNotChangeWhenItsInputArrayDoes() throws Exception {
    byte[] in = TestFiles.utf8("{\"meta\":" + VTAG + ",\"network-map\":{\"P\":{\"ipv4\":[\"0.0.0.0/0\"]}}}");
    NetworkMap nm = AltoDocuments.parseNetworkMap(in);
    byte[] copy = in.clone();
    in[0] = 'X';
    assertArrayEquals(copy, nm.bytes());
    ((com.fasterxml.jackson.databind.node.ObjectNode) nm.meta()).put("vtag", "mutated");
    assertTrue(nm.meta().get("vtag").isObject());
  }

  @Test
  void unrecognisedAddressTypesAreIgnoredAndTheirPidsStayValid() throws Exception {
    NetworkMap nm = networkMap("{\"P1\":{\"ipv9\":[\"whatever\"]},\"P2\":{\"ipv4\":[\"0.0.0.0/0\"]}}");
    assertEquals(List.of("P1", "P2"), nm.pids());
    assertEquals(List.of(), nm.prefixes("P1"));
    assertEquals("P2", nm.pidOf(InetAddress.getByName("203.0.113.1")));
  }

  @Test
  void completenessIsRequiredOnlyForAddressTypesTheMapContains() throws Exception {
    NetworkMap nm = networkMap("{\"P\":{\"ipv4\":[\"0.0.0.0/0\"]}}");
    assertNull(nm.pidOf(InetAddress.getByName("2001:db8::1")));
    assertEquals(0, nm.ipv6PrefixCount());
  }

  @Test
  void completenessMayComeFromAdjacentPrefixesRatherThanADefaultRoute() throws Exception {
    NetworkMap nm = networkMap("{\"low\":{\"ipv4\":[\"0.0.0.0/1\"]},\"high\":{\"ipv4\":[\"128.0.0.0/1\"]}}");
    assertEquals("high", nm.pidOf(InetAddress.getByName("200.1.1.1")));
  }

  @Test
  void theSamePrefixTwiceInOnePidIsNotAnOverlap() throws Exception {
    NetworkMap nm = networkMap("{\"P\":{\"ipv4\":[\"0.0.0.0/0\",\"10.0.0.0/8\",\"10.0.0.0/8\"]}}");
    assertEquals(3, nm.ipv4PrefixCount());
  }

  @Test
  void prefixesAreKeptInNormalForm() throws Exception {
    NetworkMap nm = networkMap("{\"P\":{\"ipv4\":[\"0.0.0.0/0\"],\"ipv6\":[\"::/0\",\"2001:DB8:0000::/48\"]}}");
    assertEquals(List.of(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("::/0"), IpPrefix.parse("2001:db8::/48")),
        nm.prefixes("P"));
    assertEquals("2001:db8::/48", nm.prefixes("P").get(2).toString());
  }

  @Test
  void metaMayFollowTheData() throws Exception {
    NetworkMap nm = AltoDocuments.parseNetworkMap(
        TestFiles.utf8("{\"network-map\":{\"P\":{\"ipv4\":[\"0.0.0.0/0\"]}},\"meta\":" + VTAG + "}"));
    assertEquals(new VersionTag("nm", "v1"), nm.vtag());
    CostMap cm = AltoDocuments.parseCostMap(TestFiles.utf8("{\"cost-map\":{\"A\":{\"A\":3}},\"meta\":{" + DEPENDS
        + ",\"cost-type\":{\"cost-mode\":\"ordinal\",\"cost-metric\":\"hopcount\"}}}"));
    assertEquals(3.0, cm.matrix().cost("A", "A"));
  }

  @Test
  void versionTagsCompareByteForByte() {
    assertTrue(!new VersionTag("nm", "abc").equals(new VersionTag("nm", "ABC")));
    assertEquals(new VersionTag("nm", "~!\"#"), new VersionTag("nm", "~!\"#"));
    assertThrows(IllegalArgumentException.class, () -> new VersionTag("nm", "tag\u00e9"));
  }

  @Test
  void fractionalCostsSurviveExactlyInTheCodedMatrix() throws Exception {
    CostMap cm = costMap("numerical", "{\"A\":{\"A\":0,\"B\":0.2},\"B\":{\"A\":0.5,\"B\":1e-3}}");
    assertEquals(0.2, cm.matrix().cost("A", "B"));
    assertEquals(0.001, cm.matrix().cost("B", "B"));
    assertEquals(4, cm.matrix().distinctValueCount());
  }

  @Test
  void aMatrixWithMoreDistinctValuesThanCodesFallsBackToDoubles() throws Exception {
    StringBuilder sb = new StringBuilder("{");
    int n = 300;
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{");
      for (int j = 0; j < n; j++) {
        sb.append(j == 0 ? "" : ",").append("\"p").append(j).append("\":").append(i * n + j).append(".5");
      }
      sb.append('}');
    }
    CostMatrix m = costMap("numerical", sb.append('}').toString()).matrix();
    assertEquals(-1, m.distinctValueCount());
    assertEquals(12345.5, m.cost(m.indexOf("p41"), m.indexOf("p45")));
    assertEquals(n * n, m.definedCount());
  }

  @Test
  void negativeAndZeroNumericalCostsAreNumbers() throws Exception {
    CostMatrix m = costMap("numerical", "{\"A\":{\"A\":-0.0,\"B\":-3}}").matrix();
    assertEquals(0.0, m.cost("A", "A"));
    assertEquals(-3.0, m.cost("A", "B"));
    assertTrue(Double.isNaN(m.cost("B", "A")));
    assertTrue(Double.isNaN(m.cost("A", "nowhere")));
  }

  @Test
  void aCostMapNamingTooManyPidsIsRefusedBeforeTheMatrixIsAllocated() {
    StringBuilder sb = new StringBuilder("{\"src\":{");
    for (int i = 0; i <= CostMapParser.MAX_PIDS; i++) {
      sb.append(i == 0 ? "" : ",").append("\"d").append(i).append("\":1");
    }
    AltoValidationException e = assertThrows(AltoValidationException.class,
        () -> costMap("numerical", sb.append("}}").toString()));
    assertTrue(e.first().rule().contains("at most " + CostMapParser.MAX_PIDS), e.first()::toString);
  }

  @Test
  void crossCheckNamesEachPidTheNetworkMapLacks() throws Exception {
    NetworkMap nm = networkMap("{\"A\":{\"ipv4\":[\"0.0.0.0/0\"]}}");
    CostMap cm = costMap("numerical", "{\"A\":{\"A\":1,\"B\":2},\"C\":{}}");
    AltoValidationException e = assertThrows(AltoValidationException.class, () -> CrossChecks.costMapAgainstNetworkMap(cm, nm));
    assertEquals(List.of("cost-map/B", "cost-map/C"), e.errors().stream().map(AltoError::field).toList());
  }

  @Test
  void mapsAreCheckedAgainstTheIrdThatAnnouncesThem() throws Exception {
    InfoResourceDirectory ird = AltoDocuments.parseDirectory(TestFiles.utf8("{\"meta\":{\"cost-types\":{"
        + "\"num\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"routingcost\"}},\"default-alto-network-map\":\"nm\"},"
        + "\"resources\":{\"nm\":{\"uri\":\"/networkmap\",\"media-type\":\"application/alto-networkmap+json\"},"
        + "\"cm\":{\"uri\":\"costmap\",\"media-type\":\"application/alto-costmap+json\","
        + "\"capabilities\":{\"cost-type-names\":[\"num\"]},\"uses\":[\"nm\"]}}}"));
    CrossChecks.networkMapAgainstDirectory(networkMap("{\"A\":{\"ipv4\":[\"0.0.0.0/0\"]}}"), ird, "nm");
    CrossChecks.costMapAgainstDirectory(costMap("numerical", "{}"), ird, "cm");
    AltoValidationException e = assertThrows(AltoValidationException.class,
        () -> CrossChecks.costMapAgainstDirectory(costMap("ordinal", "{}"), ird, "cm"));
    assertEquals("meta/cost-type", e.first().field());
    assertThrows(AltoValidationException.class, () -> CrossChecks.costMapAgainstDirectory(costMap("numerical", "{}"), ird, "nm"));
    assertEquals("http://alto.example.net/networkmap",
        ird.resource("nm").resolve(java.net.URI.create("http://alto.example.net/alto/directory")).toString());
    assertEquals("http://alto.example.net/alto/costmap",
        ird.resource("cm").resolve(java.net.URI.create("http://alto.example.net/alto/directory")).toString());
  }

  @Test
  void theDocumentTypeIsDetectedFromItsMembers() throws Exception {
    assertEquals(DocumentType.NETWORK_MAP, AltoDocuments.detect(TestFiles.utf8("{\"meta\":{},\"network-map\":{}}")));
    assertEquals(DocumentType.COST_MAP, AltoDocuments.detect(TestFiles.utf8("{\"cost-map\":{}}")));
    assertEquals(DocumentType.DIRECTORY, AltoDocuments.detect(TestFiles.utf8("{\"resources\":{}}")));
    assertEquals(DocumentType.ERROR, AltoDocuments.detect(TestFiles.utf8("{\"meta\":{\"code\":\"E_SYNTAX\"}}")));
    AltoValidationException e = assertThrows(AltoValidationException.class,
        () -> AltoDocuments.detect(TestFiles.utf8("{\"meta\":{}}")));
    assertEquals(ErrorCode.E_SYNTAX, e.first().code());
  }

  @Test
  void aPidsRangesAreItsAddressesWithMoreSpecificPrefixesOfOthersCutOut() throws Exception {
    NetworkMap nm = networkMap("{\"dflt\":{\"ipv4\":[\"0.0.0.0/0\"]},\"A\":{\"ipv4\":[\"10.0.0.0/8\"]},"
        + "\"B\":{\"ipv4\":[\"10.1.0.0/16\"]}}");
    List<long[]> a = nm.index().ipv4Ranges(nm.pids().indexOf("A"));
    assertEquals(2, a.size());
    assertArrayEquals(new long[] {0x0a000000L, 0x0a00ffffL}, a.get(0));
    assertArrayEquals(new long[] {0x0a020000L, 0x0affffffL}, a.get(1));
    List<long[]> d = nm.index().ipv4Ranges(nm.pids().indexOf("dflt"));
    assertArrayEquals(new long[] {0x0b000000L, 0xffffffffL}, d.get(d.size() - 1));
    assertEquals(List.of(), nm.index().ipv4Ranges(99));
  }

  @Test
  void everyViolationIsReportedNotJustTheFirst() {
    AltoValidationException e = assertThrows(AltoValidationException.class,
        () -> networkMap("{\"a.b\":{},\"P\":{\"ipv4\":[\"1.2.3.4/8\",\"0.0.0.0/0\",\"300.0.0.0/8\"]}}"));
    assertEquals(List.of("network-map/a.b", "network-map/P/ipv4/0", "network-map/P/ipv4/2"),
        e.errors().stream().map(AltoError::field).toList());
  }
}
