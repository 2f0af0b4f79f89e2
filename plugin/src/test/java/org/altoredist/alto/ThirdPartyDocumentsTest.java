package org.altoredist.alto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What other ALTO servers write that means one thing, read as it means it: strict is one meaning
 * per document, not one server's habits.
 */
class ThirdPartyDocumentsTest {

  private static CostMap ordinal(String costs) throws AltoValidationException {
    return AltoDocuments.parseCostMap(TestFiles.utf8("{\"meta\":{\"dependent-vtags\":[{\"resource-id\":\"nm\","
        + "\"tag\":\"v1\"}],\"cost-type\":{\"cost-mode\":\"ordinal\",\"cost-metric\":\"routingcost\"}},"
        + "\"cost-map\":{\"A\":" + costs + "}}"));
  }

  private static InfoResourceDirectory directory(String costTypes, String resources) throws AltoValidationException {
    return AltoDocuments.parseDirectory(TestFiles.utf8("{\"meta\":{\"cost-types\":{" + costTypes + "},"
        + "\"default-alto-network-map\":\"nm\"},\"resources\":{" + resources + "}}"));
  }

  private static final String NUM = "\"num\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"routingcost\"}";

  private static final String NETWORK_MAP =
      "\"nm\":{\"uri\":\"/networkmap\",\"media-type\":\"application/alto-networkmap+json\"}";

  /** RFC 8259 §6 has one number type; a server that keeps costs as doubles writes 1.0. */
  @Test
  void ordinalCostsWrittenAsWholeDoublesAreIntegers() throws Exception {
    CostMap cm = ordinal("{\"A\":1.0,\"B\":1e0,\"C\":1E+2,\"D\":0.0}");
    assertEquals(100, cm.matrix().cost("A", "C"));
    assertEquals(1, cm.matrix().cost("A", "B"));
    AltoValidationException e = assertThrows(AltoValidationException.class, () -> ordinal("{\"A\":1.5}"));
    assertEquals("cost-map/A/A", e.first().field());
  }

  /** 2^53 + 1 and 2^53 are one double: ranks past 2^53 would merge without a word (RFC 7493 §2.2). */
  @Test
  void anOrdinalPastWhatADoubleHoldsExactlyIsRefused() throws Exception {
    assertEquals(9007199254740992.0, ordinal("{\"A\":9007199254740992}").matrix().cost("A", "A"));
    AltoValidationException e = assertThrows(AltoValidationException.class,
        () -> ordinal("{\"A\":9007199254740992,\"B\":9007199254740993}"));
    assertEquals("cost-map/A/B", e.first().field());
  }

  /**
   * A metric or mode registered after this model (RFC 9439 added eight metrics; RFC 9275 the
   * path vector) must not make a whole directory unusable: the IRD is read, and what it offers in
   * that type is not for this client.
   */
  @Test
  void anIrdDefiningACostTypeNewerThanThisModelIsReadWithoutIt() throws Exception {
    InfoResourceDirectory ird = directory(NUM + ",\"pv\":{\"cost-mode\":\"array\",\"cost-metric\":\"ane-path\"},"
        + "\"later\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"energy-2031\"}",
        NETWORK_MAP + ",\"cm\":{\"uri\":\"/costmap\",\"media-type\":\"application/alto-costmap+json\","
        + "\"capabilities\":{\"cost-type-names\":[\"num\"]},\"uses\":[\"nm\"]},"
        + "\"cm-later\":{\"uri\":\"/costmap-later\",\"media-type\":\"application/alto-costmap+json\","
        + "\"capabilities\":{\"cost-type-names\":[\"later\"]},\"uses\":[\"nm\"]},"
        + "\"pv-filter\":{\"uri\":\"/pv\",\"media-type\":\"multipart/related;type=application/alto-costmap+json\","
        + "\"accepts\":\"application/alto-costmapfilter+json\",\"capabilities\":{\"cost-type-names\":[\"pv\"]},"
        + "\"uses\":[\"nm\"]}");
    assertEquals(List.of("num"), List.copyOf(ird.costTypes().keySet()));
    assertEquals(new CostType("routingcost", "numerical", null), ird.costTypeOf(ird.resource("cm")));
    assertNull(ird.costTypeOf(ird.resource("cm-later")), "named in the IRD, never ranked by");

    AltoValidationException e = assertThrows(AltoValidationException.class, () -> directory(NUM
        + ",\"bad\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"has.dot\"}", NETWORK_MAP));
    assertEquals("meta/cost-types/bad/cost-metric", e.first().field(), "a malformed one is still refused");
  }

  /** RFC 6838 §4.2: a media type's name ignores case, and parameters are not part of it. */
  @Test
  void anIrdMediaTypeIsItsTypeWhateverItsCaseAndParameters() throws Exception {
    InfoResourceDirectory ird = directory(NUM,
        "\"nm\":{\"uri\":\"/networkmap\",\"media-type\":\"Application/ALTO-NetworkMap+JSON\"},"
        + "\"cm\":{\"uri\":\"/costmap\",\"media-type\":\"application/alto-costmap+json; charset=utf-8\","
        + "\"capabilities\":{\"cost-type-names\":[\"num\"]},\"uses\":[\"nm\"]}");
    assertEquals(DocumentType.NETWORK_MAP.mediaType(), ird.resource("nm").mediaType());
    assertEquals(DocumentType.COST_MAP, ird.resource("cm").documentType());
    assertEquals(DocumentType.COST_MAP.mediaType(), ird.resource("cm").mediaType(),
        "the name a signed descriptor and a response's Content-Type are compared with");

    AltoValidationException e = assertThrows(AltoValidationException.class, () -> directory(NUM
        + ",\"num2\":{\"cost-mode\":\"ordinal\",\"cost-metric\":\"routingcost\"}", NETWORK_MAP
        + ",\"cm\":{\"uri\":\"/costmap\",\"media-type\":\"Application/ALTO-CostMap+JSON\","
        + "\"capabilities\":{\"cost-type-names\":[\"num\",\"num2\"]},\"uses\":[\"nm\"]}"));
    assertEquals("resources/cm/capabilities/cost-type-names", e.first().field(),
        "an unfiltered cost map in capitals is still checked as one (RFC 7285 §11.2.3.4)");
  }
}
