package org.altoredist.wire.bencode;

import java.util.List;

/** A bencode list; the items are kept in wire order. */
public record BList(List<BValue> items) implements BValue {
  public BList {
    items = List.copyOf(items);
  }
}
