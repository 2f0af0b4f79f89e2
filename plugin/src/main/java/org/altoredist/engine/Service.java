package org.altoredist.engine;

import java.util.List;
import org.altoredist.alto.CostType;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.TrustPolicy;

/**
 * One configured ALTO service: its trust, and whether this node uses its maps (wants its IRD,
 * default network map and cost maps) or only holds and relays what peers offer of it.
 *
 * @param costTypes the cost types of the cost maps it wants; empty for every scalar one the IRD lists
 */
record Service(TrustPolicy policy, ResourceVerifier verifier, boolean use, List<CostType> costTypes) {

  Service {
    costTypes = List.copyOf(costTypes);
  }

  String uri() {
    return policy.service();
  }
}
