package org.altoredist.engine.sim;

import java.time.Duration;

/**
 * How the simulated Internet behaves around the swarm: who comes and goes, who can be reached, how
 * fast each uplink is, and how often the ISP publishes a new map version. Each parameter is a flag of
 * {@code simulate}; {@link #internet()} holds their defaults, {@link #NONE} the swarm of issue 6
 * (everyone online from the start, reachable, with equal uplinks, versions back to back).
 *
 * @param churn whether nodes leave: each session lasts a Weibull-distributed time, and the nodes
 *     outside the flash crowd arrive as a Poisson process over the run instead of being online from
 *     the start
 * @param sessionMedian the median session length
 * @param sessionShape the Weibull shape: below 1 is heavy-tailed (many short sessions, a few very long)
 * @param crowd the share of nodes that join in the flash crowd, at a rate that decays exponentially
 *     from the first publication (Guo et al., IMC 2005: a torrent's arrival rate after its release)
 * @param crowdTime the decay's time constant: 63 % of the crowd has arrived after it, 95 % after three
 * @param nat the share of nodes that accept no incoming connection (they only dial out)
 * @param uploadSpread the sigma of the lognormal uplink capacity around the configured median; 0
 *     gives every node the median
 * @param versionEvery time between map versions; zero publishes the next version as soon as every
 *     online node holds the current one
 */
public record Realism(boolean churn, Duration sessionMedian, double sessionShape, double crowd, Duration crowdTime,
    double nat, double uploadSpread, Duration versionEvery) {

  /**
   * Median session of BitTorrent traces, 62 to 167 minutes; Weibull shapes fitted to them, 0.43 to
   * 0.82 (TU Delft P2P Trace Archive report, Table 14): about the middle of both.
   */
  static final Duration SESSION_MEDIAN = Duration.ofMinutes(100);
  static final double SESSION_SHAPE = 0.6;
  /** Typical of measured swarms (Halkes and Pouwelse, 2011: 64 % behind NAT or firewall). */
  static final double NAT_SHARE = 0.5;

  /** The issue-6 swarm: no churn, no crowd, no NAT, equal uplinks, versions back to back. */
  public static final Realism NONE = new Realism(false, SESSION_MEDIAN, SESSION_SHAPE, 0, Duration.ofMinutes(2), 0, 0,
      Duration.ZERO);

  public Realism {
    if (sessionMedian.isNegative() || sessionMedian.isZero() || !(sessionShape > 0) || !(crowd >= 0 && crowd <= 1)
        || crowdTime.isNegative() || crowdTime.isZero() || !(nat >= 0 && nat <= 1) || !(uploadSpread >= 0)
        || versionEvery.isNegative()) {
      throw new IllegalArgumentException("realism: session median and shape, crowd time must be positive; crowd and"
          + " NAT shares within 0..1; upload spread and version interval not negative");
    }
    if ((churn || crowd > 0) && versionEvery.isZero()) {
      throw new IllegalArgumentException("churn and a flash crowd need a version interval (versions back to back"
          + " wait for every online node, which arrivals never allow)");
    }
  }

  /** The defaults of {@code simulate}: churn, a flash crowd, half the nodes behind NAT, uneven uplinks. */
  public static Realism internet() {
    return new Realism(true, SESSION_MEDIAN, SESSION_SHAPE, 0.9, Duration.ofMinutes(2), NAT_SHARE, 1.0,
        Duration.ofMinutes(10));
  }
}
