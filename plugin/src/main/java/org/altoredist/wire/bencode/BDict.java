package org.altoredist.wire.bencode;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bencode dictionary with its keys in canonical (unsigned byte) order.
 *
 * <p>The lookups return the value only when it is present <em>and</em> of the asked type, so a
 * caller reading untrusted input never casts; {@link #get} tells "absent" from "wrong type".
 */
public final class BDict implements BValue {

  private final SortedMap<BBytes, BValue> entries;

  private BDict(SortedMap<BBytes, BValue> entries) {
    this.entries = Collections.unmodifiableSortedMap(entries);
  }

  public static BDict of(Map<BBytes, ? extends BValue> entries) {
    return new BDict(new TreeMap<>(entries));
  }

  /** Keeps a map the decoder built and nobody else holds. */
  static BDict adopt(TreeMap<BBytes, BValue> entries) {
    return new BDict(entries);
  }

  public static Builder builder() {
    return new Builder();
  }

  public SortedMap<BBytes, BValue> entries() {
    return entries;
  }

  public BValue get(String key) {
    return entries.get(BBytes.of(key));
  }

  public Optional<Long> integer(String key) {
    return get(key) instanceof BInt i ? Optional.of(i.value()) : Optional.empty();
  }

  public Optional<BBytes> bytes(String key) {
    return get(key) instanceof BBytes b ? Optional.of(b) : Optional.empty();
  }

  public Optional<BList> list(String key) {
    return get(key) instanceof BList l ? Optional.of(l) : Optional.empty();
  }

  public Optional<BDict> dict(String key) {
    return get(key) instanceof BDict d ? Optional.of(d) : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BDict d && entries.equals(d.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }

  /** Builds a dictionary in any key order; encoding always sorts. */
  public static final class Builder {
    private final TreeMap<BBytes, BValue> entries = new TreeMap<>();

    public Builder put(String key, long value) {
      return put(key, new BInt(value));
    }

    public Builder put(String key, byte[] value) {
      return put(key, BBytes.of(value));
    }

    public Builder put(String key, String value) {
      return put(key, BBytes.of(value));
    }

    public Builder put(String key, BValue value) {
      entries.put(BBytes.of(key), value);
      return this;
    }

    public BDict build() {
      return BDict.of(entries);
    }
  }
}
