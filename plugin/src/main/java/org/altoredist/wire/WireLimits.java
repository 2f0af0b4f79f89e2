package org.altoredist.wire;

import java.time.Duration;

/**
 * Every limit of the {@code ar_alto} wire protocol, with the reason for its number. The
 * specification's limits table (bep-extension-spec/bep_ar_alto.md) lists the same values; change
 * both together.
 */
public final class WireLimits {

  private WireLimits() {}

  /** BEP 9's piece size, and the request length every client accepts (BEP 3: "2^14 (16 kiB)"). */
  public static final int PIECE_SIZE = 16 * 1024;

  /**
   * A whole {@code ar_alto} message after the extended id: header dictionary plus at most one
   * piece. libtorrent's ut_metadata disconnects above 17 KiB; rtorrent caps extension messages at
   * 32 KiB and aria2 at 64 KiB, so this passes every deployed client. It also bounds the extension
   * handshake we accept: ours is under 100 bytes and libtorrent's about 200.
   */
  public static final int MAX_MESSAGE_SIZE = 17 * 1024;

  /** Room for the header dictionary in front of a full piece. */
  public static final int MAX_HEADER_SIZE = MAX_MESSAGE_SIZE - PIECE_SIZE;

  /**
   * Longest peer-wire message we skip unread (a bitfield of a huge torrent, a piece). libtorrent
   * refuses anything above 1 MiB as {@code packet_too_large}; a longer prefix is hostile.
   */
  public static final int MAX_FRAME_LENGTH = 1024 * 1024;

  /**
   * Hard ceiling on a bundle. Real network maps reach tens of MB (RFC 7971 §3.7: "up to tens of
   * megabytes"); 64 MiB leaves room for that, and a bigger map should be split by its publisher.
   * A receiver must be able to refuse to allocate for a claim, so there has to be a ceiling.
   */
  public static final int MAX_BUNDLE_SIZE = 64 * 1024 * 1024;

  /**
   * Default accepted bundle size, lower than the ceiling; configurable up to it. The largest
   * bundle signed-resources.md §4 allows (a 32 MiB body, a signature of at most 64 KiB, 13 bytes
   * of framing) fits.
   */
  public static final int DEFAULT_MAX_BUNDLE_SIZE = 33 * 1024 * 1024;

  /** Pieces of the largest possible bundle; a piece index at or past this cannot exist. */
  public static final int MAX_PIECES = MAX_BUNDLE_SIZE / PIECE_SIZE;

  /**
   * The {@code ar_alto_reqq} assumed for a peer whose handshake does not give one (the
   * specification's default): 1 MiB in flight covers 100 Mbit/s at an 80 ms round trip;
   * Transmission keeps 64 metadata requests.
   */
  public static final int DEFAULT_REQUEST_QUEUE = 64;

  /**
   * The {@code ar_alto_reqq} we advertise, and the most requests we keep outstanding toward any
   * peer: 2 MiB in flight. A 1 MiB network map is 65 pieces once signed, one more than 64, and with
   * 64 a copy from a single holder takes two round trips instead of one; in the engine's
   * simulation that made every hop of a 1 MiB map two rounds longer (issue 6, BENCHMARKS.md).
   * 2 MiB covers 100 Mbit/s at a 160 ms round trip, still far below libtorrent's 2,000 content
   * requests ({@code max_allowed_in_request_queue}).
   */
  public static final int MAX_OUTSTANDING_REQUESTS = 128;

  /**
   * Busy rejects one connection may earn before we call it a flood. A peer that honours our
   * {@code ar_alto_reqq} never earns one; a few can arise when the limit changes mid-flight.
   */
  public static final int REQUEST_FLOOD_TOLERANCE = 64;

  /**
   * Unsolicited data messages tolerated per connection: late answers to abandoned requests are
   * legitimate, a stream of them is an attempt to make us buffer or hash.
   */
  public static final int UNSOLICITED_DATA_TOLERANCE = 16;

  /**
   * Claims (and dropped handles) per inventory: 32 entries with URIs of up to about 400 bytes fit
   * in 17 KiB; with longer URIs the message limit allows fewer.
   */
  public static final int MAX_INVENTORY_ENTRIES = 32;

  /** The URI limit of signed-resources.md §6, so that every service a descriptor can name can be claimed. */
  public static final int MAX_SERVICE_LENGTH = 2048;

  /**
   * Largest sequence: signed-resources.md §2.2 caps it at 2^53 - 1 so that every JSON parser
   * reads it exactly; a larger claim cannot match any descriptor.
   */
  public static final long MAX_SEQUENCE = (1L << 53) - 1;

  /** RFC 7285 §10.2: a ResourceID has "no more than 64 characters". */
  public static final int MAX_RESOURCE_ID_LENGTH = 64;

  /**
   * Inventories a sender may send per {@link #ANNOUNCE_INTERVAL}. BEP 11 allows one PEX message
   * per minute; libtorrent's ut_pex keeps the last 6 arrival times so that a burst queued behind a
   * rate-limited link does not count as a flood, and so do we.
   */
  public static final int INVENTORY_BURST = 6;

  /**
   * How long a sender collects changes before it sends them in one inventory: a node that
   * installs several resources at once (it fetched a service's maps together, verified a batch of
   * downloads, restarted) sends one message, not one per resource, and keeps its burst of
   * {@link #INVENTORY_BURST} for later changes. 10 ms covers verifications that finish one after
   * another (a 1 MiB map verifies in about 2 ms) and is a tenth of a message latency: a 1 s
   * spacing doubled the simulation's propagation (20 to 39 rounds at 2,000 nodes), 50 ms cost it
   * two rounds, 10 ms none.
   */
  public static final Duration INVENTORY_BATCH_DELAY = Duration.ofMillis(10);

  /** Endpoints messages a sender may send per {@link #ANNOUNCE_INTERVAL}: BEP 11's one, plus reconnects. */
  public static final int ENDPOINTS_BURST = 3;

  /** The sender's window for announcement bursts (BEP 11: "no more than 1 PEX message per minute"). */
  public static final Duration ANNOUNCE_INTERVAL = Duration.ofSeconds(60);

  /**
   * The receiver's window: a burst+1'th announcement inside it is a flood. Half the sender's
   * window, because messages queued over a minute on a congested link can arrive back to back.
   */
  public static final Duration ANNOUNCE_FLOOD_WINDOW = ANNOUNCE_INTERVAL.dividedBy(2);

  /** BEP 11's cap on added contacts per message, per address family. */
  public static final int MAX_ENDPOINTS_PER_FAMILY = 50;

  /**
   * Bytes we serve one peer per {@link #UPLOAD_BUDGET_WINDOW} by default: a few dozen full maps,
   * but not the same maps over and over. Past it requests get reject reason 4.
   */
  public static final long DEFAULT_UPLOAD_BUDGET = 256L * 1024 * 1024;

  public static final Duration UPLOAD_BUDGET_WINDOW = Duration.ofMinutes(10);

  /**
   * Bytes queued for one connection before {@code send} refuses more. Bounded outstanding
   * requests keep a well-behaved exchange under {@link #MAX_OUTSTANDING_REQUESTS} pieces (about
   * 2.1 MiB); twice that is slack.
   */
  public static final int MAX_OUTBOUND_BYTES = 4 * 1024 * 1024;

  /**
   * How far past {@link #MAX_OUTBOUND_BYTES} a connection's queue may grow before we close it. Only
   * the rejects the session sends on its own (busy, budget exhausted) go past that limit, and they
   * answer requests at once, with no queue to bound them: a requester that honours our
   * {@code ar_alto_reqq} earns at most a queue's worth (128 rejects, about 11 KiB) and a few busy
   * ones, while one that keeps asking and reads nothing would make us queue a reject for each
   * request. Two messages' worth leaves the honest case room.
   */
  public static final int MAX_OUTBOUND_OVERRUN = 2 * MAX_MESSAGE_SIZE;

  /**
   * Connections one endpoint holds, accepted and dialled together: libtorrent's default
   * {@code connections_limit}. When it is reached, a newcomer takes the place of the least useful
   * connection (see {@link #MAX_CONNECTIONS_PER_ADDRESS}); only when every connection is useful is
   * the newcomer closed at once. A flood of idle sockets so costs at most this many buffers and
   * cannot lock honest peers out.
   */
  public static final int MAX_CONNECTIONS = 200;

  /**
   * Connections from one IP address, an IPv6 /64 counting as one ({@link AddressGroup}): a host
   * holds a whole /64 and could otherwise open each connection from another of its addresses.
   * libtorrent allows one per address and torrent unless told otherwise; a carrier-grade NAT
   * address fronts many subscribers, several of whom may be in one swarm (and one peer may meet
   * us under several rendezvous keys), so 16. One address can then
   * hold at most 8 % of {@link #MAX_CONNECTIONS}. A newcomer from an address at its limit takes the
   * place of that address's least useful connection (no inventory received, nothing served either
   * way, idle longest), as libtorrent drops its worst peer at {@code connections_limit}; if all of
   * them are useful, the newcomer is closed.
   */
  public static final int MAX_CONNECTIONS_PER_ADDRESS = 16;

  /** libtorrent's {@code handshake_timeout}. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /** libtorrent's {@code peer_timeout}: nothing received for this long ends the connection. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(120);

  /** Half of the peer's likely idle timeout, as libtorrent does. */
  public static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(60);
}
