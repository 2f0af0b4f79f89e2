package org.altoredist.binding;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.engine.Ranker;

/**
 * The binding tests' smallest ALTO maps: 127.0.7.0/24 is PID p7 and every other address PID dflt,
 * cost 1 within a PID and 5 across.
 */
final class SevenMaps {

  private static final String NETWORK_MAP = """
      {"meta":{"vtag":{"resource-id":"nm","tag":"t1"}},"network-map":{
      "p7":{"ipv4":["127.0.7.0/24"]},"dflt":{"ipv4":["0.0.0.0/0"]}}}""";
  private static final String COST_MAP = """
      {"meta":{"dependent-vtags":[{"resource-id":"nm","tag":"t1"}],"cost-type":{"cost-mode":"numerical",\
      "cost-metric":"routingcost"}},"cost-map":{"p7":{"p7":1,"dflt":5},"dflt":{"p7":5,"dflt":1}}}""";

  private SevenMaps() {}

  /** The maps' ranker as seen from {@code self}. */
  static Ranker ranker(InetAddress self) throws AltoValidationException {
    return Ranker.of(AltoDocuments.parseNetworkMap(NETWORK_MAP.getBytes(StandardCharsets.US_ASCII)),
        AltoDocuments.parseCostMap(COST_MAP.getBytes(StandardCharsets.US_ASCII)), self, 0);
  }
}
