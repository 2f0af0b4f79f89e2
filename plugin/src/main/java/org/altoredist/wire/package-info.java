/**
 * The {@code ar_alto} BEP 10 extension on the wire (bep-extension-spec/bep_ar_alto.md): pure
 * codec and per-connection state machine, no sockets.
 *
 * <ul>
 *   <li>{@link org.altoredist.wire.ArAltoMessage} — the messages (request, data, reject,
 *       inventory, endpoints); their constructors enforce the specification's rules.
 *   <li>{@link org.altoredist.wire.ExtensionMessageCodec} — a message's payload to and from bytes.
 *   <li>{@link org.altoredist.wire.ExtensionSession} — the {@code ar_alto} side of one
 *       connection, whatever carries it: the peer's id from its latest handshake, request queues,
 *       announcement rates, upload budget, counters; payloads in, messages out.
 *   <li>{@link org.altoredist.wire.PeerWireSession} — one endpoint connection as a state machine:
 *       BEP 3 and BEP 10 handshakes, have_none, keep-alives, timeouts, around an ExtensionSession;
 *       bytes and time in, bytes out.
 *   <li>{@link org.altoredist.wire.BundleAssembler} — reassembly and the SHA-256 check.
 *   <li>{@link org.altoredist.wire.WireLimits} — every limit, with the reason for its number;
 *       {@link org.altoredist.wire.WireException} carries a
 *       {@link org.altoredist.wire.DisconnectReason}.
 *   <li>{@link org.altoredist.wire.AddressGroup} — what the per-address limits and bans count as
 *       one address: an IPv4 address or an IPv6 /64.
 * </ul>
 *
 * <p>Bundles are opaque here: what they contain and whether they are genuine is the trust part's
 * business. The socket side is {@link org.altoredist.wire.endpoint.WireEndpoint}.
 */
package org.altoredist.wire;
