package org.altoredist.alto;

import java.util.Objects;

/**
 * An RFC 7285 §10.7 cost type. Only the metric and the mode identify it: the description is for
 * people, and RFC 7285 §11.3.2.3 has servers ignore it, so {@link #equals} ignores it too.
 */
public record CostType(String metric, String mode, String description) {

  public static final String NUMERICAL = "numerical";
  public static final String ORDINAL = "ordinal";

  public CostType {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(mode, "mode");
  }

  public CostType(String metric, String mode) {
    this(metric, mode, null);
  }

  /** True for the two modes whose values are numbers a client can rank by. */
  public boolean isScalar() {
    return mode.equals(NUMERICAL) || mode.equals(ORDINAL);
  }

  /**
   * Whether a smaller value is better. RFC 9439 §5 throughput and bandwidth metrics grow with
   * quality; every other registered metric (and, by convention, a private one) is a cost.
   */
  public boolean lowerIsBetter() {
    return !(metric.equals("tput") || metric.equals("bw-residual") || metric.equals("bw-available"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CostType c && c.metric.equals(metric) && c.mode.equals(mode);
  }

  @Override
  public int hashCode() {
    return metric.hashCode() * 31 + mode.hashCode();
  }

  @Override
  public String toString() {
    return mode + " " + metric;
  }
}
