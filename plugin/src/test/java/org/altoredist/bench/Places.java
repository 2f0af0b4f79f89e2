package org.altoredist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One demo run's downloaders split by the places the layout dealt them, not by what they ran: the
 * demo lists downloaders in the order it placed them, ALTO places first, so a run with no plugin
 * anywhere (the control) splits into the same two groups as the run it controls. What the floors
 * compare is then the same computation in both.
 *
 * @param alto completion times of the ALTO places, seconds, NaN for one that never completed
 * @param vanilla those of the vanilla places
 * @param altoCrossing share of the ALTO places' received bytes that came from another PID
 * @param vanillaCrossing the same for the vanilla places
 * @param slowestAlto the slowest ALTO place's name and PID: which peer the tail is tells more than its time
 */
record Places(Tail alto, Tail vanilla, double altoCrossing, double vanillaCrossing, String slowestAlto) {

  /** Whether every downloader of both groups completed. */
  boolean allCompleted() {
    return alto.completed() == alto.peers() && vanilla.completed() == vanilla.peers();
  }

  /** Completion times of one group: median, nearest-rank p90, slowest; NaN past a peer that never completed. */
  record Tail(int peers, int completed, double median, double p90, double slowest) {

    static Tail of(double[] seconds) {
      double[] t = Arrays.stream(seconds).map(s -> Double.isNaN(s) ? Double.POSITIVE_INFINITY : s).sorted().toArray();
      int n = t.length;
      int done = (int) Arrays.stream(t).filter(Double::isFinite).count();
      double median = n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
      return new Tail(n, done, finite(median), finite(t[(int) Math.ceil(0.9 * n) - 1]), finite(t[n - 1]));
    }

    private static double finite(double d) {
      return Double.isFinite(d) ? d : Double.NaN;
    }
  }

  /**
   * Splits {@code report}'s downloaders into its first {@code altoPlaces} and the rest. When any of
   * them ran the plugin, exactly the first {@code altoPlaces} must have: anything else means the
   * demo's order is not what this reading assumes.
   */
  static Places of(JsonNode report, int altoPlaces) {
    List<JsonNode> downloaders = new ArrayList<>();
    report.get("peers").forEach(p -> {
      if (!p.get("seeder").asBoolean()) {
        downloaders.add(p);
      }
    });
    boolean anyPlugin = downloaders.stream().anyMatch(p -> p.get("alto").asBoolean());
    for (int i = 0; i < downloaders.size(); i++) {
      if (anyPlugin && downloaders.get(i).get("alto").asBoolean() != i < altoPlaces) {
        throw new IllegalStateException("downloader " + i + " (" + downloaders.get(i).get("name").asText()
            + ") is not in the place the demo's order gives it");
      }
    }
    List<JsonNode> alto = downloaders.subList(0, altoPlaces);
    List<JsonNode> vanilla = downloaders.subList(altoPlaces, downloaders.size());
    return new Places(Tail.of(seconds(alto)), Tail.of(seconds(vanilla)), crossing(alto), crossing(vanilla),
        slowest(alto));
  }

  private static double[] seconds(List<JsonNode> peers) {
    return peers.stream().mapToDouble(p -> p.get("completedSeconds").isNumber()
        ? p.get("completedSeconds").asDouble() : Double.NaN).toArray();
  }

  private static double crossing(List<JsonNode> peers) {
    long received = peers.stream().mapToLong(p -> p.get("receivedBytes").asLong()).sum();
    long crossed = peers.stream().mapToLong(p -> p.get("crossedBytes").asLong()).sum();
    return received == 0 ? Double.NaN : (double) crossed / received;
  }

  private static String slowest(List<JsonNode> peers) {
    JsonNode worst = null;
    double at = -1;
    for (JsonNode p : peers) {
      double t = p.get("completedSeconds").isNumber() ? p.get("completedSeconds").asDouble() : Double.POSITIVE_INFINITY;
      if (t > at) {
        worst = p;
        at = t;
      }
    }
    return worst == null ? "none"
        : worst.get("name").asText().replaceAll("@.*", "") + " (" + worst.get("pid").asText() + ")";
  }
}
