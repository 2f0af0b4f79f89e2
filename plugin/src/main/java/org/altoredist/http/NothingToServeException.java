package org.altoredist.http;

import java.io.IOException;
import java.util.List;

/** The map files gave no servable catalog and none was accepted before: the maps were examined and refused. */
public final class NothingToServeException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient List<Rejection> rejected;

  NothingToServeException(List<Rejection> rejected) {
    super("nothing to serve: " + rejected);
    this.rejected = List.copyOf(rejected);
  }

  /** Every file refused, with its reason. */
  public List<Rejection> rejected() {
    return rejected;
  }
}
