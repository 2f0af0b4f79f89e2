package org.altoredist.http;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.altoredist.wire.AddressGroup;

/**
 * What a server can know of the requests redistribution saved it: per resource, the client
 * addresses that fetched (or revalidated) any version of its body, and of those, how many have not
 * asked for the version now served. Without redistribution each of them would have made at least
 * one request for it; with it they get it from peers (or have left, which the server cannot tell
 * apart). When a version is replaced, its final count is added to a running total.
 *
 * <p>An address stands for a client, an IPv6 address by its /64 ({@link AddressGroup}, as the
 * peers' per-address limits count): a host forms as many addresses in its /64 as it likes and
 * rotates temporary ones, so counting each would count one client many times, and let one client
 * fill the set. Clients behind one NAT, or on one IPv6 link, count once, so the figures are lower
 * bounds there. At most {@value #MAX_CLIENTS} addresses are remembered per resource (a few MB);
 * beyond that new addresses go uncounted, which again only lowers the figures.
 */
final class ClientTally {

  /** Addresses remembered per resource: a /16's worth, about 4 MB of addresses and set entries. */
  static final int MAX_CLIENTS = 65_536;

  /** The counts of one resource: requests saved on the version now served, and on all replaced ones. */
  record Saved(long known, long current, long total) {}

  private static final class PerResource {
    final Set<AddressGroup> known = new HashSet<>();
    final Set<AddressGroup> current = new HashSet<>();
    String etag;
    long knownAtPublish;
    long fromKnown;
    long total;

    synchronized void saw(String servedEtag, AddressGroup client) {
      if (!servedEtag.equals(etag)) {
        total += knownAtPublish - fromKnown;
        etag = servedEtag;
        knownAtPublish = known.size();
        fromKnown = 0;
        current.clear();
      }
      boolean wasKnown = known.contains(client);
      if (current.size() < MAX_CLIENTS && current.add(client) && wasKnown) {
        fromKnown++;
      }
      if (!wasKnown && known.size() < MAX_CLIENTS) {
        known.add(client);
      }
    }

    synchronized Saved saved() {
      return new Saved(known.size(), knownAtPublish - fromKnown, total);
    }
  }

  private final Map<String, PerResource> resources = new ConcurrentHashMap<>();

  /** A client fetched or revalidated the body now served (entity tag {@code etag}) of resource {@code key}. */
  void saw(String key, String etag, InetAddress client) {
    resources.computeIfAbsent(key, k -> new PerResource()).saw(etag, AddressGroup.of(client));
  }

  /** The counts by resource key ("" for the root IRD). */
  Map<String, Saved> saved() {
    Map<String, Saved> out = new TreeMap<>();
    resources.forEach((k, v) -> out.put(k, v.saved()));
    return out;
  }
}
