package org.altoredist.engine.sim;

import java.util.List;

/** Assembles a run's {@link SimulationResult} from its {@link Census} and the model's own counters. */
public final class Results {

  /** The series keeps at most this many points: enough for a chart, small enough to print as JSON. */
  static final int SERIES_POINTS = 1000;

  private Results() {}

  public static SimulationResult of(String model, SimulationConfig c, Census census, double links, long serverRequests,
      long duplicatePieces, long latePieces, long peersDropped, long requestTimeouts,
      List<SimulationResult.Offenders> offenders, SimulationResult.Ranking ranking, SimulationResult.Costs costs) {
    List<SimulationResult.Version> versions = census.versions();
    long baseline = 0;
    long piece = 0;
    long needed = 0;
    for (SimulationResult.Version v : versions) {
      baseline += v.baselineRequests();
      piece += v.pieceBytes();
      needed += v.neededBytes();
    }
    double payload = needed == 0 ? Double.NaN : (double) piece / needed;
    double wire = needed == 0 ? Double.NaN : (double) census.wireBytes() / needed;
    return new SimulationResult(model, SimulationResult.Setup.of(c), census.joinedCount(), links, versions, serverRequests, baseline, payload,
        wire, duplicatePieces, latePieces, peersDropped, requestTimeouts, offenders, ranking, costs,
        census.series(SERIES_POINTS));
  }
}
