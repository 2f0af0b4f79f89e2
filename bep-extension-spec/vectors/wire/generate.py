#!/usr/bin/env python3
"""Writes the ar_alto wire vectors (bep_ar_alto.md) as JSON next to this script.

A second, deliberately plain implementation of the encoding: it shares no code with the Java
plugin, which checks itself against these files. Run: python3 generate.py
"""
import hashlib
import ipaddress
import json
import os
import struct

PIECE = 16384


def bencode(v):
    if isinstance(v, bool):
        raise TypeError("no booleans in bencode")
    if isinstance(v, int):
        return b"i%de" % v
    if isinstance(v, str):
        v = v.encode("utf-8")
    if isinstance(v, bytes):
        return b"%d:" % len(v) + v
    if isinstance(v, list):
        return b"l" + b"".join(bencode(x) for x in v) + b"e"
    if isinstance(v, dict):
        items = sorted(((k.encode() if isinstance(k, str) else k), x) for k, x in v.items())
        return b"d" + b"".join(bencode(k) + bencode(x) for k, x in items) + b"e"
    raise TypeError(type(v))


def bencode_as_given(v):
    """Bencode with each dict's keys in the order given: how an encoder that keeps a map's
    insertion order writes, which BEP 10 handshakes may come from."""
    if isinstance(v, dict):
        return b"d" + b"".join(bencode(k) + bencode_as_given(x) for k, x in v.items()) + b"e"
    return bencode(v)


def frame(msg_id, body=b""):
    return struct.pack(">I", 1 + len(body)) + bytes([msg_id]) + body


def extended(ext_id, payload):
    return frame(20, bytes([ext_id]) + payload)


def bt_handshake(info_hash, peer_id):
    reserved = bytearray(8)
    reserved[5] |= 0x10  # BEP 10 extension protocol
    reserved[7] |= 0x04  # BEP 6 fast extension
    return bytes([19]) + b"BitTorrent protocol" + bytes(reserved) + info_hash + peer_id


def compact(endpoints):
    out = b""
    for ep in endpoints:
        host, port = ep.rsplit(":", 1)
        out += ipaddress.ip_address(host.strip("[]")).packed + struct.pack(">H", int(port))
    return out


INFO_HASH = hashlib.sha1(b"altoredist wire vectors").digest()
PEER_A = b"-AR0100-vectorpeer01"
PEER_B = b"-XX0100-vectorpeer02"
ID_A, ID_B = 1, 3  # each side's own ar_alto id: A receives under 1, B under 3
BUNDLE = bytes(i % 251 for i in range(40960))
H = hashlib.sha256(BUNDLE).digest()
CLAIM = {"service": "https://alto.example.net/directory", "rid": "my-default-network-map",
         "seq": 7, "size": len(BUNDLE), "sha256": H}
BUNDLE_NOTE = ("bundle = 40960 bytes, byte i = i mod 251; an arbitrary stand-in for a signed "
               "resource bundle, which the wire layer treats as opaque bytes")


def piece_of(i):
    return BUNDLE[i * PIECE:(i + 1) * PIECE]


def request(i):
    return bencode({"msg_type": 0, "piece": i, "sha256": H})


def data(i):
    return bencode({"msg_type": 1, "piece": i, "sha256": H, "total_size": len(BUNDLE)}) + piece_of(i)


def claim_json(c):
    return {k: (v.hex() if isinstance(v, bytes) else v) for k, v in c.items()}


HS_A = {"ar_alto_reqq": 64, "m": {"ar_alto": ID_A}, "p": 6881, "v": "altoredist 0.1"}
HS_B = {"m": {"ar_alto": ID_B}, "v": "other 1.0"}
INVENTORY = {"msg_type": 3, "bundles": [CLAIM]}
DELTA = dict(CLAIM, seq=8, size=1361, sha256=hashlib.sha256(b"delta").digest(), base=H,
             target=hashlib.sha256(b"target").digest())


def message_cases():
    second = dict(CLAIM, rid="my-default-cost-map", seq=3, size=1200, sha256=hashlib.sha256(b"cost").digest())
    ird = {"service": CLAIM["service"], "seq": 2, "size": 900, "sha256": hashlib.sha256(b"ird").digest()}
    cases = [
        ("request", "request piece 0 of the vector bundle", request(0),
         {"msg_type": 0, "piece": 0, "sha256": H.hex()}),
        ("data-last-piece", "data: the last, short piece (8192 bytes) of the 40960-byte vector bundle; "
         "the raw bytes follow the dictionary and are part of the message", data(2),
         {"msg_type": 1, "piece": 2, "sha256": H.hex(), "total_size": len(BUNDLE), "raw": piece_of(2).hex()}),
        ("reject-not-held", "reject piece 0, reason 1 (not held)",
         bencode({"msg_type": 2, "piece": 0, "reason": 1, "sha256": H}),
         {"msg_type": 2, "piece": 0, "reason": 1, "sha256": H.hex()}),
        ("reject-busy", "reject piece 5, reason 3 (busy)",
         bencode({"msg_type": 2, "piece": 5, "reason": 3, "sha256": H}),
         {"msg_type": 2, "piece": 5, "reason": 3, "sha256": H.hex()}),
        ("reject-unknown-reason", "reject piece 0 with reason 5, which this version does not define: not "
         "malformed; the requester reads it as reason 1 (not held)",
         bencode({"msg_type": 2, "piece": 0, "reason": 5, "sha256": H}),
         {"msg_type": 2, "piece": 0, "reason": 5, "sha256": H.hex()}),
        ("inventory", "inventory with three claims (a network map, a cost map, and the root IRD, which "
         "has no rid) and one dropped handle",
         bencode({"msg_type": 3, "bundles": [CLAIM, second, ird], "dropped": [hashlib.sha256(b"old").digest()]}),
         {"msg_type": 3, "bundles": [claim_json(CLAIM), claim_json(second), claim_json(ird)],
          "dropped": [hashlib.sha256(b"old").hexdigest()]}),
        ("inventory-delta", "inventory with one delta: the sender holds the delta bundle (sha256, size) that "
         "turns the bundle base into the bundle target, sequence 8 of the network map (signed-resources.md §4.1)",
         bencode({"msg_type": 3, "deltas": [DELTA]}),
         {"msg_type": 3, "bundles": [], "deltas": [claim_json(DELTA)]}),
        ("inventory-dropped-only", "inventory that only withdraws a handle: 'bundles' is absent",
         bencode({"msg_type": 3, "dropped": [hashlib.sha256(b"old").digest()]}),
         {"msg_type": 3, "bundles": [], "dropped": [hashlib.sha256(b"old").hexdigest()]}),
        ("endpoints", "endpoints: two IPv4 and one IPv6 peer-wire endpoint, compact form",
         bencode({"msg_type": 4, "added": compact(["127.0.1.2:6881", "127.0.2.3:51413"]),
                  "added6": compact(["[::1]:6882"])}),
         {"msg_type": 4, "added": ["127.0.1.2:6881", "127.0.2.3:51413"], "added6": ["[::1]:6882"]}),
    ]
    out = [{"name": n, "description": d, "hex": p.hex(), "frame_hex": extended(ID_B, p).hex(),
            "fields": f} for n, d, p, f in cases]
    out.append({"name": "unknown-msg-type", "description": "msg_type 9 is not defined: ignored, not fatal",
                "hex": bencode({"msg_type": 9, "x": 1}).hex(),
                "frame_hex": extended(ID_B, bencode({"msg_type": 9, "x": 1})).hex(),
                "outcome": "ignored"})
    return out


def bad_cases():
    """Payloads a receiver must refuse as malformed (and disconnect)."""
    def c(name, rule, payload):
        return {"name": name, "description": rule, "hex": payload.hex(), "outcome": "malformed"}
    return [
        c("unsorted-keys", "keys not in raw byte order", b"d5:piecei0e8:msg_typei0e6:sha25632:" + H + b"e"),
        c("leading-zero", "integer with a leading zero", b"d8:msg_typei0e5:piecei01e6:sha25632:" + H + b"e"),
        c("not-a-dict", "the payload is a list", b"li0ee"),
        c("missing-msg-type", "no msg_type", bencode({"piece": 0, "sha256": H})),
        c("msg-type-not-int", "msg_type is a string", bencode({"msg_type": "0", "piece": 0, "sha256": H})),
        c("short-sha256", "sha256 of 31 bytes", bencode({"msg_type": 0, "piece": 0, "sha256": H[:31]})),
        c("negative-piece", "piece below 0", bencode({"msg_type": 0, "piece": -1, "sha256": H})),
        c("piece-beyond-ceiling", "piece 4096 cannot exist under the 64 MiB ceiling",
          bencode({"msg_type": 0, "piece": 4096, "sha256": H})),
        c("data-total-over-ceiling", "total_size above the 64 MiB ceiling",
          bencode({"msg_type": 1, "piece": 0, "sha256": H, "total_size": 64 * 1024 * 1024 + 1}) + bytes(PIECE)),
        c("data-short-piece", "a non-last piece shorter than 16384 bytes",
          bencode({"msg_type": 1, "piece": 0, "sha256": H, "total_size": len(BUNDLE)}) + bytes(100)),
        c("data-piece-past-end", "piece 3 of a 3-piece bundle",
          bencode({"msg_type": 1, "piece": 3, "sha256": H, "total_size": len(BUNDLE)}) + bytes(1)),
        c("trailing-bytes", "raw bytes after a request", request(0) + b"x"),
        c("inventory-empty", "inventory with neither bundles nor dropped", bencode({"msg_type": 3, "bundles": []})),
        c("inventory-bad-rid", "resource id with a space", bencode({"msg_type": 3, "bundles": [dict(CLAIM, rid="my map")]})),
        c("inventory-long-rid", "resource id of 65 characters", bencode({"msg_type": 3, "bundles": [dict(CLAIM, rid="r" * 65)]})),
        c("inventory-zero-size", "claimed size 0", bencode({"msg_type": 3, "bundles": [dict(CLAIM, size=0)]})),
        c("inventory-seq-too-large", "sequence 2^53, one past what a descriptor can carry",
          bencode({"msg_type": 3, "bundles": [dict(CLAIM, seq=2 ** 53)]})),
        c("inventory-long-service", "service URI of 2049 characters",
          bencode({"msg_type": 3, "bundles": [dict(CLAIM, service="https://a.example/" + "d" * 2031)]})),
        c("inventory-33-entries", "33 claims in one message",
          bencode({"msg_type": 3, "bundles": [dict(CLAIM, seq=i) for i in range(33)]})),
        c("endpoints-ragged", "added is not a multiple of 6 bytes", bencode({"msg_type": 4, "added": b"\x7f\x00\x00\x01\x1a"})),
        c("endpoints-empty", "endpoints with no address", bencode({"msg_type": 4, "added": b""})),
        c("endpoints-v4-mapped-in-added6", "an IPv4-mapped IPv6 address (::ffff:127.0.0.1) in added6",
          bencode({"msg_type": 4, "added6": bytes(10) + b"\xff\xff\x7f\x00\x00\x01\x1a\xe1"})),
        c("reject-no-reason", "reject without reason", bencode({"msg_type": 2, "piece": 0, "sha256": H})),
        c("reject-reason-zero", "reject reason 0, below the range 1-255",
          bencode({"msg_type": 2, "piece": 0, "reason": 0, "sha256": H})),
        c("reject-reason-negative", "reject reason -1", bencode({"msg_type": 2, "piece": 0, "reason": -1, "sha256": H})),
        c("reject-reason-256", "reject reason 256, above the range 1-255",
          bencode({"msg_type": 2, "piece": 0, "reason": 256, "sha256": H})),
        c("reject-piece-beyond-ceiling", "reject of piece 4096, which a request cannot name",
          bencode({"msg_type": 2, "piece": 4096, "reason": 2, "sha256": H})),
        c("endpoints-port-zero", "an IPv4 endpoint with port 0",
          bencode({"msg_type": 4, "added": b"\x7f\x00\x01\x02\x00\x00"})),
        c("inventory-delta-no-base", "a delta entry without base",
          bencode({"msg_type": 3, "deltas": [{k: v for k, v in DELTA.items() if k != "base"}]})),
        c("inventory-delta-short-target", "a delta entry whose target is 31 bytes",
          bencode({"msg_type": 3, "deltas": [dict(DELTA, target=DELTA["target"][:31])]})),
        c("inventory-delta-base-is-target", "a delta entry whose base and target are the same handle",
          bencode({"msg_type": 3, "deltas": [dict(DELTA, target=H)]})),
        c("inventory-33-deltas", "33 delta entries in one message",
          bencode({"msg_type": 3, "deltas": [dict(DELTA, seq=i + 8) for i in range(33)]})),
        c("inventory-all-lists-empty", "inventory whose bundles, deltas and dropped are all present and empty",
          bencode({"msg_type": 3, "bundles": [], "deltas": [], "dropped": []})),
        c("inventory-both-lists-empty", "inventory whose bundles and dropped are both present and empty",
          bencode({"msg_type": 3, "bundles": [], "dropped": []})),
    ]


def handshake_cases():
    libtorrent_like = {"m": {"lt_donthave": 7, "share_mode": 8, "upload_only": 3, "ut_holepunch": 4,
                             "ut_metadata": 2, "ut_pex": 1},
                       "p": 6881, "reqq": 2000, "v": "libtorrent/2.0.6.0", "yourip": bytes([127, 0, 1, 1])}
    ext = [
        ("ext-handshake-a", "peer A: receives ar_alto under id 1, accepts 64 outstanding requests",
         bencode(HS_A), {"ar_alto": ID_A, "ar_alto_reqq": 64, "p": 6881, "v": "altoredist 0.1"}),
        ("ext-handshake-b", "peer B: receives ar_alto under id 3; no ar_alto_reqq means 64",
         bencode(HS_B), {"ar_alto": ID_B, "ar_alto_reqq": 64, "v": "other 1.0"}),
        ("ext-handshake-disable", "re-sent handshake: id 0 disables ar_alto", bencode({"m": {"ar_alto": 0}}),
         {"ar_alto": 0, "ar_alto_reqq": 64}),
        ("ext-handshake-vanilla", "a libtorrent 2.0 peer without ar_alto: the extension stays disabled",
         bencode(libtorrent_like), {"ar_alto": 0, "ar_alto_reqq": 64, "p": 6881, "v": "libtorrent/2.0.6.0"}),
        ("ext-handshake-any-key-order", "a client whose encoder keeps insertion order: the handshake is "
         "BEP 10's, read in any key order (bep_ar_alto.md, Extension header)",
         bencode_as_given({"v": "insertion-order 1.0", "m": {"ut_pex": 1, "ar_alto": 5}, "p": 6882,
                           "ar_alto_reqq": 16}),
         {"ar_alto": 5, "ar_alto_reqq": 16, "p": 6882, "v": "insertion-order 1.0"}),
        ("ext-handshake-repeated-key", "a key given twice: the first counts, as libtorrent reads it",
         b"d1:md7:ar_altoi2ee1:md7:ar_altoi9eee", {"ar_alto": 2, "ar_alto_reqq": 64}),
    ]
    cases = [
        {"name": "bt-handshake-a", "description": "BEP 3 handshake of peer A: extension bit (reserved[5] 0x10) "
         "and fast bit (reserved[7] 0x04)", "hex": bt_handshake(INFO_HASH, PEER_A).hex(),
         "fields": {"info_hash": INFO_HASH.hex(), "peer_id": PEER_A.hex(), "extension": True, "fast": True}},
        {"name": "have-none", "description": "BEP 6 have_none, sent right after the handshake when both set the fast bit",
         "hex": frame(0x0F).hex()},
        {"name": "keep-alive", "description": "BEP 3 keep-alive: a zero length prefix", "hex": "00000000"},
    ]
    for n, d, p, f in ext:
        cases.append({"name": n, "description": d, "hex": p.hex(), "frame_hex": extended(0, p).hex(), "fields": f})
    return cases


def exchange():
    steps = [
        ("A", "BEP 3 handshake, A dials B", bt_handshake(INFO_HASH, PEER_A)),
        ("B", "BEP 3 handshake, B answers", bt_handshake(INFO_HASH, PEER_B)),
        ("A", "have_none: both set the fast bit", frame(0x0F)),
        ("A", "extension handshake of A", extended(0, bencode(HS_A))),
        ("B", "have_none", frame(0x0F)),
        ("B", "extension handshake of B", extended(0, bencode(HS_B))),
        ("B", "inventory: B holds the bundle (sent under A's id 1)", extended(ID_A, bencode(INVENTORY))),
    ]
    steps += [("A", "request piece %d (sent under B's id 3)" % i, extended(ID_B, request(i))) for i in range(3)]
    steps += [("B", "data piece %d" % i, extended(ID_A, data(i))) for i in range(3)]
    return {
        "description": "A dials B, both negotiate ar_alto, B announces a bundle, A fetches its three pieces. "
                       "Feed each direction's bytes to a decoder in any split; reassembling the pieces gives "
                       "bytes whose SHA-256 is bundle.sha256.",
        "info_hash": INFO_HASH.hex(), "peer_id_a": PEER_A.hex(), "peer_id_b": PEER_B.hex(),
        "ar_alto_id_a": ID_A, "ar_alto_id_b": ID_B,
        "bundle": {"description": BUNDLE_NOTE, "size": len(BUNDLE), "sha256": H.hex(), "hex": BUNDLE.hex()},
        "claim": claim_json(CLAIM),
        "steps": [{"from": f, "description": d, "hex": b.hex()} for f, d, b in steps],
    }


def rendezvous_key(label, *fields):
    """SHA-256 of the label and the fields, each preceded by one zero byte, truncated to 20 bytes."""
    data = label.encode("ascii")
    for f in fields:
        data += b"\x00" + f
    return hashlib.sha256(data).digest()[:20]


def rendezvous_cases():
    service = "https://alto.example.net/directory"
    cases = [{"name": "torrent-vectors-info-hash", "kind": "torrent",
              "description": "the torrent key of these vectors' info-hash",
              "info_hash": INFO_HASH.hex(), "hex": rendezvous_key("ar_alto rendezvous 1", INFO_HASH).hex()},
             {"name": "torrent-zero-info-hash", "kind": "torrent", "description": "the torrent key of 20 zero bytes",
              "info_hash": (b"\x00" * 20).hex(), "hex": rendezvous_key("ar_alto rendezvous 1", b"\x00" * 20).hex()}]
    for name, rid, what in [("resource-network-map", "my-default-network-map", "a network map"),
                            ("resource-cost-map", "my-default-routingcost", "a cost map"),
                            ("resource-root-ird", None, "the root IRD: its resource id is the empty string")]:
        key = rendezvous_key("ar_alto resource 1", service.encode("ascii"), (rid or "").encode("ascii"), b"")
        case = {"name": name, "kind": "resource", "description": "the resource key of " + what,
                "service": service, "hex": key.hex()}
        if rid is not None:
            case["rid"] = rid
        cases.append(case)
    return cases


def write(name, doc):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    common = {"spec": "../../bep_ar_alto.md", "info_hash": INFO_HASH.hex(), "bundle_sha256": H.hex(),
              "bundle_note": BUNDLE_NOTE}
    write("messages.json", dict(common, description="One case per ar_alto message type: 'hex' is the payload "
          "after the extended message id, 'frame_hex' the whole peer-wire frame sent to a peer whose ar_alto id "
          "is 3", cases=message_cases()))
    write("malformed.json", dict(common, description="Payloads a receiver refuses as malformed", cases=bad_cases()))
    write("handshakes.json", dict(common, description="BEP 3 handshake, BEP 6 have_none, keep-alive and BEP 10 "
          "extension handshakes; 'fields' is what a receiver reads from each", cases=handshake_cases()))
    write("exchange.json", exchange())
    write("rendezvous.json", {"spec": "../../bep_ar_alto.md", "description": "Rendezvous keys (bep_ar_alto.md, "
          "'Finding peers'): 'hex' is the 20-byte key; a resource case without 'rid' is the root IRD",
          "cases": rendezvous_cases()})
