package org.altoredist.alto;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.util.List;

/**
 * An RFC 7285 §11.2.1 network map: its version tag, its PIDs in document order, and a
 * longest-prefix-match index from addresses to PIDs. Validated complete and non-overlapping
 * (§11.2.2) for each address type it contains; address types other than ipv4 and ipv6 are ignored,
 * and a PID left without addresses is still a PID (§11.2.1.6).
 */
public final class NetworkMap extends DocumentBytes implements AltoDocument {

  private final VersionTag vtag;
  private final List<String> pids;
  private final PrefixSet v4;
  private final PrefixSet v6;
  private final PidIndex index;

  NetworkMap(byte[] bytes, JsonNode meta, VersionTag vtag, List<String> pids, PrefixSet v4,
      PrefixSet v6, PidIndex index) {
    super(bytes, meta);
    this.vtag = vtag;
    this.pids = List.copyOf(pids);
    this.v4 = v4;
    this.v6 = v6;
    this.index = index;
  }

  @Override
  public DocumentType type() {
    return DocumentType.NETWORK_MAP;
  }

  /** The version tag from meta/vtag. */
  public VersionTag vtag() {
    return vtag;
  }

  /** PID names in document order. */
  public List<String> pids() {
    return pids;
  }

  public boolean hasPid(String pid) {
    return pids.contains(pid);
  }

  /** The longest-prefix-match index; shared, immutable. */
  public PidIndex index() {
    return index;
  }

  /** The PID holding this address, or null when the map has no prefix of its family. */
  public String pidOf(InetAddress address) {
    return index.pidOf(address);
  }

  public int ipv4PrefixCount() {
    return v4.size();
  }

  public int ipv6PrefixCount() {
    return v6.size();
  }

  /** The prefixes of a PID in normal form, IPv4 then IPv6; a scan of the map, for tools. */
  public List<IpPrefix> prefixes(String pid) {
    int i = pids.indexOf(pid);
    if (i < 0) {
      return List.of();
    }
    List<IpPrefix> out = new java.util.ArrayList<>(v4.prefixesOf(i));
    out.addAll(v6.prefixesOf(i));
    return out;
  }

  @Override
  public String summary() {
    return "networkmap: " + pids.size() + " PIDs, " + (v4.size() + v6.size()) + " prefixes (ipv4 "
        + v4.size() + ", ipv6 " + v6.size() + "), vtag " + vtag;
  }
}
