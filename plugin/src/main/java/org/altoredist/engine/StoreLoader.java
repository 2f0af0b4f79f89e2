package org.altoredist.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.NetworkMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the store back at start: every bundle is verified again, as a copy from the origin, with
 * the clock of now (so what expired while the node was down is dropped); then they are installed
 * cost maps first and network maps oldest first, so that a network map a held cost map still
 * depends on is kept beside its successor. Whatever is refused or superseded leaves the disk.
 */
final class StoreLoader {

  private static final Logger log = LoggerFactory.getLogger(StoreLoader.class);

  private StoreLoader() {}

  static void load(Engine e, Lifecycle lifecycle, MapStore store) {
    Map<String, String> services = new HashMap<>();
    for (Service s : e.config.services()) {
      services.put(MapStore.serviceDirectory(s.uri()), s.uri());
    }
    Instant now = e.loop.clock().instant();
    List<MapStore.Loaded<Held>> loaded;
    try {
      loaded = store.load(services, (uri, bytes) -> {
        Checker.Outcome o = e.checker.check(e.config.service(uri), null, null, bytes, -1, HeldResource.Source.STORE, now);
        if (o instanceof Checker.Accepted a) {
          return a.held();
        }
        log.warn("store: a bundle of {} failed verification: {}", uri, ((Checker.Refused) o).why());
        return null;
      });
    } catch (IOException x) {
      throw new UncheckedIOException("reading the store failed", x);
    }
    List<MapStore.Loaded<Held>> ordered = new ArrayList<>(loaded);
    ordered.sort(Comparator.comparingInt((MapStore.Loaded<Held> l) -> installOrder(l.accepted()))
        .thenComparingLong(l -> l.accepted().sequence()));
    for (MapStore.Loaded<Held> l : ordered) {
      if (!lifecycle.install(l.accepted())) {
        try {
          store.drop(l.file(), "an equal or newer version of " + l.accepted().key() + " is held");
        } catch (IOException x) {
          log.error("store: cannot delete {}", l.file(), x);
        }
      }
    }
    log.info("store: {} bundles verified and held", e.holdings.all().size());
  }

  private static int installOrder(Held h) {
    Object doc = h.info().resource().document();
    return doc instanceof CostMap ? 0 : doc instanceof NetworkMap ? 1 : 2;
  }
}
