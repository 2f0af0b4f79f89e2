package org.altoredist.cli;

import java.util.List;

/**
 * The demo layouts steering is checked in, each with the peer counts that make it the case it is
 * named for (issue 12's list): one table for SteeringLayoutsIT, which sees every peer complete in
 * each, for DemoFloors, which measures their tail, and for DemoLayoutTest, which checks the
 * placement. The issue's own six-peer case is round robin; the others are the demo's uneven
 * {@code --layout}s.
 */
public enum SteeringLayouts {
  /** The case: 6 ALTO and 2 vanilla peers in 4 PIDs leave pid-3 and pid-4 one ALTO peer each. */
  FEW_PEERS(DemoLayout.ROUND_ROBIN, 6, 2, 4),
  SEEDER_ALONE(DemoLayout.SEEDER_ALONE, 4, 2, 3),
  ALTO_ALONE(DemoLayout.ALTO_ALONE, 5, 2, 3),
  VANILLA_PID(DemoLayout.VANILLA_PID, 4, 2, 3),
  CROWDED(DemoLayout.CROWDED, 9, 1, 3),
  /** 15 downloaders and the seeder in 8 PIDs: 8 PIDs of 2 peers. */
  PAIRS(DemoLayout.PAIRS, 11, 4, 8),
  ALTO_PID(DemoLayout.ALTO_PID, 6, 2, 3),
  SEEDER_LEAVES(DemoLayout.SEEDER_LEAVES, 6, 2, 3);

  final DemoLayout layout;
  /** The demo's {@code --layout}. */
  public final String flag;
  public final int alto;
  public final int vanilla;
  public final int pids;

  SteeringLayouts(DemoLayout layout, int alto, int vanilla, int pids) {
    this.layout = layout;
    this.flag = layout.flag();
    this.alto = alto;
    this.vanilla = vanilla;
    this.pids = pids;
  }

  /** Whether this is one of the demo's uneven layouts rather than its default round robin. */
  public boolean uneven() {
    return layout != DemoLayout.ROUND_ROBIN;
  }

  /** The demo's arguments that place the peers so. */
  public List<String> demoArgs() {
    return List.of("--layout", flag, "--peers", "" + alto, "--vanilla", "" + vanilla, "--pids", "" + pids);
  }
}
