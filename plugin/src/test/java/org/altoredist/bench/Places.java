package org.altoredist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.altoredist.cli.report.DemoReport;
import org.altoredist.cli.report.DemoReport.Tail;

/**
 * One demo run's downloaders split by the places the layout dealt them, not by what they ran: the
 * demo lists downloaders in the order it placed them, ALTO places first, so a run with no plugin
 * anywhere (the control) splits into the same two groups as the run it controls. What the floors
 * compare is then the same computation in both, the report's own ({@link Tail}).
 *
 * @param alto completion times of the ALTO places
 * @param vanilla those of the vanilla places
 * @param altoCrossing share of the ALTO places' received bytes that came from another PID
 * @param vanillaCrossing the same for the vanilla places
 * @param slowestAlto the slowest ALTO place's name and PID: which peer the tail is tells more than its time
 */
record Places(Tail alto, Tail vanilla, double altoCrossing, double vanillaCrossing, String slowestAlto) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether every downloader of both groups completed. */
  boolean allCompleted() {
    return alto.completed() == alto.peers() && vanilla.completed() == vanilla.peers();
  }

  /**
   * Splits {@code report}'s downloaders into its first {@code altoPlaces} and the rest. When any of
   * them ran the plugin, exactly the first {@code altoPlaces} must have: anything else means the
   * demo's order is not what this reading assumes.
   */
  static Places of(JsonNode report, int altoPlaces) {
    List<DemoReport.Peer> downloaders = new ArrayList<>();
    for (JsonNode p : report.get("peers")) {
      DemoReport.Peer peer = JSON.convertValue(p, DemoReport.Peer.class);
      if (!peer.seeder()) {
        downloaders.add(peer);
      }
    }
    boolean anyPlugin = downloaders.stream().anyMatch(DemoReport.Peer::alto);
    for (int i = 0; i < downloaders.size(); i++) {
      if (anyPlugin && downloaders.get(i).alto() != i < altoPlaces) {
        throw new IllegalStateException("downloader " + i + " (" + downloaders.get(i).name()
            + ") is not in the place the demo's order gives it");
      }
    }
    List<DemoReport.Peer> alto = downloaders.subList(0, altoPlaces);
    List<DemoReport.Peer> vanilla = downloaders.subList(altoPlaces, downloaders.size());
    return new Places(Tail.of(alto), Tail.of(vanilla), crossing(alto), crossing(vanilla), slowest(alto));
  }

  private static double crossing(List<DemoReport.Peer> peers) {
    long received = peers.stream().mapToLong(DemoReport.Peer::receivedBytes).sum();
    long crossed = peers.stream().mapToLong(DemoReport.Peer::crossedBytes).sum();
    return received == 0 ? Double.NaN : (double) crossed / received;
  }

  private static String slowest(List<DemoReport.Peer> peers) {
    return peers.stream()
        .max(Comparator.comparingDouble(p -> Double.isNaN(p.completedSeconds()) ? Double.POSITIVE_INFINITY
            : p.completedSeconds()))
        .map(p -> p.name().replaceAll("@.*", "") + " (" + p.pid() + ")").orElse("none");
  }
}
