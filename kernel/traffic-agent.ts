/**
 * The program that makes and observes real traffic inside a namespace, run as `python3 -c AGENT MODE JSON`.
 * Python's standard library is on every machine that has iproute2 here, and its raw and packet sockets let one small
 * program send ICMP, TCP and UDP probes, listen for them, and inject frames for `iif` probes; no ping/nc flavours differ.
 * Every loop ends by a deadline; every result is one JSON line on stdout.
 *
 * Modes:
 * - `send {proto,dst,src?,sport,dport,timeout}`: sends the probe from a local socket and reports what the sender saw.
 * - `listen {tcp:[ports],udp:[ports],lifetime}`: accepts TCP connections and echoes UDP datagrams, one JSON line per arrival.
 * - `inject {ifname,srcMac,dstMac,proto,src,dst,sport,dport,timeout}`: writes the probe as an Ethernet frame onto an
 *   interface (the far end of the probe's `iif`), answers ARP for anything, and reports the reply that comes back.
 */
export const AGENT_SOURCE = String.raw`
import errno, json, os, random, select, socket, struct, sys, time

def out(obj):
    sys.stdout.write(json.dumps(obj) + "\n"); sys.stdout.flush()

def csum(b):
    if len(b) % 2: b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return (~s) & 0xffff

def icmp_echo(ident):
    h = struct.pack("!BBHHH", 8, 0, 0, ident, 1) + b"netz-probe"
    return h[:2] + struct.pack("!H", csum(h)) + h[4:]

def parse_ip(pkt):
    ihl = (pkt[0] & 15) * 4
    return pkt[9], socket.inet_ntoa(pkt[12:16]), socket.inet_ntoa(pkt[16:20]), pkt[ihl:]

def icmp_about(body, a):
    """The ICMP error in body, if it is about our probe (the embedded header carries our ports or echo id)."""
    t, c = body[0], body[1]
    if t not in (3, 5, 11, 12) or len(body) < 36: return None
    proto, isrc, idst, ipl = parse_ip(body[8:])
    mine = proto == {"icmp": 1, "tcp": 6, "udp": 17}[a["proto"]]
    if mine and a["proto"] == "icmp": mine = struct.unpack("!H", ipl[4:6])[0] == a["ident"]
    elif mine: mine = struct.unpack("!HH", ipl[0:4]) == (a["sport"], a["dport"])
    return {"type": t, "code": c} if mine else None

def sniffer():
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP); s.setblocking(False); return s

def drain(sn, a, res, wait):
    end = time.time() + wait
    while True:
        if not select.select([sn], [], [], max(0, end - time.time()))[0]: return
        pkt, _ = sn.recvfrom(65535)
        _, src, _, body = parse_ip(pkt)
        if body[0] == 0 and a["proto"] == "icmp" and struct.unpack("!H", body[4:6])[0] == a["ident"]:
            res["reply"] = src; return
        e = icmp_about(body, a)
        if e is not None:
            e["from"] = src; res.setdefault("icmp", []).append(e); return

def errname(e):
    return errno.errorcode.get(e.errno, str(e.errno)) if isinstance(e, OSError) and e.errno else type(e).__name__

def send(a):
    res = {}; sn = sniffer(); deadline = time.time() + a["timeout"]
    a["ident"] = random.randint(1, 65535)
    p = a["proto"]
    if p == "icmp":
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    else:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if p == "tcp" else socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_IP, 15, 1)  # IP_FREEBIND: a written src need not be local
    if a.get("src") or p != "icmp": s.bind((a.get("src") or "", a.get("sport", 0)))
    try:
        if p == "icmp":
            s.sendto(icmp_echo(a["ident"]), (a["dst"], 0))
        elif p == "udp":
            s.sendto(b"netz-probe", (a["dst"], a["dport"]))
        else:
            s.setblocking(False)
            r = s.connect_ex((a["dst"], a["dport"]))
            if r not in (0, errno.EINPROGRESS): raise OSError(r, os.strerror(r))
    except OSError as e:
        res["sendError"] = errname(e); out(res); return
    if p == "icmp":
        drain(sn, a, res, a["timeout"])
    elif p == "udp":
        s.setsockopt(socket.SOL_IP, 11, 1)  # IP_RECVERR: ICMP errors about the datagram surface on recv
        while "reply" not in res and "icmp" not in res and "error" not in res and time.time() < deadline:
            r = select.select([s, sn], [], [], max(0, deadline - time.time()))[0]
            if s in r:
                try:
                    data, peer = s.recvfrom(65535); res["reply"] = peer[0]
                except OSError as e:
                    res["error"] = errname(e)
            if sn in r: drain(sn, a, res, 0)
    else:
        while time.time() < deadline:
            w = select.select([sn], [s], [], max(0, deadline - time.time()))
            if s in w[1]:
                err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err == 0:
                    res["reply"] = s.getpeername()[0]
                    # Reset rather than close: no TIME_WAIT is left to disturb the next probe with the same ports.
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                else:
                    res["error"] = errno.errorcode.get(err, str(err))
                break
            if sn in w[0]: drain(sn, a, res, 0)
    if "error" in res or "icmp" in res:
        drain(sn, a, res, 0.2)
    out(res); s.close()

def listen(a):
    socks = {}
    for port in a["tcp"]:
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("", port)); s.listen(16); socks[s] = ("tcp", port)
    for port in a["udp"]:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("", port)); socks[s] = ("udp", port)
    out({"ready": True})
    deadline = time.time() + a["lifetime"]; conns = []
    while time.time() < deadline:
        for s in select.select(list(socks), [], [], max(0, deadline - time.time()))[0]:
            proto, port = socks[s]
            if proto == "tcp":
                c, peer = s.accept(); conns.append(c)
                out({"proto": "tcp", "port": port, "peer": peer[0], "local": c.getsockname()[0]})
            else:
                data, peer = s.recvfrom(65535)
                out({"proto": "udp", "port": port, "peer": peer[0]})
                s.sendto(data, peer)

def mac_bytes(m): return bytes(int(x, 16) for x in m.split(":"))

def ip_packet(a, proto, payload):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), random.randint(1, 65535), 0x4000, 64, proto, 0,
                    socket.inet_aton(a["src"]), socket.inet_aton(a["dst"]))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload

def l4(a, proto, seg):
    ph = socket.inet_aton(a["src"]) + socket.inet_aton(a["dst"]) + struct.pack("!BBH", 0, proto, len(seg))
    return seg[:{6: 16, 17: 6}[proto]] + struct.pack("!H", csum(ph + seg)) + seg[{6: 18, 17: 8}[proto]:]

def tcp_segment(a, seq, ack, flags):
    seg = struct.pack("!HHIIBBHHH", a["sport"], a["dport"], seq, ack, 5 << 4, flags, 64240, 0, 0)
    return ip_packet(a, 6, l4(a, 6, seg))

def inject(a):
    a["ident"] = random.randint(1, 65535)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3)); s.bind((a["ifname"], 0))
    me, peer = mac_bytes(a["srcMac"]), mac_bytes(a["dstMac"])
    p = a["proto"]
    if p == "icmp": pkt = ip_packet(a, 1, icmp_echo(a["ident"]))
    elif p == "tcp": pkt = tcp_segment(a, random.randint(1, 2**31), 0, 0x02)
    else:
        seg = struct.pack("!HHHH", a["sport"], a["dport"], 8 + 10, 0) + b"netz-probe"; pkt = ip_packet(a, 17, l4(a, 17, seg))
    s.send(peer + me + b"\x08\x00" + pkt)
    res = {}; deadline = time.time() + a["timeout"]
    while not res and time.time() < deadline:
        if not select.select([s], [], [], max(0, deadline - time.time()))[0]: break
        frame, addr = s.recvfrom(65535)
        if addr[2] == 4: continue  # our own outgoing frames
        etype = frame[12:14]
        if etype == b"\x08\x06" and frame[20:22] == b"\x00\x01":  # ARP request: we are whoever is asked for
            arp = frame[14:42]
            reply = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + me + arp[24:28] + arp[8:14] + arp[14:18]
            s.send(arp[8:14] + me + b"\x08\x06" + reply)
            continue
        if etype != b"\x08\x00" or frame[0:6] != me: continue
        proto, src, dst, body = parse_ip(frame[14:])
        if dst != a["src"]: continue
        if proto == 1 and body[0] == 0 and p == "icmp" and struct.unpack("!H", body[4:6])[0] == a["ident"]:
            res["reply"] = src
        elif proto == 1:
            e = icmp_about(body, a)
            if e is not None: e["from"] = src; res["icmp"] = [e]
        elif proto == 6 and p == "tcp" and struct.unpack("!HH", body[0:4]) == (a["dport"], a["sport"]):
            flags = body[13]
            if flags & 0x04: res["error"] = "ECONNREFUSED"; res["rstFrom"] = src
            elif flags & 0x12 == 0x12:
                res["reply"] = src
                # Close the half-open connection so the server does not retransmit into the next probe.
                rst = tcp_segment(a, struct.unpack("!I", body[8:12])[0], 0, 0x04)
                s.send(peer + me + b"\x08\x00" + rst)
        elif proto == 17 and p == "udp" and struct.unpack("!HH", body[0:4]) == (a["dport"], a["sport"]):
            res["reply"] = src
    out(res)

mode, arg = sys.argv[1], json.loads(sys.argv[2])
{"send": send, "listen": listen, "inject": inject}[mode](arg)
`;
