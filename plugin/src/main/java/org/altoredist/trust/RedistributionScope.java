package org.altoredist.trust;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.altoredist.alto.IpPrefix;

/**
 * Who may receive a copy of a resource from someone other than its ALTO server: the server's
 * reuse mode, RFC 6708 requirement AR-25 (signed-resources.md §2.4).
 *
 * @param kind the reuse mode
 * @param audience for {@link Kind#AUDIENCE}, the prefixes of the target audience; empty otherwise
 */
public record RedistributionScope(Kind kind, List<IpPrefix> audience) {

  /** AR-25's reuse modes that a peer-to-peer overlay can honour. */
  public enum Kind {
    /** "no reuse": only the client that fetched it from the server may use it. */
    NONE("none"),
    /** Any client of the same ALTO service may use it. */
    SERVICE("service"),
    /** Only clients whose address lies in one of the audience prefixes may use it. */
    AUDIENCE("audience");

    private final String token;

    Kind(String token) {
      this.token = token;
    }

    /** The descriptor's text for this mode. */
    public String token() {
      return token;
    }

    static Kind ofToken(String token) {
      for (Kind k : values()) {
        if (k.token.equals(token)) {
          return k;
        }
      }
      return null;
    }
  }

  public static final RedistributionScope NONE = new RedistributionScope(Kind.NONE, List.of());
  public static final RedistributionScope SERVICE = new RedistributionScope(Kind.SERVICE, List.of());

  public RedistributionScope {
    Objects.requireNonNull(kind, "kind");
    audience = List.copyOf(audience);
    if ((kind == Kind.AUDIENCE) == audience.isEmpty()) {
      throw new IllegalArgumentException("an audience is given exactly when the scope is \"audience\"");
    }
    if (audience.size() > Limits.MAX_AUDIENCE_PREFIXES) {
      throw new IllegalArgumentException(audience.size() + " audience prefixes; at most " + Limits.MAX_AUDIENCE_PREFIXES);
    }
    if (new HashSet<>(audience).size() != audience.size()) {
      throw new IllegalArgumentException("an audience prefix is listed twice");
    }
  }

  /** A target audience of the given prefixes. */
  public static RedistributionScope audience(List<IpPrefix> prefixes) {
    return new RedistributionScope(Kind.AUDIENCE, prefixes);
  }

  /** Whether a client at {@code address} may receive this resource from a peer. */
  public boolean permits(InetAddress address) {
    return switch (kind) {
      case NONE -> false;
      case SERVICE -> true;
      case AUDIENCE -> audience.stream().anyMatch(p -> p.contains(address));
    };
  }
}
