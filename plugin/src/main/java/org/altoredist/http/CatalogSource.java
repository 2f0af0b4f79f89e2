package org.altoredist.http;

import java.io.IOException;

/**
 * Where a {@link Publication}'s bodies come from: the operator's map files, or an upstream ALTO
 * server mirrored by a signing gateway. Each build yields the catalog to publish now (the last
 * accepted one when everything new was refused; null when nothing was ever accepted) and what it
 * refused.
 */
interface CatalogSource extends AutoCloseable {

  CatalogBuilder.Outcome build() throws IOException;

  /** How current the upstream is, for a gateway; null for map files. */
  default UpstreamStatus upstreamStatus() {
    return null;
  }

  @Override
  default void close() {}

  /** The operator's map files (alto-http.md §3.1–3.3). */
  static CatalogSource files(ServiceConfig config) {
    MapSource source = new MapSource(config.maps());
    CatalogBuilder builder = new CatalogBuilder(source, config.clock());
    return () -> builder.build(source.read());
  }
}
