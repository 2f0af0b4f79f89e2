package org.altoredist.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.binding.bt.AltoBt;
import picocli.CommandLine.Option;

/** The ALTO side of {@code seed} and {@code fetch}: whose maps, how to trust them, where they live. */
final class AltoOptions {

  @Option(names = "--service", required = true, paramLabel = "URI", description = "The ALTO service: its root IRD's URI.")
  String service;

  @Option(names = "--anchor", paramLabel = "FILE", description = "Trust anchor CA certificates (PEM); repeatable.")
  List<Path> anchors = new ArrayList<>();

  @Option(names = "--pin", paramLabel = "HEX", description = "A pinned signer key (SHA-256 of its SubjectPublicKeyInfo); repeatable.")
  List<String> pins = new ArrayList<>();

  @Option(names = "--alto-server", paramLabel = "URI",
      description = "Where to GET the service's IRD when asking the ALTO server (default: the service URI).")
  URI server;

  @Option(names = "--no-alto-server", description = "Never ask the ALTO server; maps come from peers only.")
  boolean noServer;

  @Option(names = "--fallback-after", paramLabel = "DURATION", defaultValue = "PT20S",
      description = "How long to wait for peers' maps before asking the ALTO server (ISO 8601; default ${DEFAULT-VALUE}).")
  Duration fallbackAfter;

  @Option(names = "--alto-peer", paramLabel = "HOST:PORT", description = "A known ar_alto endpoint; repeatable.")
  List<String> altoPeers = new ArrayList<>();

  @Option(names = "--no-tracker-rendezvous", description = "Do not announce the ALTO rendezvous key to the torrent's"
      + " trackers (by default it is, where they accept it).")
  boolean noTrackerRendezvous;

  @Option(names = "--state", paramLabel = "DIR", description = "Where verified maps are kept across runs.")
  Path state;

  AltoPlugin.Builder plugin(SessionOptions session) throws IOException {
    AltoPlugin.Builder b = AltoPlugin.builder().trust(TrustOptions.policy(service, anchors, pins).build())
        .fallbackDelay(fallbackAfter).dht(!session.noDht).trackers(!noTrackerRendezvous);
    if (server != null) {
      b.serverLocation(service, server);
    }
    if (noServer) {
      b.noServerFallback();
    }
    if (state != null) {
      b.stateDir(state);
    }
    altoPeers.forEach(p -> b.bootstrap(SessionOptions.parse(p)));
    return b;
  }

  /** The same settings for the Bt binding ({@code --engine bt}). */
  AltoBt.Builder bt() throws IOException {
    AltoBt.Builder b = AltoBt.builder().trust(TrustOptions.policy(service, anchors, pins).build())
        .fallbackDelay(fallbackAfter).trackers(!noTrackerRendezvous);
    if (server != null) {
      b.serverLocation(service, server);
    }
    if (noServer) {
      b.noServerFallback();
    }
    if (state != null) {
      b.stateDir(state);
    }
    altoPeers.forEach(p -> b.bootstrap(SessionOptions.parse(p)));
    return b;
  }
}
