/**
 * The redistribution engine: it gets signed ALTO maps from peers (or the ALTO server), verifies,
 * holds, stores and passes them on, and ranks peers by them.
 *
 * <p>The public entry point is {@link org.altoredist.engine.RedistributionEngine}; its owner also
 * meets {@link org.altoredist.engine.HeldResource} (a held version, described),
 * {@link org.altoredist.engine.EngineStats} (counters, a snapshot), {@link org.altoredist.engine.EngineEvents}
 * (what happens, as it happens), {@link org.altoredist.engine.Ranker}, and the parts it plugs in:
 * {@link org.altoredist.engine.PeerTransport}, {@link org.altoredist.engine.Discovery},
 * {@link org.altoredist.engine.ServerFallback} (the ALTO server), {@link org.altoredist.engine.EngineLoop}
 * and {@link org.altoredist.engine.BundleCache}.
 *
 * <p>Inside, {@code EngineCore} makes the parts, wires them and runs the tick; each part owns its
 * state, and they run on the loop:
 * <ul>
 *   <li>{@code Peers}: the links, and what peers send; peers cut off ({@code Connections} dials,
 *       accepts and bans; {@code Peer} is what is known about one link).
 *   <li>{@code Offers} and {@code Deltas}: who claims which bundle and delta ({@code Deltas} also holds
 *       the deltas this node serves).
 *   <li>{@code Downloads}: what to fetch from whom, one {@code Download} per resource;
 *       {@code StepDown} and {@code Refusals} decide what to do about a stuck or a refused one.
 *   <li>{@code Installer}: verification off the loop ({@code Checker}), installing and removing
 *       versions in {@code Holdings}, each version a {@code HeldBundle} (bytes and
 *       {@code HeldResource}).
 *   <li>{@code Announcer}: what each peer is told this node holds; {@code Uploads}: what it is sent.
 *   <li>{@code ServerFetches}: asking the ALTO server when {@code FallbackSchedule} says so.
 *   <li>{@code Rendezvous}: which torrents and resource keys are joined through a {@code Discovery}.
 *   <li>{@code StoreWrites} and {@code StoreLoader}: the state directory ({@code MapStore}), written
 *       as versions change and read back at start.
 *   <li>{@code Snapshots}: what other threads read; {@code Counters} behind {@code EngineStats}.
 *   <li>{@code Publisher}: bundles the owner hands over.
 * </ul>
 *
 * <p>The simulator ({@code engine.sim}) runs real engines on an in-memory network;
 * {@code engine.sim.compact} models the same rules for a million nodes.
 */
package org.altoredist.engine;
