package org.altoredist.alto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of RFC 7285, flaws included (rfc7285/README.md lists what each should give). */
class Rfc7285ExamplesTest {

  private static byte[] example(String name) {
    return TestFiles.bytes("rfc7285/" + name);
  }

  @Test
  void section9_2_3IrdAsPrintedHasATrailingCommaAndIsNotJson() {
    AltoValidationException e = assertThrows(AltoValidationException.class,
        () -> AltoDocuments.parseDirectory(example("s9.2.3-ird.json")));
    assertEquals(ErrorCode.E_SYNTAX, e.first().code());
  }

  @Test
  void section9_2_3IrdWithoutTheCommaIsAValidRootIrd() throws Exception {
    InfoResourceDirectory ird = AltoDocuments.parseDirectory(example("s9.2.3-ird-comma-removed.json"));
    assertEquals("my-default-network-map", ird.defaultNetworkMap());
    assertEquals(List.of("my-default-network-map", "numerical-routing-cost-map", "numerical-hopcount-cost-map",
        "custom-maps-resources", "endpoint-property", "endpoint-cost"), List.copyOf(ird.resources().keySet()));
    assertEquals(new CostType("hopcount", "numerical"), ird.costTypeOf(ird.resource("numerical-hopcount-cost-map")));
    assertEquals("My default", ird.costTypes().get("num-routing").description());
    assertTrue(ird.resource("numerical-routing-cost-map").isGet());
    assertTrue(!ird.resource("endpoint-cost").isGet());
    assertEquals(DocumentType.DIRECTORY, ird.resource("custom-maps-resources").documentType());
    assertEquals(List.of("my-default-network-map.pid", "priv:ietf-example-prop"),
        List.of(ird.resource("endpoint-property").capabilities().get("prop-types").get(0).textValue(),
            ird.resource("endpoint-property").capabilities().get("prop-types").get(1).textValue()));
  }

  @Test
  void section9_2_4DelegatedIrdIsValidOnlyAsADelegatedIrd() throws Exception {
    byte[] bytes = example("s9.2.4-delegated-ird.json");
    InfoResourceDirectory ird = AltoDocuments.parseDelegatedDirectory(bytes);
    assertNull(ird.defaultNetworkMap());
    assertEquals(4, ird.resources().size());
    AltoValidationException e = assertThrows(AltoValidationException.class, () -> AltoDocuments.parseDirectory(bytes));
    assertEquals(ErrorCode.E_MISSING_FIELD, e.first().code());
    assertEquals("meta/default-alto-network-map", e.first().field());
  }

  @Test
  void section11_2_1_7NetworkMapMapsAddressesByLongestPrefix() throws Exception {
    NetworkMap nm = AltoDocuments.parseNetworkMap(example("s11.2.1.7-networkmap.json"));
    assertEquals(new VersionTag("my-default-network-map", "da65eca2eb7a10ce8b059740b0b2e3f8eb1d4785"), nm.vtag());
    assertEquals(List.of("PID1", "PID2", "PID3"), nm.pids());
    assertEquals("PID1", nm.pidOf(InetAddress.getByName("192.0.2.77")));
    assertEquals("PID1", nm.pidOf(InetAddress.getByName("198.51.100.127")));
    assertEquals("PID2", nm.pidOf(InetAddress.getByName("198.51.100.128")));
    assertEquals("PID3", nm.pidOf(InetAddress.getByName("203.0.113.9")));
    assertEquals("PID3", nm.pidOf(InetAddress.getByName("2001:db8::1")));
  }

  @Test
  void section11_2_2ExampleMaps192_0_2_1ToPid3() throws Exception {
    byte[] map = TestFiles.utf8("{\"meta\":{\"vtag\":{\"resource-id\":\"m\",\"tag\":\"t\"}},\"network-map\":{"
        + "\"PID0\" : { \"ipv6\" : [ \"::/0\" ] },"
        + "\"PID1\" : { \"ipv4\" : [ \"0.0.0.0/0\" ] },"
        + "\"PID2\" : { \"ipv4\" : [ \"192.0.2.0/24\", \"198.51.100.0/24\" ] },"
        + "\"PID3\" : { \"ipv4\" : [ \"192.0.2.0/25\", \"192.0.2.128/25\" ] }}}");
    NetworkMap nm = AltoDocuments.parseNetworkMap(map);
    assertEquals("PID3", nm.pidOf(InetAddress.getByName("192.0.2.1")));
    assertEquals("PID2", nm.pidOf(InetAddress.getByName("198.51.100.1")));
    assertEquals("PID0", nm.pidOf(InetAddress.getByName("::1")));
  }

  @Test
  void section11_2_3_7CostMapLeavesPid3ToPid3Undefined() throws Exception {
    CostMap cm = AltoDocuments.parseCostMap(example("s11.2.3.7-costmap.json"));
    assertEquals(new CostType("routingcost", "numerical"), cm.costType());
    assertEquals(new VersionTag("my-default-network-map", "3ee2cb7e8d63d9fab71b9b34cbf764436315542e"), cm.dependentVtag());
    assertEquals(15.0, cm.matrix().cost("PID2", "PID3"));
    assertEquals(20.0, cm.matrix().cost("PID3", "PID1"));
    assertTrue(Double.isNaN(cm.matrix().cost("PID3", "PID3")));
    assertEquals(8, cm.matrix().definedCount());
  }

  @Test
  void section11_2_1_7And11_2_3_7AreNotAConsistentPair() throws Exception {
    NetworkMap nm = AltoDocuments.parseNetworkMap(example("s11.2.1.7-networkmap.json"));
    CostMap cm = AltoDocuments.parseCostMap(example("s11.2.3.7-costmap.json"));
    AltoValidationException e = assertThrows(AltoValidationException.class,
        () -> CrossChecks.costMapAgainstNetworkMap(cm, nm));
    assertEquals(1, e.errors().size(), e.errors()::toString);
    assertEquals("meta/dependent-vtags/0", e.first().field());
  }

  @Test
  void section11_3_1_7FilteredNetworkMapHasHostBitsSetAndIsIncomplete() {
    AltoValidationException e = assertThrows(AltoValidationException.class,
        () -> AltoDocuments.parseNetworkMap(example("s11.3.1.7-filtered-networkmap.json")));
    assertEquals("network-map/PID2/ipv4/0", e.errors().get(0).field());
    assertTrue(e.errors().get(0).rule().contains("198.51.100.0/24"), e.errors().get(0)::toString);
    assertEquals("network-map", e.errors().get(1).field());
  }

  @Test
  void section11_3_2_7FilteredCostMapParses() throws Exception {
    CostMap cm = AltoDocuments.parseCostMap(example("s11.3.2.7-filtered-costmap.json"));
    assertEquals(List.of("PID1", "PID2", "PID3"), cm.matrix().pids());
    assertEquals(0.0, cm.matrix().cost("PID1", "PID1"));
  }

  @Test
  void section8_5ErrorDocumentKeepsFieldAndValue() throws Exception {
    AltoErrorDocument err = AltoDocuments.parseError(TestFiles.utf8(
        "{\"meta\":{\"code\":\"E_INVALID_FIELD_VALUE\",\"field\":\"cost-type/cost-mode\",\"value\":\"fuzzy\"}}"));
    assertEquals(ErrorCode.E_INVALID_FIELD_VALUE, err.knownCode());
    assertEquals("cost-type/cost-mode", err.field());
    assertEquals("fuzzy", err.value());
  }

  @Test
  void unknownErrorCodesFromServersInTheFieldAreRead() throws Exception {
    AltoErrorDocument err = AltoDocuments.parseError(TestFiles.utf8(
        "{\"meta\":{\"code\":\"E_GENERIC_HTTP_404_NOT_FOUND\",\"context\":{\"path\":\"/x\"}}}"));
    assertNull(err.knownCode());
    assertEquals("E_GENERIC_HTTP_404_NOT_FOUND", err.code());
    assertEquals("/x", err.meta().get("context").get("path").textValue());
  }
}
