#!/usr/bin/env python3
"""Writes the Jazzer seed corpora of the fuzz tests from the spec's vectors and the bundled examples.

Jazzer's JUnit integration runs every file in <package>/<TestClass>Inputs/<method>/ on
`mvn verify` (regression mode) and starts a fuzzing campaign from them under JAZZER_FUZZ=1.
Rerun after regenerating the vectors: python3 plugin/src/test/fuzz/make_seed_corpus.py
Files a campaign saved there (findings, named after what they show) are left in place.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.join(HERE, "..", "..", "..")
SPEC = os.path.join(PLUGIN, "..", "bep-extension-spec", "vectors")
VECTORS = os.path.join(SPEC, "wire")
TEST_RESOURCES = os.path.join(HERE, "..", "resources", "org", "altoredist")
RESOURCES = os.path.join(TEST_RESOURCES, "wire")

# The descriptor attribute's OID (signed-resources.md §3.2) as DER, then its SET OF one OCTET STRING.
DESCRIPTOR_OID = bytes.fromhex("061369edc5a4ed91c49ab6d19796f2f8faeff9f027")


def load(name):
    with open(os.path.join(VECTORS, name)) as f:
        return json.load(f)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(target, seeds, root=RESOURCES):
    """Writes the seeds; leaves other files (findings a campaign saved there) in place."""
    d = os.path.join(root, target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds:
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


def files(directory, suffix):
    return sorted(f for f in os.listdir(directory) if f.endswith(suffix))


def wire():
    messages = [(c["name"], bytes.fromhex(c["hex"])) for c in load("messages.json")["cases"]]
    malformed = [("malformed-" + c["name"], bytes.fromhex(c["hex"])) for c in load("malformed.json")["cases"]]
    handshakes = [(c["name"], bytes.fromhex(c["hex"])) for c in load("handshakes.json")["cases"]
                  if c["name"].startswith("ext-")]
    exchange = load("exchange.json")
    streams = {"A": b"", "B": b""}
    for step in exchange["steps"]:
        streams[step["from"]] += bytes.fromhex(step["hex"])
    # A's stream is what the acceptor B reads; B's stream starts with B's handshake.
    frames = [("exchange-from-A", streams["A"]), ("exchange-from-B", streams["B"])]
    frames += [("frame-" + c["name"], streams["A"][:68] + bytes.fromhex(c["frame_hex"]))
               for c in load("messages.json")["cases"]]

    write("BencodeFuzzTestInputs/decode", messages + malformed + handshakes)
    write("ExtensionMessageFuzzTestInputs/decode", messages + malformed)
    write("PeerWireFuzzTestInputs/stream", frames)


def alto_documents():
    """Every ALTO document at hand: examples, spec bodies, RFC 7285's examples, the bad corpus."""
    seeds = []
    for prefix, directory in [("example-", os.path.join(PLUGIN, "examples")),
                              ("spec-http-", os.path.join(SPEC, "http")),
                              ("spec-signed-", os.path.join(SPEC, "signed", "bodies")),
                              ("rfc7285-", os.path.join(TEST_RESOURCES, "alto", "rfc7285")),
                              ("bad-", os.path.join(TEST_RESOURCES, "alto", "bad"))]:
        seeds += [(prefix + f, read(os.path.join(directory, f))) for f in files(directory, ".json")]
    write("AltoDocumentFuzzTestInputs/parse", seeds, os.path.join(TEST_RESOURCES, "alto"))


def der_length(b, at):
    """The length at b[at] and where its value starts."""
    first = b[at]
    if first < 0x80:
        return first, at + 1
    n = first & 0x7F
    return int.from_bytes(b[at + 1:at + 1 + n], "big"), at + 1 + n


def descriptor_of(bundle):
    """The descriptor bytes inside a bundle's signed attributes, or None."""
    at = bundle.find(DESCRIPTOR_OID)
    if at < 0:
        return None
    at += len(DESCRIPTOR_OID)
    if bundle[at] != 0x31:
        return None
    _, at = der_length(bundle, at + 1)
    if bundle[at] != 0x04:
        return None
    n, at = der_length(bundle, at + 1)
    return bundle[at:at + n]


def trust():
    signed = os.path.join(SPEC, "signed")
    bundles = [(f[:-len(".arsr")], read(os.path.join(signed, "bundles", f)))
               for f in files(os.path.join(signed, "bundles"), ".arsr")]
    write("BundleFuzzTestInputs/verify", bundles, os.path.join(TEST_RESOURCES, "trust"))
    descriptors = {}
    for name in sorted(os.listdir(os.path.join(signed, "valid"))):
        descriptors["valid-" + name] = read(os.path.join(signed, "valid", name, "descriptor.json"))
    for name, b in bundles:
        d = descriptor_of(b)
        if d is not None and d not in descriptors.values():
            descriptors["in-" + name] = d
    write("DescriptorFuzzTestInputs/decode", sorted(descriptors.items()), os.path.join(TEST_RESOURCES, "trust"))


def request_heads():
    """Requests to the built-in server; the first byte chooses how the client ends (see the target)."""
    half_close, keep_open = b"0", b"1"
    get = b"GET /directory HTTP/1.1\r\nHost: 127.0.2.41\r\nAccept: application/alto-directory+json\r\n\r\n"
    filtered = b'{"pids": ["pid-1"], "address-types": ["ipv4"]}'
    seeds = [
        ("get-directory", half_close + get),
        ("get-directory-kept-open", keep_open + get),
        ("get-signature", half_close + b"GET /directory.p7s HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("get-network-map", half_close + b"GET /networkmap HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n"),
        ("get-cost-map-http10", half_close + b"GET /costmap/num/routingcost HTTP/1.0\r\n\r\n"),
        ("head-network-map", half_close + b"HEAD /networkmap HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("conditional-get", half_close + b'GET /networkmap HTTP/1.1\r\nHost: x\r\nIf-None-Match: "x", *\r\n\r\n'),
        ("server-status", half_close + b"GET /server-status HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("not-found", half_close + b"GET /nothing/here HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("query", half_close + b"GET /networkmap?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("delete", half_close + b"DELETE /networkmap HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("not-acceptable", half_close + b"GET /networkmap HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n"),
        ("filter", half_close + b"POST /networkmap/filtered HTTP/1.1\r\nHost: x\r\n"
         b"Content-Type: application/alto-networkmapfilter+json\r\nContent-Length: "
         + str(len(filtered)).encode() + b"\r\n\r\n" + filtered),
        ("filter-chunked", half_close + b"POST /networkmap/filtered HTTP/1.1\r\nHost: x\r\n"
         b"Content-Type: application/alto-networkmapfilter+json\r\nTransfer-Encoding: chunked\r\n\r\n"
         + format(len(filtered), "x").encode() + b"\r\n" + filtered + b"\r\n0\r\n\r\n"),
        ("filter-wrong-type", half_close + b"POST /networkmap/filtered HTTP/1.1\r\nHost: x\r\n"
         b"Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}"),
        ("filter-too-large", half_close + b"POST /networkmap/filtered HTTP/1.1\r\nHost: x\r\n"
         b"Content-Type: application/alto-networkmapfilter+json\r\nContent-Length: 999999999\r\n\r\n"),
        ("expect-continue", half_close + b"POST /networkmap/filtered HTTP/1.1\r\nHost: x\r\n"
         b"Content-Type: application/alto-networkmapfilter+json\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}"),
        ("pipelined", half_close + get + b"GET /networkmap HTTP/1.1\r\nHost: x\r\n\r\n" + get),
        # Heads the HTTP stack refuses with a status of its own (alto-http.md §4.4).
        ("uri-too-long-414", half_close + b"GET /" + b"x" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("head-too-large-431", half_close + b"GET /directory HTTP/1.1\r\nHost: x\r\nX: " + b"x" * 9000 + b"\r\n\r\n"),
        ("unknown-expectation-417", half_close + b"GET /directory HTTP/1.1\r\nHost: x\r\nExpect: x\r\n\r\n"),
        ("http2-preface-426", keep_open + b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
        ("http2-request-line-426", half_close + b"GET /directory HTTP/2.0\r\nHost: x\r\n\r\n"),
        ("no-version-505", half_close + b"GET /directory\r\n\r\n"),
        # The malformed and slow requests of issue 13 (SlowClientTest).
        ("bare-lf", half_close + b"GET /directory HTTP/1.1\nHost: x\n\n"),
        ("crlf-crlf", keep_open + b"\r\n\r\n"),
        ("tls-client-hello", keep_open + bytes.fromhex("16030100f4010000f00303" + "ab" * 240)),
        ("random-bytes", keep_open + bytes.fromhex("8f3a11c0de5577aa0102fe" * 6)),
        ("nothing-kept-open", keep_open),
        ("head-never-ends", keep_open + b"GET /directory HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n"),
    ]
    write("RequestHeadFuzzTestInputs/head", seeds, os.path.join(TEST_RESOURCES, "http"))


def tracker_answers():
    # Recorded from Debian's opentracker on loopback (whitelist mode): a compact answer with one and
    # two peers, its refusal of an info-hash it does not serve, and the same over UDP (BEP 15: a
    # length byte, the connect answer, the announce answer; the fuzz tracker rewrites transaction ids).
    ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n"
    bodies = [
        ("opentracker-one-peer", bytes.fromhex(
            "64383a636f6d706c65746569306531303a646f776e6c6f6164656469306531303a696e636f6d706c657465693165383a"
            "696e74657276616c69313635376531323a6d696e20696e74657276616c6938323865353a7065657273363a7f0001011ae165")),
        ("opentracker-two-peers", bytes.fromhex(
            "64383a636f6d706c65746569306531303a646f776e6c6f6164656469306531303a696e636f6d706c657465693265383a"
            "696e74657276616c69313836316531323a6d696e20696e74657276616c6939333065353a706565727331323a7f000101"
            "1ae17f0001021ae265")),
        ("opentracker-refusal", b"d14:failure reason63:Requested download is not authorized for use with this tracker.e"),
        # The answers of HttpTrackerTest.
        ("dictionary-peers", b"d8:intervali60e5:peersld2:ip9:127.0.3.14:porti7000eed2:ip3:::14:porti7001eeee"),
        ("named-peer", b"d8:intervali60e5:peersld2:ip11:example.org4:porti7000eeee"),
        # Text the JDK would have resolved as a host name (it starts with neither a hex digit nor ':').
        ("peer-ip-resolved-as-a-name", b"d8:intervali60e5:peersld2:ip3:.:14:porti7000eeee"),
        ("truncated", b"d8:intervali900e5:peers12:abc"),
        ("unsorted", b"d5:peers0:8:intervali900ee"),
        ("no-interval", b"d5:peers0:e"),
        ("bad-peers", b"d8:intervali900e5:peers5:abcdee"),
        ("peers6", b"d8:intervali900e6:peers618:" + bytes(15) + b"\x01\x1a\xe1e"),
    ]
    http = [(name, (ok % len(body)) + body) for name, body in bodies]
    http.append(("not-found", b"HTTP/1.0 404 Not Found\r\n\r\n"))
    http.append(("chunked", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + bodies[0][1]))
    udp = [
        ("opentracker-three-peers", bytes.fromhex(
            "1000000000000004d29671e036aabf8335000000010000162e0000077a00000003000000007f0001011ae1"
            "7f0001021ae27f0001031ae3")),
        ("opentracker-refusal", bytes.fromhex("1000000000000004d2c8aa84f804058fc0000000010000162e")),
        ("error", bytes.fromhex("1000000000000004d29671e036aabf8335") + bytes.fromhex("0000000300000000") + b"go away"),
        ("connect-refused", bytes.fromhex("0f0000000300000000") + b"not now" + bytes(1)),
    ]
    root = os.path.join(TEST_RESOURCES, "binding")
    write("TrackerAnswerFuzzTestInputs/http", http, root)
    write("TrackerAnswerFuzzTestInputs/udp", udp, root)


def store_files():
    """Byte 0: bit 1 set = the rest is the file as it is, bit 0 set = under the original's name."""
    bundles = os.path.join(SPEC, "signed", "bundles")
    seeds = [("as-is-" + f[:-len(".arsr")], b"\x02" + read(os.path.join(bundles, f)))
             for f in files(bundles, ".arsr")]
    seeds += [
        ("whole-network-map", b"\x00\x00"),
        ("whole-cost-map-in-place", b"\x01\x01"),
        ("truncated-network-map", b"\x00\x00\x00\x00\x01\x00"),
        ("truncated-cost-map-in-place", b"\x01\x01\x00\x00\x02\x00"),
        ("network-map-body-byte-flipped", b"\x00\x00\xff\xff\xff\xff\x04\xc0\x01"),
        ("cost-map-signature-byte-flipped-in-place", b"\x01\x01\xff\xff\xff\xff\x00\x40\x80"),
    ]
    write("StoreFuzzTestInputs/load", seeds, os.path.join(TEST_RESOURCES, "engine"))


def main():
    wire()
    alto_documents()
    trust()
    request_heads()
    tracker_answers()
    store_files()


if __name__ == "__main__":
    main()
