package org.altoredist.http;

import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.altoredist.trust.Descriptor;

/**
 * Everything the server answers at one moment: each generated body with its detached signature,
 * by resource and by path. Immutable; a new version replaces the whole snapshot at once, so one
 * request never sees half of an update.
 */
final class Snapshot {

  /** The media type of a detached CMS signature (RFC 8551 §3.2.1, file extension .p7s). */
  static final String SIGNATURE_MEDIA_TYPE = "application/pkcs7-signature";

  /**
   * A body signed under one descriptor, with the delta bundles to it by base handle in hex
   * ({@link DeltaHistory}).
   */
  record Signed(Catalog.Body body, byte[] signature, Descriptor descriptor, Map<String, byte[]> deltas) {
    Signed {
      deltas = Map.copyOf(deltas);
    }

    /** The path a delta from the base with handle {@code baseHex} is served at (alto-http.md §4.10). */
    String deltaPath(String baseHex) {
      return deltaDirectory() + baseHex;
    }

    /** The path prefix of this resource's deltas. */
    String deltaDirectory() {
      return body.path() + DeltaHistory.PATH_SUFFIX;
    }
  }

  /** Which part of a resource a path answers with. */
  enum Part { BODY, SIGNATURE, DELTA }

  /**
   * What one path answers.
   *
   * @param key the resource it belongs to ("" for the root IRD), for the counters
   */
  record Representation(byte[] bytes, String mediaType, String etag, String key, Part part) {
    /** Whether this is the resource's signature rather than a way to its body. */
    boolean signature() {
      return part == Part.SIGNATURE;
    }
  }

  private final Map<String, Signed> byKey;
  private final Map<String, Representation> byPath;
  private final Map<String, Catalog.Filter> filters;
  private final Instant built;

  Snapshot(Map<String, Signed> byKey, Map<String, Catalog.Filter> filters, Instant built) {
    this.filters = Map.copyOf(filters);
    this.byKey = Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
    Map<String, Representation> paths = new LinkedHashMap<>();
    for (Signed s : byKey.values()) {
      Catalog.Body b = s.body();
      paths.put(b.path(), new Representation(b.bytes(), b.type().mediaType(), etag(b.bytes()), b.key(), Part.BODY));
      paths.put(b.signaturePath(), new Representation(s.signature(), SIGNATURE_MEDIA_TYPE, etag(s.signature()), b.key(),
          Part.SIGNATURE));
      s.deltas().forEach((base, d) -> paths.put(s.deltaPath(base),
          new Representation(d, DeltaHistory.MEDIA_TYPE, etag(d), b.key(), Part.DELTA)));
    }
    this.byPath = Collections.unmodifiableMap(paths);
    this.built = built;
  }

  /** Signed resources by key: "" for the root IRD, else the resource ID; IRD first. */
  Map<String, Signed> resources() {
    return byKey;
  }

  /** Representations by path relative to the service's base. */
  Map<String, Representation> paths() {
    return byPath;
  }

  Representation at(String path) {
    return byPath.get(path);
  }

  /** The filtered network map answering POSTs at this path, or null. */
  Catalog.Filter filter(String path) {
    return filters.get(path);
  }

  java.util.Set<String> filterPaths() {
    return filters.keySet();
  }

  Instant built() {
    return built;
  }

  /**
   * A strong entity tag (RFC 9110 §8.8.3): 128 bits of the SHA-256 of the exact bytes, so equal
   * bytes give equal tags across restarts and across servers.
   */
  static String etag(byte[] bytes) {
    return "\"" + HexFormat.of().formatHex(MetaSplice.sha256().digest(bytes), 0, 16) + "\"";
  }
}
