package org.altoredist.it.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.altoredist.binding.AltoPlugin;
import org.altoredist.engine.EngineStats;
import org.altoredist.engine.HeldResource;

/**
 * An ALTO-enabled client as the README enables it: a libtorrent4j session with its DHT on (where
 * ALTO peers meet) and an {@link AltoPlugin} attached. Closing it detaches the plugin, then stops
 * the session.
 */
public final class AltoPeer extends LibtorrentPeer implements AltoNode {

  private final AltoPlugin plugin;

  private AltoPeer(String kind, InetAddress host, Path dir, SwarmContent content, boolean seeder,
      InetSocketAddress dhtBootstrap, AltoPlugin plugin) throws IOException {
    super(kind, host, dir, content, seeder, dhtSettings(dhtBootstrap));
    this.plugin = plugin;
    plugin.attach(session());
  }

  /**
   * Starts a session on {@code host} (seeding the content from its seed directory, or downloading
   * into {@code dir}), joins the DHT through {@code dhtBootstrap} (null for the first node) and
   * attaches the plugin built from {@code plugin}.
   */
  public static AltoPeer start(InetAddress host, Path dir, SwarmContent content, boolean contentSeeder,
      InetSocketAddress dhtBootstrap, AltoPlugin.Builder plugin) throws IOException {
    AltoPlugin p = plugin.build();
    try {
      return new AltoPeer("alto", host, dir, content, contentSeeder, dhtBootstrap, p);
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  public AltoPlugin plugin() {
    return plugin;
  }

  @Override
  public List<HeldResource> held() {
    return plugin.held();
  }

  @Override
  public EngineStats stats() {
    return plugin.stats();
  }

  @Override
  public InetSocketAddress altoAddress() {
    return plugin.endpoint();
  }

  @Override
  public boolean ranks() {
    return plugin.ranker().isPresent();
  }

  /** Where its ar_alto endpoint listens. */
  public InetSocketAddress endpoint() {
    return plugin.endpoint();
  }

  @Override
  public String diagnostics() {
    return super.diagnostics() + " endpoint " + plugin.endpoint() + "\n    held: "
        + plugin.held().stream().map(h -> h + " " + h.hash()).collect(Collectors.joining(", "))
        + "\n    stats: " + plugin.stats();
  }

  @Override
  public void close() {
    plugin.close();
    super.close();
  }
}
