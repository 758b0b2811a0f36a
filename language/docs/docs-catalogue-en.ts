/**
 * The English documentation catalogue: Markdown per key, written from the seed chapter and SEMANTICS.md.
 * Facts the iptables registry holds (spellings, valid tables and chains) and the hook diagrams are added by
 * `docs-lookup.ts`; this file holds only the explanations. Keys are the same in every locale.
 */
export const CATALOGUE_EN: Readonly<Record<string, string>> = {
    // --- namespaces -------------------------------------------------------------------------------------
    'keyword:host': `**host NAME { ... }**: a machine. NAME is its root network namespace, where its NICs, bridges and the host side of veth pairs live.

A \`netns\` nested inside a host is a container on that machine and inherits the host's \`net.ipv4.ip_forward\` and \`rp_filter\` at creation (the kernel copies \`conf/all\` into every new namespace). A host starts with \`ip_forward = 0\`: write \`sysctl net.ipv4.ip_forward = 1\` when it routes for its containers.`,
    'keyword:netns': `**netns NAME { ... }**: a network namespace, a private copy of the network stack: its own interfaces, addresses, routes, neighbour table, sysctls, iptables rules and conntrack table. Nothing is shared with other namespaces; they talk only through links (veth, macvlan, wires).

Nested in a \`host\` it is a container and inherits the host's \`ip_forward\` and \`rp_filter\`; at top level it is a standalone namespace starting at 0. Every namespace has \`lo\` (127.0.0.1/8, up). Docker's bridge mode gives each container one; \`--network=host\` gives none (the container uses the host's).`,

    // --- interface kinds ----------------------------------------------------------------------------------
    'keyword:nic': `**nic NAME { ... }**: a physical Ethernet NIC. Connect two NICs of different hosts with \`wire A -- B\`.

Frames leave through the NIC's driver onto the cable; with addresses it is an ordinary L3 interface. A NIC can be a bridge port (\`master br0\`), the parent of macvlan or VLAN sub-interfaces, or the underlay \`dev\` of a VXLAN tunnel.`,
    'keyword:bridge': `**bridge NAME { ... }**: a Linux bridge, a virtual L2 switch. Ports join it with \`master NAME\`.

- It learns which port each source MAC came from (entries age out after 300 s) and forwards unicast frames to that port; broadcast, multicast and unknown unicast frames are flooded to every port except the one they came in on.
- Unlike a hardware switch it can also take part in L3: give it an \`address\` and it becomes the containers' gateway (Docker's \`docker0\`, the seed's \`br0 192.168.31.1/24\`).
- Bridged frames skip iptables unless \`net.bridge.bridge-nf-call-iptables = 1\` (br_netfilter); then FORWARD sees them with \`-i\`/\`-o\` set to the bridge name, even with \`ip_forward = 0\`, and only \`-m physdev\` sees the ports.
- \`stp on\` runs the spanning tree protocol, which cuts loops between redundant links; frames have no TTL, so a loop without STP forwards forever.

In \`mode bridge\` inside a macvlan, \`bridge\` names a macvlan mode instead: see \`keyword:mode\`.`,
    'keyword:veth': `**veth NAME peer NS.IF { ... }**: one end of a virtual Ethernet pair. What goes in one end comes out of the other, like a cable whose two ends may sit in different namespaces.

The usual way to connect a container: one end (\`veth0\`) inside the container, the other on the host, enslaved to a bridge (\`master br0\`). A pair joins exactly two namespaces; for many containers, put the host ends on a bridge. Fast and simple, but each end must be declared, and one side must name the other with \`peer\`.`,
    'keyword:peer': `**peer NS.IF**: the other end of this veth pair, as \`namespace.interface\` (\`c1.veth0\`). Each veth end has exactly one peer; it is enough that one side names the other.`,
    'keyword:tun': `**tun NAME { ... }**: an L3 virtual device read and written by a user-space program. It carries bare IP packets, with no Ethernet header.

Use it for routed VPNs (OpenVPN in tun mode, WireGuard-like designs): the program encrypts the packets it reads and sends them over a socket. A tun device has no MAC, so it **cannot be a bridge port**; use \`tap\` when frames must be switched. Container-to-container links normally use veth, not tun/tap.`,
    'keyword:tap': `**tap NAME { ... }**: an L2 virtual device read and written by a user-space program. It carries whole Ethernet frames.

Use it when a program must see L2 (a VM's NIC, a bridged VPN): unlike \`tun\` it has a MAC and **can be a bridge port** (\`master br0\`) or the end of a \`wire\`.`,
    'keyword:vxlan': `**vxlan NAME { id N remote IP ... }**: a VXLAN tunnel end: an L2 network carried inside UDP over an L3 underlay (L2 over L4), the basis of overlay networks (Flannel, Docker overlay, Swarm).

- \`id\` is the 24-bit VNI: about 16.7 million segments, where 802.1Q VLAN has 4094.
- **Overhead 50 bytes** (outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8): on a 1500-byte underlay the VXLAN MTU is 1450. Larger inner packets fail ("message too long") or fragment.
- **Port: Linux defaults to 8472**, not IANA's 4789. Both ends must agree; write \`dstport 4789\` to talk to Docker, Flannel or hardware VTEPs.
- The outer packet is locally generated UDP of the namespace that owns the device: an INPUT or OUTPUT rule dropping udp/8472 (or 4789) there breaks the overlay.
- Costs: encapsulation overhead, lower efficiency and extra latency, in exchange for an overlay that the underlay does not need to know.`,
    'keyword:macvlan': `**macvlan NAME { parent IF mode MODE ... }**: a sub-interface of a parent NIC with its own MAC address, so one physical NIC appears as several NICs, each with its own MAC and IP. Containers then sit directly on the parent's LAN, with no bridge and no NAT.

- **Parent isolation**: in every mode, frames from a child never reach the parent's own IP stack; a container cannot talk to its host through the parent. The usual fix is a host-side "shim": a macvlan in \`bridge\` mode on the same parent, with an address and routes to the children.
- Children are not bridge ports: the parent namespace's iptables never sees child-to-child traffic.
- With no \`mode\`, the kernel uses \`vepa\`; Docker's macvlan driver defaults to \`bridge\`.`,
    'keyword:vlan': `**vlan NAME { parent IF id N ... }**: an 802.1Q VLAN sub-interface: frames leave through the parent with a VLAN tag \`id\` (1..4094), so one cable carries several separate broadcast domains.

VLANs split broadcast domains on one physical network. Limits: the 12-bit ID allows only 4094 networks, and VLANs do not span data centres; VXLAN lifts both. Two VLANs talk only through an L3 router.`,

    // --- interface attributes -----------------------------------------------------------------------------
    'keyword:address': `**address CIDR**: an IPv4 address with its prefix (\`192.168.31.1/24\`). Repeatable; the first is the primary address (the one \`to NS\` means, and the source the kernel prefers on that subnet).

Adding an address also adds, as the kernel does, a connected route to its subnet and a local route for the address itself. A /32 gives no connected route. An address on a \`down\` interface is still local (the weak-host model accepts it on any interface) but gives no route.`,
    'keyword:mac': `**mac MAC**: the interface's Ethernet address (\`02:42:ac:11:00:02\`). It must be unicast (the first octet even); when omitted, a stable one is derived from the namespace and interface names. It matters for bridges (forwarding tables), \`-m mac --mac-source\` and macvlan (each child has its own).`,
    'keyword:mtu': `**mtu N**: the largest IP packet the interface sends without fragmenting. Default 1500; a vxlan defaults to its \`dev\`'s MTU minus 50 (1450 on a 1500-byte underlay). Mismatched MTUs along a path show as failures of large packets only.`,
    'keyword:hairpin': `**hairpin**: on a bridge port, lets a frame leave through the port it came in on (reflective relay). A normal bridge never sends a frame back where it came from.

Needed on the switch port facing a macvlan parent in \`vepa\` mode, so that two children of one parent can reach each other through the external switch.`,
    'keyword:master': `**master BRIDGE**: makes this interface a port of a bridge in the same namespace. The port then carries frames for the bridge; addresses belong on the bridge, not on its ports (the seed's \`veth1\`..\`veth3\` have none).`,
    'keyword:down': `**down**: the interface is administratively down: it sends and receives nothing, and its addresses give no connected route (they are still local addresses). A probe whose path needs it is \`dropped\`.`,
    'keyword:stp': `**stp on|off**: the spanning tree protocol on a bridge (off by default). With redundant links between bridges, STP blocks ports until one loop-free tree remains; without it a broadcast circulates forever, since Ethernet frames have no TTL.`,
    'keyword:on': `**on**: turns a switch on (\`stp on\`).`,
    'keyword:off': `**off**: turns a switch off (\`stp off\`, the default).`,
    'keyword:id': `**id N**: the segment number: for a \`vxlan\`, the 24-bit VNI (0..16777215), which must match at both ends; for a \`vlan\`, the 802.1Q tag (1..4094).`,
    'keyword:remote': `**remote IP**: the VXLAN peer's underlay address. Broadcast, multicast and unknown-unicast inner frames are sent there (an all-zeros forwarding entry); known MACs are learned from received packets.`,
    'keyword:group': `**group IP**: a multicast group (239.x.x.x) to which a VXLAN sends broadcast and unknown-unicast frames instead of a single \`remote\`; needs \`dev\`.`,
    'keyword:local': `**local IP**: the VXLAN outer source address. Without it the route to the remote chooses the source.`,
    'keyword:dev': `**dev IF**: the interface to use: for a \`route\`, the output interface; for a \`vxlan\`, the underlay interface (its MTU minus 50 becomes the VXLAN MTU).`,
    'keyword:dstport': `**dstport N**: the VXLAN UDP destination port. When omitted Linux uses **8472** (its historical default), not IANA's **4789**; both ends must use the same port, so write \`dstport 4789\` to interoperate with Docker, Flannel and hardware VTEPs.`,
    'keyword:parent': `**parent IF**: the lower device of a \`macvlan\` or \`vlan\`: a bare name in this namespace or \`NS.IF\` (a container's macvlan on the host's NIC: \`parent docker-host.eth0\`).`,
    'keyword:mode': `**mode private|vepa|bridge|passthru**: how macvlan children of one parent reach each other.

| mode | child ↔ child | notes |
|---|---|---|
| \`bridge\` | yes, switched inside the driver | the usual choice (Docker's default) |
| \`private\` | never | full isolation between children |
| \`vepa\` | only if the external switch port has \`hairpin\` | every frame leaves through the parent; the kernel default |
| \`passthru\` | one child only | the child takes over the parent's MAC |

In every mode the parent itself cannot reach its children (use a shim macvlan).`,
    'keyword:private': `**mode private**: macvlan children of the same parent never reach each other, not even through a hairpin switch. Each child still reaches the outside network.`,
    'keyword:vepa': `**mode vepa** (Virtual Ethernet Port Aggregator): every frame of a child leaves through the parent, even to a sibling; siblings reach each other only if the external switch port reflects frames (\`hairpin\`). The kernel's default mode.`,
    'keyword:passthru': `**mode passthru**: a single child takes over the parent (its MAC and promiscuity). A second passthru child, or a passthru child next to other children, is refused.`,

    // --- routes, sysctls, sockets ---------------------------------------------------------------------------
    'keyword:route': `**route (CIDR | default) (via IP)? (dev IF)? (metric N)?**: a route in this namespace's main table.

The longest matching prefix wins, then the lowest metric. Connected routes come from addresses; write only the others. A gateway (\`via\`) must be on-link, reachable through a connected route, or the kernel refuses the route ("Nexthop has invalid gateway"). With no route at all, a local send fails at once ("Network is unreachable") and a router answers with ICMP net-unreachable.`,
    'keyword:default': `**default**: the default route, 0.0.0.0/0: used when no longer prefix matches. In the seed, containers send everything to the bridge's address (\`route default via 192.168.31.1\`).`,
    'keyword:via': `**via IP**: the next-hop router. It must be on-link: inside a subnet of an address of this namespace (or reachable through a device route), otherwise the route is refused.`,
    'keyword:metric': `**metric N**: the route's preference among routes with the same prefix; the lowest wins.`,
    'keyword:onlink': `**onlink**: declares the gateway reachable on the output device even though no connected route covers it, as \`ip route ... onlink\` does; the kernel then skips its on-link check.`,
    'keyword:sysctl': `**sysctl KEY = VALUE**: a kernel setting of this namespace. Known keys: \`net.ipv4.ip_forward\`, \`net.bridge.bridge-nf-call-iptables\`, \`net.ipv4.conf.{all,IF}.rp_filter\`, \`net.ipv4.conf.{all,IF}.proxy_arp\`, \`net.ipv4.conf.{all,IF}.route_localnet\`, \`net.ipv4.conf.{all,IF}.accept_local\`; other keys are kept but not simulated (a warning).`,
    'keyword:listen': `**listen tcp|udp PORT**: a listening socket. Once a namespace declares one, a probe to a port with no matching socket is \`refused\` (TCP reset or ICMP port unreachable). A namespace with no \`listen\` accepts on every port.`,
    'keyword:tcp': `**tcp**: the Transmission Control Protocol (IP protocol 6): connections, ports, a three-way handshake. In a probe: \`tcp (sport N)? (dport N)?\`, defaults sport 40000, dport 80.`,
    'keyword:udp': `**udp**: the User Datagram Protocol (IP protocol 17): ports, no connection. In a probe: \`udp (sport N)? (dport N)?\`, defaults sport 40000, dport 53. conntrack still tracks UDP flows, so replies are ESTABLISHED.`,
    'keyword:icmp': `**icmp**: the Internet Control Message Protocol (IP protocol 1). In a probe, an echo request (ping), the default packet. ICMP also carries the errors routers and hosts send back (net, host and port unreachable).`,

    // --- iptables, top level ---------------------------------------------------------------------------------
    'keyword:iptables': `**iptables { ... }**: an iptables ruleset of this namespace in iptables-save format, verbatim: \`*table\`, \`:CHAIN POLICY [packets:bytes]\`, \`-A CHAIN ...\`, \`COMMIT\`. Each rule line ends at the end of the line.

Built-in chain headers and \`COMMIT\` may be omitted; \`-A\` lines before any \`*table\` go to \`filter\`. Several blocks append in order. Netfilter calls the chains at five hooks on the packet path; hover a table or a chain name for where.`,
    'keyword:from': `**from**: in \`iptables from "FILE"\`, reads an iptables-save file next to this one; in a probe, \`from NS\` names the namespace that sends the packet.`,
    'keyword:wire': `**wire NS.IF -- NS.IF**: a cable between two \`nic\` (or \`tap\`) interfaces, usually of two hosts. Frames sent on one end arrive on the other.`,

    // --- probes --------------------------------------------------------------------------------------------
    'keyword:probe': `**probe NAME from NS (src IP)? to (IP | NS) PACKET? (iif IF)? expect OUTCOME (at NS (TABLE CHAIN)?)?**: a packet whose fate the file asserts.

The simulator sends it from \`NS\` (or injects it on \`iif\`), follows it through routing, bridges, tunnels and every netfilter chain, then the reply back, and compares what the sender observes with \`expect\`. The trace lists every decision.`,
    'keyword:src': `**src IP**: fixes the probe's source address. Without it the kernel's choice is used: the preferred source of the route taken. Required with \`iif\`.`,
    'keyword:to': `**to IP | NS**: the probe's destination: an address, or a namespace, meaning its primary address (first address of its first non-loopback interface that has one).`,
    'keyword:sport': `**sport N**: the probe's TCP or UDP source port (default 40000).`,
    'keyword:dport': `**dport N**: the probe's TCP or UDP destination port (default 80 for tcp, 53 for udp).`,
    'keyword:iif': `**iif IF**: instead of being sent by a local socket, the packet arrives from the wire on this interface of the \`from\` namespace; tests a host's rules without modelling the sender. Needs \`src\`; the reply, if any, ends at \`IF\`.`,
    'keyword:expect': `**expect OUTCOME**: what the sender should observe: \`delivered\`, \`established\`, \`dropped\`, \`rejected\`, \`refused\` or \`unreachable\`. The code lens above the probe shows whether it holds.`,
    'keyword:at': `**at NS (TABLE CHAIN)?**: where the outcome was decided: the namespace, and for a drop or reject by a rule or policy, the chain holding the deciding rule (a user chain if the rule is in one) or the built-in chain whose policy decided.`,

    // --- outcomes ----------------------------------------------------------------------------------------
    'outcome:delivered': `**delivered**: the request reached a local socket in a namespace that owns the destination address (after any DNAT), but the reply did not make it all the way back (when it does, the outcome is \`established\`). \`at\` names the receiving namespace.`,
    'outcome:established': `**established**: delivered, and the reply travelled all the way back to the sender, with conntrack, reverse NAT and the reverse path's rules applied, and the sender's socket took it: a TCP reply must come from the address and port the socket connected to (a hairpin DNAT bridged without br_netfilter fails there), while the probe's UDP and ping sockets take a reply from any address. A working connection. \`at\` names the namespace that received the request.`,
    'outcome:dropped': `**dropped**: silently discarded, the sender hears nothing: a DROP rule or policy, forwarding disabled, the reverse-path filter, an interface down, a routing loop (TTL exhausted), or an error sent back but lost on its way (a lost error counts as a drop at the place that rejected).`,
    'outcome:rejected': `**rejected**: the sender gets an error back: a REJECT rule, or a router with no route (ICMP net unreachable) or no neighbour answering (ICMP host unreachable). In the seed, \`isp\` has no route to 192.168.31.0/24, so \`server-to-c1\` is \`rejected at isp\`.`,
    'outcome:refused': `**refused**: the destination host answered "closed": TCP reset or ICMP port unreachable, because the namespace declares \`listen\` sockets and none matches the port.`,
    'outcome:unreachable': `**unreachable**: the send fails in the sender's own stack: no route ("Network is unreachable"), or the next hop never answers ARP ("No route to host", after about 3 seconds). \`at\` is the sender.`,

    // --- sysctls ---------------------------------------------------------------------------------------------
    'sysctl:net.ipv4.ip_forward': `**net.ipv4.ip_forward** (0 or 1; default 0): whether this namespace routes packets that are not addressed to it. With 0, a packet to be forwarded is silently dropped (the kernel counts an address error).

A router, and a host that NATs its containers, need 1. A new namespace copies the value of the host at its creation. Bridged frames do not need it: bridging is not routing.`,
    'sysctl:net.ipv4.conf.all.forwarding': `**net.ipv4.conf.all.forwarding**: the same switch as \`net.ipv4.ip_forward\` under another name (0 or 1, default 0): whether the namespace forwards packets not addressed to it.`,
    'sysctl:net.bridge.bridge-nf-call-iptables': `**net.bridge.bridge-nf-call-iptables** (0 or 1; default 0 here: the br_netfilter module not loaded; 1 as soon as it is): whether frames crossing a Linux bridge go through the iptables hooks.

With 1, bridged IPv4 traffic passes PREROUTING, FORWARD and POSTROUTING (raw, mangle, nat, filter, security) as if it were routed, even with \`ip_forward = 0\`: \`-i\`/\`-o\` match the bridge name, \`-m physdev\` the ports, and conntrack and NAT apply. A FORWARD DROP policy then also blocks container-to-container traffic on the bridge. The setting is per namespace. Docker turns it on for networks with inter-container communication disabled or without the userland proxy.`,
    'sysctl:net.ipv4.conf.all.rp_filter': `**net.ipv4.conf.all.rp_filter** (0, 1 or 2; default 0; distributions often set 1 or 2 on hosts): reverse-path filtering for every interface.

- 0: off.
- 1 (strict): drop a packet when the route back to its source does not leave through the interface it arrived on (asymmetric routing breaks).
- 2 (loose): drop only when the source is not routable through any interface.

The value in effect on an interface is the maximum of \`all\` and the interface's own setting. A new namespace copies the host's value at creation.`,
    'sysctl:net.ipv4.conf.*.rp_filter': `**net.ipv4.conf.IF.rp_filter** (0, 1 or 2; default 0): reverse-path filtering on one interface: 1 strict (the reply route must use this interface), 2 loose (the source must be routable at all). The kernel applies the **maximum** of this and \`net.ipv4.conf.all.rp_filter\`, so setting 0 here does not undo \`all = 1\`.`,
    'sysctl:net.ipv4.conf.*.proxy_arp': `**net.ipv4.conf.IF.proxy_arp** (0 or 1; default 0): with 1, the interface answers ARP requests for addresses it can route to through another interface, with its own MAC, so hosts that believe a destination is on-link send the traffic to this router. The kernel takes it as on when \`all\` or the interface's own is 1.`,
    'sysctl:net.ipv4.conf.*.route_localnet': `**net.ipv4.conf.IF.route_localnet** (0 or 1; default 0): with 1, packets arriving on the interface may have a 127.0.0.0/8 source or destination; with 0 the kernel drops them as martians. kube-proxy sets \`all\` to 1 so that NodePorts answer on localhost: a DNAT to 127.0.0.1 from PREROUTING needs it. On when \`all\` or the interface's own is 1.`,
    'sysctl:net.ipv4.conf.*.accept_local': `**net.ipv4.conf.IF.accept_local** (0 or 1; default 0): with 1, the interface accepts packets whose source is an address of this namespace; with 0 the kernel drops them as martians (a hairpin that comes back with its own address as source). On when \`all\` or the interface's own is 1.`,

    // --- tables ---------------------------------------------------------------------------------------------
    'table:raw': `**raw**: the first table at PREROUTING and OUTPUT (priority -300), before connection tracking. Its job is to exempt packets from conntrack (\`-j CT --notrack\`, \`-j NOTRACK\`) and to \`TRACE\` them. An untracked packet gets no NAT in either direction.

The seed chapter's table order raw → mangle → nat → filter → security holds where nat does destination NAT (PREROUTING, OUTPUT, priority -100). Where nat does source NAT (INPUT, POSTROUTING) it runs at priority 100: after filter, and after security with iptables-legacy (50) but before it with iptables-nft (150).`,
    'table:mangle': `**mangle**: changes packet headers and metadata: TOS/DSCP, TTL, the packet mark (\`-j MARK\`) and connection mark (\`-j CONNMARK\`), used for policy routing and QoS. It has all five chains and runs at priority -150, after raw and before nat and filter.

A mark set in mangle PREROUTING or OUTPUT can change the routing decision (OUTPUT triggers a re-route).`,
    'table:nat': `**nat**: network address translation. It is consulted only for the **first packet of a connection** (conntrack state NEW); later packets and replies are translated from the conntrack entry automatically.

- PREROUTING and OUTPUT (priority -100): destination NAT (\`DNAT\`, \`REDIRECT\`), before the routing decision, so a DNAT changes the route.
- POSTROUTING and INPUT (priority 100): source NAT (\`SNAT\`, \`MASQUERADE\`), after routing, so it sees the output interface.
- No FORWARD chain; filtering (\`DROP\`) is refused in nat.`,
    'table:filter': `**filter**: the firewall table, and the default when no \`-t\`/\`*table\` is given: ACCEPT, DROP or REJECT at INPUT (to local sockets), FORWARD (routed through) and OUTPUT (sent locally). Priority 0: after raw, mangle and destination NAT, before security and source NAT.`,
    'table:security': `**security**: Mandatory Access Control (SELinux) marks (SECMARK, CONNSECMARK). Rarely used. Chains INPUT, FORWARD, OUTPUT. Its priority depends on the backend: 50 with iptables-legacy (before nat INPUT), 150 with iptables-nft (after nat INPUT).`,

    // --- built-in chains -------------------------------------------------------------------------------------
    'chain:raw:PREROUTING': `**raw PREROUTING**: every packet arriving on an interface, first of all, before conntrack looks it up. The place to exempt incoming traffic from tracking (\`CT --notrack\`) or to start a \`TRACE\`. Docker puts its anti-spoofing rules here.`,
    'chain:raw:OUTPUT': `**raw OUTPUT**: every locally generated packet, after the output routing decision and before conntrack. Exempts local traffic from tracking or traces it.`,
    'chain:mangle:PREROUTING': `**mangle PREROUTING**: every arriving packet, after conntrack and before destination NAT and routing. A MARK set here can steer policy routing (\`ip rule fwmark\`).`,
    'chain:mangle:INPUT': `**mangle INPUT**: packets routed to a local socket, before filter INPUT.`,
    'chain:mangle:FORWARD': `**mangle FORWARD**: packets being routed through this namespace, before filter FORWARD. TCPMSS clamping for tunnels is often done here or in POSTROUTING.`,
    'chain:mangle:OUTPUT': `**mangle OUTPUT**: locally generated packets, before nat OUTPUT. Changing the mark here makes the kernel look the route up again (the source address stays).`,
    'chain:mangle:POSTROUTING': `**mangle POSTROUTING**: every packet about to leave (forwarded or local), before source NAT.`,
    'chain:nat:PREROUTING': `**nat PREROUTING**: the first packet of each incoming connection, before routing: the place for \`DNAT\` and \`REDIRECT\` (port forwarding, Docker's published ports, kube-proxy's \`KUBE-SERVICES\`). Because it runs before routing, a DNAT here changes where the packet is routed.`,
    'chain:nat:INPUT': `**nat INPUT**: the first packet of a connection delivered to a local socket: SNAT of incoming traffic (rare).`,
    'chain:nat:OUTPUT': `**nat OUTPUT**: the first packet of each locally generated connection: DNAT and REDIRECT for local traffic (kube-proxy sends the host's own traffic to services through here). A DNAT here triggers a re-route.`,
    'chain:nat:POSTROUTING': `**nat POSTROUTING**: the first packet of each connection about to leave, after routing: the place for \`SNAT\` and \`MASQUERADE\`. The seed's \`-A POSTROUTING -s 192.168.31.0/24 -o eth0 -j MASQUERADE\` gives the containers' packets eth0's address so that replies can come back.`,
    'chain:filter:INPUT': `**filter INPUT**: packets addressed to this namespace (any of its addresses, on any interface), after routing: the host firewall. Its policy decides what is not matched.`,
    'chain:filter:FORWARD': `**filter FORWARD**: packets routed through this namespace (\`ip_forward = 1\`), and bridged frames when br_netfilter is on: the firewall between containers and the outside. Docker installs \`DOCKER-USER\`, \`DOCKER-FORWARD\` and friends here.`,
    'chain:filter:OUTPUT': `**filter OUTPUT**: locally generated packets, after nat OUTPUT: filters what this namespace sends.`,
    'chain:security:INPUT': `**security INPUT**: packets to local sockets, after filter INPUT; SELinux packet labels.`,
    'chain:security:FORWARD': `**security FORWARD**: routed packets, after filter FORWARD; SELinux packet labels.`,
    'chain:security:OUTPUT': `**security OUTPUT**: locally generated packets, after filter OUTPUT; SELinux packet labels.`,

    // --- match modules and their options ----------------------------------------------------------------------
    'match:basic': `**Generic matches** (no \`-m\` needed): source and destination address (\`-s\`, \`-d\`), input and output interface (\`-i\`, \`-o\`), protocol (\`-p\`) and non-first fragments (\`-f\`). Each can be negated with \`!\`.`,
    'option:basic:source': `**-s, --source ADDRESS[/MASK]**: matches the packet's source address. \`-s 1.2.3.4\` means /32. In nat POSTROUTING it sees the source before this rule's SNAT (\`-s 192.168.31.0/24 -j MASQUERADE\`).`,
    'option:basic:destination': `**-d, --destination ADDRESS[/MASK]**: matches the packet's destination address. After a DNAT in nat PREROUTING or OUTPUT, later chains see the new destination.`,
    'option:basic:in-interface': `**-i, --in-interface NAME**: the interface the packet arrived on; a trailing \`+\` matches every name with that prefix (\`veth+\`). Only meaningful in PREROUTING, INPUT and FORWARD. For bridged frames it is the bridge name, not the port (use \`-m physdev\`).`,
    'option:basic:out-interface': `**-o, --out-interface NAME**: the interface the packet will leave by, known after routing; a trailing \`+\` matches a prefix. Only meaningful in FORWARD, OUTPUT and POSTROUTING. \`! -o br0\` in the seed's MASQUERADE rule means "leaving by anything but the bridge".`,
    'option:basic:protocol': `**-p, --protocol NAME|NUMBER**: the IP protocol (\`tcp\`, \`udp\`, \`icmp\`, \`all\`, or a number). \`-p tcp\`, \`-p udp\` and \`-p icmp\` also load the protocol's match, so \`--dport\` and \`--icmp-type\` can follow without \`-m\`.`,
    'option:basic:fragment': `**-f, --fragment**: matches second and later fragments of a fragmented packet, which carry no ports. \`! -f\` matches unfragmented packets and first fragments.`,
    'match:tcp': `**tcp match**: TCP ports, flags and options. Loaded by \`-p tcp\` (implicitly) or \`-m tcp\`.`,
    'option:tcp:sport': `**--sport, --source-port PORT[:PORT]**: the TCP source port or an inclusive range (\`1024:65535\`; an empty end means 0 or 65535).`,
    'option:tcp:dport': `**--dport, --destination-port PORT[:PORT]**: the TCP destination port or an inclusive range: the service being contacted (\`--dport 80\`).`,
    'option:tcp:tcp-flags': `**--tcp-flags MASK COMP**: examines the flags listed in MASK and matches when exactly those in COMP are set (\`--tcp-flags SYN,RST,ACK,FIN SYN\`). Flags: SYN ACK FIN RST URG PSH ALL NONE.`,
    'option:tcp:syn': `**--syn**: a connection-opening segment: SYN set, RST, ACK and FIN clear; short for \`--tcp-flags SYN,RST,ACK,FIN SYN\`. Note that conntrack's NEW is not the same thing: a bare ACK can also be NEW.`,
    'option:tcp:tcp-option': `**--tcp-option N**: matches when the TCP header carries option number N (2 = MSS, 3 = window scale, 8 = timestamps).`,
    'match:udp': `**udp match**: UDP ports. Loaded by \`-p udp\` (implicitly) or \`-m udp\`.`,
    'option:udp:sport': `**--sport, --source-port PORT[:PORT]**: the UDP source port or an inclusive range.`,
    'option:udp:dport': `**--dport, --destination-port PORT[:PORT]**: the UDP destination port or an inclusive range (\`--dport 53\` for DNS, \`8472\` or \`4789\` for VXLAN).`,
    'match:icmp': `**icmp match**: the ICMP type and code. Loaded by \`-p icmp\` (implicitly) or \`-m icmp\`.`,
    'option:icmp:icmp-type': `**--icmp-type TYPE[/CODE] | NAME**: the ICMP type: \`echo-request\` (8, ping), \`echo-reply\` (0), \`destination-unreachable\` (3) with codes such as \`port-unreachable\`, \`time-exceeded\` (11), or \`any\`.`,
    'match:multiport': `**multiport match**: up to 15 ports or ranges in one rule, for \`-p tcp\` or \`-p udp\`. Exactly one of \`--sports\`, \`--dports\`, \`--ports\`.`,
    'option:multiport:sports': `**--sports, --source-ports P[,P:Q...]**: matches when the source port is in the list.`,
    'option:multiport:dports': `**--dports, --destination-ports P[,P:Q...]**: matches when the destination port is in the list (\`--dports 80,443\`).`,
    'option:multiport:ports': `**--ports P[,P:Q...]**: matches when either the source or the destination port is in the list.`,
    'match:conntrack': `**conntrack match**: what connection tracking knows about the packet's connection: its state, original and reply tuples, status and direction. Using it switches conntrack on in the namespace.`,
    'option:conntrack:ctstate': `**--ctstate STATE[,STATE...]**: the connection's state:

- \`NEW\`: the first packet seen for this tuple (not necessarily a SYN: a bare ACK can be NEW).
- \`ESTABLISHED\`: a reply has been seen; \`RELATED\`: an expected connection or an ICMP error about a known one.
- \`INVALID\`: cannot be tracked, or fails TCP checks (SYN+FIN, a stray RST).
- \`UNTRACKED\`: exempted in raw by NOTRACK or CT --notrack.
- \`SNAT\`, \`DNAT\`: the connection's addresses were translated.

\`-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\` is the classic first rule of a stateful firewall.`,
    'option:conntrack:ctproto': `**--ctproto PROTO**: the layer-4 protocol of the tracked connection.`,
    'option:conntrack:ctorigsrc': `**--ctorigsrc ADDRESS[/MASK]**: the source address of the original direction, as the first packet carried it (before any SNAT).`,
    'option:conntrack:ctorigdst': `**--ctorigdst ADDRESS[/MASK]**: the destination of the original direction, before any DNAT: matches traffic sent to a service address even after it was translated.`,
    'option:conntrack:ctreplsrc': `**--ctreplsrc ADDRESS[/MASK]**: the source address expected in the reply direction (the real server after a DNAT).`,
    'option:conntrack:ctrepldst': `**--ctrepldst ADDRESS[/MASK]**: the destination expected in the reply direction (the translated source after an SNAT).`,
    'option:conntrack:ctorigsrcport': `**--ctorigsrcport PORT[:PORT]**: the original-direction source port.`,
    'option:conntrack:ctorigdstport': `**--ctorigdstport PORT[:PORT]**: the original-direction destination port, before DNAT.`,
    'option:conntrack:ctreplsrcport': `**--ctreplsrcport PORT[:PORT]**: the reply-direction source port (the server's real port after DNAT).`,
    'option:conntrack:ctrepldstport': `**--ctrepldstport PORT[:PORT]**: the reply-direction destination port.`,
    'option:conntrack:ctstatus': `**--ctstatus STATUS[,...]**: internal status bits of the entry: \`NONE\`, \`EXPECTED\`, \`SEEN_REPLY\`, \`ASSURED\` (seen both ways, kept under pressure), \`CONFIRMED\`.`,
    'option:conntrack:ctdir': `**--ctdir ORIGINAL|REPLY**: matches packets of the original direction or of the reply direction only.`,
    'match:state': `**state match**: the older, smaller form of \`-m conntrack --ctstate\`: \`-m state --state NEW,ESTABLISHED\`. Same states except SNAT and DNAT.`,
    'option:state:state': `**--state STATE[,STATE...]**: \`NEW\`, \`ESTABLISHED\`, \`RELATED\`, \`INVALID\`, \`UNTRACKED\`, as in \`--ctstate\`.`,
    'match:mark': `**mark match**: the packet's netfilter mark (fwmark), set earlier by \`-j MARK\` (or restored from the connection by \`CONNMARK --restore-mark\`). The mark lives only inside this namespace's stack; it is not on the wire.`,
    'option:mark:mark': `**--mark VALUE[/MASK]**: matches when \`mark & MASK == VALUE\` (mask 0xffffffff when omitted). kube-proxy's \`--mark 0x4000/0x4000\` tests one bit set by KUBE-MARK-MASQ.`,
    'match:connmark': `**connmark match**: the mark stored on the conntrack entry (set by \`-j CONNMARK\`), shared by every packet of the connection, both directions.`,
    'option:connmark:mark': `**--mark VALUE[/MASK]**: matches when \`ctmark & MASK == VALUE\`.`,
    'match:comment': `**comment match**: attaches a note to a rule; matches every packet. kube-proxy and Docker label their rules with it.`,
    'option:comment:comment': `**--comment TEXT**: the note, up to 255 characters; quote it when it has spaces.`,
    'match:addrtype': `**addrtype match**: the routing type of the source or destination address in this namespace: \`LOCAL\` (one of its own addresses), \`UNICAST\`, \`BROADCAST\`, \`MULTICAST\`, ... Docker's \`-m addrtype --dst-type LOCAL -j DOCKER\` catches traffic to any host address.`,
    'option:addrtype:src-type': `**--src-type TYPE[,...]**: the type of the source address (\`LOCAL\`, \`UNICAST\`, \`BROADCAST\`, \`MULTICAST\`, \`BLACKHOLE\`, \`UNREACHABLE\`, \`PROHIBIT\`, \`ANYCAST\`, \`THROW\`, \`NAT\`, \`XRESOLVE\`, \`UNSPEC\`).`,
    'option:addrtype:dst-type': `**--dst-type TYPE[,...]**: the type of the destination address; \`LOCAL\` means the destination is one of this namespace's addresses, on any interface.`,
    'option:addrtype:limit-iface-in': `**--limit-iface-in**: judge the address type only on the interface the packet came in on, not on the whole namespace.`,
    'option:addrtype:limit-iface-out': `**--limit-iface-out**: judge the address type only on the interface the packet leaves by.`,
    'match:iprange': `**iprange match**: an arbitrary inclusive range of addresses, where a CIDR would not fit.`,
    'option:iprange:src-range': `**--src-range FROM-TO**: the source address lies between FROM and TO inclusive (\`10.0.0.5-10.0.0.20\`).`,
    'option:iprange:dst-range': `**--dst-range FROM-TO**: the destination address lies between FROM and TO inclusive.`,
    'match:physdev': `**physdev match**: the bridge ports a bridged frame entered and leaves by. With br_netfilter, \`-i\`/\`-o\` show only the bridge name; physdev shows the ports.`,
    'option:physdev:physdev-in': `**--physdev-in PORT**: the bridge port the frame entered by (a trailing \`+\` matches a prefix); known in PREROUTING, INPUT and FORWARD.`,
    'option:physdev:physdev-out': `**--physdev-out PORT**: the bridge port the frame will leave by; known only for bridged traffic in FORWARD and POSTROUTING.`,
    'option:physdev:physdev-is-in': `**--physdev-is-in**: the packet entered through a bridge port.`,
    'option:physdev:physdev-is-out': `**--physdev-is-out**: the packet will leave through a bridge port.`,
    'option:physdev:physdev-is-bridged': `**--physdev-is-bridged**: the packet is being bridged, not routed; useful in FORWARD and POSTROUTING.`,
    'match:statistic': `**statistic match**: matches a share of packets, at random or every n-th. kube-proxy spreads a service's connections over its endpoints with \`--mode random --probability\` rules tried in turn. The simulator reports the branch probabilities instead of drawing.`,
    'option:statistic:mode': `**--mode random|nth**: \`random\` uses \`--probability\`; \`nth\` uses \`--every\` and \`--packet\`.`,
    'option:statistic:probability': `**--probability P**: in random mode, matches with probability P (0..1). With n endpoints kube-proxy writes 1/n, 1/(n-1), ..., so each gets an equal share.`,
    'option:statistic:every': `**--every N**: in nth mode, matches one packet in every N.`,
    'option:statistic:packet': `**--packet P**: in nth mode, which packet of each group of N matches (0..N-1; default 0).`,
    'match:mac': `**mac match**: the source MAC address of the Ethernet frame; only meaningful for packets arriving on an Ethernet interface (PREROUTING, INPUT, FORWARD).`,
    'option:mac:mac-source': `**--mac-source XX:XX:XX:XX:XX:XX**: the frame's source MAC.`,
    'match:limit': `**limit match**: matches until a token-bucket rate is exceeded, typically to rate-limit LOG rules. A single probe packet is always within the limit: the bucket starts full.`,
    'option:limit:limit': `**--limit RATE[/second|/minute|/hour|/day]**: the average rate of matches (default 3/hour).`,
    'option:limit:limit-burst': `**--limit-burst N**: the bucket size: how many matches may happen at once before the rate applies (default 5).`,
    'match:recent': `**recent match**: a per-namespace list of addresses the kernel has seen, kept by name. \`--set\` records the packet's address, \`--rcheck\` and \`--update\` test whether it is on the list (within \`--seconds\`, at least \`--hitcount\` times), \`--remove\` deletes it. ufw's \`limit\` rules and kube-proxy's session affinity are built on it. The simulator starts every probe with empty lists, as a first connection meets them, and carries them from request to reply.`,
    'option:recent:set': `**--set**: adds the address to the list (or records another hit) and matches. With \`!\` it records and does not match.`,
    'option:recent:rcheck': `**--rcheck**: matches when the address is on the list, subject to \`--seconds\` and \`--hitcount\`.`,
    'option:recent:update': `**--update**: as \`--rcheck\`, and on a match also records another hit for the address.`,
    'option:recent:remove': `**--remove**: deletes the address from the list; matches when it was there.`,
    'option:recent:name': `**--name NAME**: the list to use (default \`DEFAULT\`). Lists are per network namespace; rules that share a name share the list.`,
    'option:recent:seconds': `**--seconds N**: with \`--rcheck\`/\`--update\`, only hits of the last N seconds count.`,
    'option:recent:reap': `**--reap**: with \`--seconds\`, also forgets the address's hits older than that.`,
    'option:recent:hitcount': `**--hitcount N**: with \`--rcheck\`/\`--update\`, matches only when the address has at least N hits (within \`--seconds\` if given).`,
    'option:recent:rttl': `**--rttl**: the address must also have been recorded with the packet's TTL (as it was before this host forwarded it), against spoofed sources.`,
    'option:recent:rsource': `**--rsource**: uses the packet's source address (the default).`,
    'option:recent:rdest': `**--rdest**: uses the packet's destination address.`,
    'option:recent:mask': `**--mask NETMASK**: masks the address first, so that a whole network shares one entry (iptables-save writes \`255.255.255.255\`).`,
    'match:hashlimit': `**hashlimit match**: a rate limit per group of packets (per source, per destination port, ...), each group with its own token bucket, kept in a table by name. Used against floods: \`--hashlimit-above 20/sec --hashlimit-mode srcip -j DROP\`. The simulator starts every probe with full buckets and lets no time pass (a real bucket gets a token back between a request and its reply only at hundreds per second), so a probe's few packets are under any packet rate unless the burst is smaller than them; byte rates are not modelled.`,
    'option:hashlimit:hashlimit-upto': `**--hashlimit-upto RATE** (also \`--hashlimit\`): matches while the group is within RATE (\`N/second\`, \`/minute\`, \`/hour\`, \`/day\`, or a byte rate such as \`1mb/s\`). \`!\` makes it \`--hashlimit-above\`.`,
    'option:hashlimit:hashlimit-above': `**--hashlimit-above RATE**: matches once the group goes over RATE. Every packet takes a token either way.`,
    'option:hashlimit:hashlimit-burst': `**--hashlimit-burst N**: the bucket size: how many packets may come at once before the rate applies (default 5).`,
    'option:hashlimit:hashlimit-mode': `**--hashlimit-mode srcip,srcport,dstip,dstport**: the fields that make a group; with none, all packets share one bucket.`,
    'option:hashlimit:hashlimit-srcmask': `**--hashlimit-srcmask PREFIX**: with \`srcip\`, groups sources by network (/PREFIX) rather than by address.`,
    'option:hashlimit:hashlimit-dstmask': `**--hashlimit-dstmask PREFIX**: with \`dstip\`, groups destinations by network (/PREFIX).`,
    'option:hashlimit:hashlimit-name': `**--hashlimit-name NAME**: the table of buckets (\`/proc/net/ipt_hashlimit/NAME\`); rules with the same name share it.`,
    'option:hashlimit:hashlimit-htable-size': `**--hashlimit-htable-size N**: the hash table's number of buckets; a memory setting, no effect on which packets match.`,
    'option:hashlimit:hashlimit-htable-max': `**--hashlimit-htable-max N**: the most groups the table holds at once.`,
    'option:hashlimit:hashlimit-htable-expire': `**--hashlimit-htable-expire MS**: how long an idle group is kept, in milliseconds.`,
    'option:hashlimit:hashlimit-htable-gcinterval': `**--hashlimit-htable-gcinterval MS**: how often expired groups are swept, in milliseconds.`,
    'match:connlimit': `**connlimit match**: counts the tracked connections from a source (or to a destination, or from a whole network) and compares with a limit: \`--connlimit-above 10 -j REJECT\` caps connections per client. The simulator counts the probe's own connection only, so it is 1.`,
    'option:connlimit:connlimit-upto': `**--connlimit-upto N**: matches while there are at most N connections. \`!\` makes it \`--connlimit-above N\`.`,
    'option:connlimit:connlimit-above': `**--connlimit-above N**: matches when there are more than N connections, this one included. \`!\` makes it \`--connlimit-upto N\`.`,
    'option:connlimit:connlimit-mask': `**--connlimit-mask PREFIX**: counts per network of that prefix length instead of per address (default 32).`,
    'option:connlimit:connlimit-saddr': `**--connlimit-saddr**: groups connections by source address (the default).`,
    'option:connlimit:connlimit-daddr': `**--connlimit-daddr**: groups connections by destination address.`,
    'match:set': `**set match**: membership of an address (or port) in an ipset, a kernel hash set managed with the \`ipset\` tool. The set's content is not part of the file: it is treated as an opaque set unless declared.`,
    'option:set:match-set': `**--match-set NAME FLAGS**: the set NAME, looked up with the packet's fields in FLAGS (\`src\`, \`dst\`, comma-separated for sets of tuples).`,

    // --- targets and their options ------------------------------------------------------------------------------
    'target:ACCEPT': `**ACCEPT**: lets the packet through **this table at this hook**. It does not skip the other tables or the later hooks: the packet goes on to the next table by priority, then to the next hook.`,
    'target:DROP': `**DROP**: discards the packet silently; the sender hears nothing and retries until it times out (probe outcome \`dropped\`). Refused in the nat table, which is not meant for filtering.`,
    'target:RETURN': `**RETURN**: leaves the current chain. In a user chain, the walk resumes after the rule that jumped here (with \`-j\`); in a built-in chain, the chain's policy decides. After a \`-g\` goto, RETURN goes back to the chain that last used \`-j\`.`,
    'target:QUEUE': `**QUEUE**: hands the packet to a user-space program through queue 0 (as \`NFQUEUE --queue-num 0\`). The program's verdict is not modelled: the simulator reports the packet as delivered to user space.`,
    'target:REJECT': `**REJECT**: drops the packet and tells the sender: an ICMP error (port unreachable by default) or a TCP reset. The sender fails at once instead of timing out (probe outcome \`rejected\`, or \`dropped\` when the error itself is lost on the way back).`,
    'option:REJECT:reject-with': `**--reject-with TYPE**: the error sent back: \`icmp-port-unreachable\` (default), \`icmp-net-unreachable\`, \`icmp-host-unreachable\`, \`icmp-proto-unreachable\`, \`icmp-net-prohibited\`, \`icmp-host-prohibited\`, \`icmp-admin-prohibited\`, or \`tcp-reset\` (only with \`-p tcp\`).`,
    'target:LOG': `**LOG**: writes the packet's headers to the kernel log (dmesg, /var/log/messages) and continues with the next rule. Usually paired with \`-m limit\` so a flood cannot fill the log.`,
    'option:LOG:log-prefix': `**--log-prefix TEXT**: text (up to 29 characters) put before each log line, to find it later (\`"[UFW BLOCK] "\`).`,
    'option:LOG:log-level': `**--log-level LEVEL**: the syslog level (\`emerg\` .. \`debug\`, or 0..7; default \`warning\`).`,
    'option:LOG:log-tcp-sequence': `**--log-tcp-sequence**: also log TCP sequence numbers (readable by any user who can read the log).`,
    'option:LOG:log-tcp-options': `**--log-tcp-options**: also log the TCP header options.`,
    'option:LOG:log-ip-options': `**--log-ip-options**: also log the IP header options.`,
    'option:LOG:log-uid': `**--log-uid**: also log the user id of the process that sent the packet, when known.`,
    'option:LOG:log-macdecode': `**--log-macdecode**: log the MAC addresses and protocol decoded rather than as raw bytes.`,
    'target:NFLOG': `**NFLOG**: passes the packet to user space through nfnetlink_log (ulogd, \`tcpdump -i nflog:N\`) and continues with the next rule.`,
    'option:NFLOG:nflog-group': `**--nflog-group N**: the netlink group (0..65535) the packet is sent to; a listener subscribes to it.`,
    'option:NFLOG:nflog-prefix': `**--nflog-prefix TEXT**: a label (up to 63 characters) attached to the logged packet.`,
    'option:NFLOG:nflog-threshold': `**--nflog-threshold N**: how many packets the kernel queues before sending them to user space.`,
    'option:NFLOG:nflog-range': `**--nflog-range N**: how many bytes of each packet to copy (obsolete; see \`--nflog-size\`).`,
    'option:NFLOG:nflog-size': `**--nflog-size N**: how many bytes of each packet to copy to user space.`,
    'target:MARK': `**MARK**: sets the packet's netfilter mark (fwmark) and continues. The mark steers policy routing (\`ip rule fwmark\`), later rules (\`-m mark\`) and tc. kube-proxy's KUBE-MARK-MASQ sets bit 0x4000 to ask for masquerading later.`,
    'option:MARK:set-mark': `**--set-mark VALUE[/MASK]**: zeroes the bits in MASK and ORs in VALUE (mask 0xffffffff when omitted). iptables-save prints it as \`--set-xmark VALUE/0xffffffff\`.`,
    'option:MARK:set-xmark': `**--set-xmark VALUE[/MASK]**: zeroes the bits in MASK, then XORs VALUE: \`mark = (mark & ~MASK) ^ VALUE\`.`,
    'option:MARK:and-mark': `**--and-mark BITS**: \`mark = mark & BITS\`.`,
    'option:MARK:or-mark': `**--or-mark BITS**: \`mark = mark | BITS\`.`,
    'option:MARK:xor-mark': `**--xor-mark BITS**: \`mark = mark ^ BITS\`.`,
    'target:CONNMARK': `**CONNMARK**: sets the mark of the connection (on the conntrack entry), or copies between it and the packet mark, and continues. A connection mark survives across packets and directions, which a packet mark does not.`,
    'option:CONNMARK:set-mark': `**--set-mark VALUE[/MASK]**: sets the connection mark: zeroes the bits in MASK and ORs in VALUE.`,
    'option:CONNMARK:set-xmark': `**--set-xmark VALUE[/MASK]**: \`ctmark = (ctmark & ~MASK) ^ VALUE\`.`,
    'option:CONNMARK:save-mark': `**--save-mark**: copies the packet mark into the connection mark (through \`--nfmask\` and \`--ctmask\`).`,
    'option:CONNMARK:restore-mark': `**--restore-mark**: copies the connection mark into the packet mark, so every packet of the connection carries the mark set on its first.`,
    'option:CONNMARK:nfmask': `**--nfmask BITS**: with save or restore, which bits of the packet mark take part.`,
    'option:CONNMARK:ctmask': `**--ctmask BITS**: with save or restore, which bits of the connection mark take part.`,
    'option:CONNMARK:mask': `**--mask BITS**: with save or restore, sets both \`--nfmask\` and \`--ctmask\`.`,
    'target:MASQUERADE': `**MASQUERADE**: source NAT to the address of the interface the packet leaves by (the source the route would choose), decided per new connection. For dynamic addresses and for containers sharing the host's address: the seed's \`-s 192.168.31.0/24 -o eth0 -j MASQUERADE\`. Replies are translated back automatically; the connections are forgotten when the interface goes down.`,
    'option:MASQUERADE:to-ports': `**--to-ports PORT[-PORT]**: the source ports to use (with \`-p tcp\` or \`-p udp\`).`,
    'option:MASQUERADE:random': `**--random**: randomize the source port mapping.`,
    'option:MASQUERADE:random-fully': `**--random-fully**: fully randomize the source port mapping (avoids port-allocation races between many containers).`,
    'target:SNAT': `**SNAT**: rewrites the source address (and port) of a new connection to a fixed address; replies are translated back automatically. Use it when the outgoing address is static; MASQUERADE when it may change.`,
    'option:SNAT:to-source': `**--to-source ADDR[-ADDR][:PORT[-PORT]]**: the new source address or range, optionally with ports (ports need \`-p tcp\` or \`-p udp\`).`,
    'option:SNAT:random': `**--random**: randomize the source port mapping.`,
    'option:SNAT:random-fully': `**--random-fully**: fully randomize the source port mapping.`,
    'option:SNAT:persistent': `**--persistent**: give a client the same source address from the range for every connection.`,
    'target:DNAT': `**DNAT**: rewrites the destination address (and port) of a new connection, before routing: port forwarding (Docker's \`-p 8080:80\`), load balancing (kube-proxy's KUBE-SEP chains). Replies are translated back automatically.`,
    'option:DNAT:to-destination': `**--to-destination ADDR[-ADDR][:PORT[-PORT]]**: the new destination (\`10.0.0.2:80\`); ports need \`-p tcp\` or \`-p udp\`. DNAT to 127.0.0.1 from PREROUTING fails unless \`route_localnet\` is 1.`,
    'option:DNAT:random': `**--random**: randomize the port mapping.`,
    'option:DNAT:persistent': `**--persistent**: give a client the same destination from the range for every connection.`,
    'target:REDIRECT': `**REDIRECT**: DNAT to this namespace itself: to the primary address of the incoming interface (127.0.0.1 for locally generated packets), optionally to another port. Transparent proxies use it.`,
    'option:REDIRECT:to-ports': `**--to-ports PORT[-PORT]**: the local port to redirect to (needs \`-p tcp\` or \`-p udp\`).`,
    'option:REDIRECT:random': `**--random**: randomize the port mapping.`,
    'target:CT': `**CT**: sets conntrack parameters for the connection this packet starts: no tracking, a zone, a helper, events. Continues with the next rule.`,
    'option:CT:notrack': `**--notrack**: do not track this packet: its state is UNTRACKED and **no NAT** applies to it in either direction (a masqueraded flow would leave with its private source).`,
    'option:CT:zone': `**--zone N**: puts the connection in conntrack zone N, so identical tuples in different zones do not collide.`,
    'option:CT:helper': `**--helper NAME**: attaches a connection helper (\`ftp\`, \`sip\`, ...) that parses the payload and creates RELATED expectations.`,
    'option:CT:ctevents': `**--ctevents EVENT[,...]**: which conntrack events to report for this connection (\`new\`, \`related\`, \`destroy\`, ...).`,
    'option:CT:expevents': `**--expevents new**: report events for new expectations.`,
    'option:CT:timeout': `**--timeout NAME**: applies a timeout policy defined with \`nfct\`.`,
    'target:NOTRACK': `**NOTRACK**: the older spelling of \`CT --notrack\`: the packet is UNTRACKED and gets no NAT.`,
    'target:TRACE': `**TRACE**: marks the packet so that every rule it meets afterwards is logged (\`xtables-monitor --trace\` with iptables-nft, the kernel log with legacy). The simulator's trace shows the same path in \`table:chain:rule N:VERDICT\` form.`,
    'target:NFQUEUE': `**NFQUEUE**: hands the packet to a user-space program (an IPS, a userspace firewall) through a numbered queue; the program decides its fate. Not simulated: reported as delivered to user space.`,
    'option:NFQUEUE:queue-num': `**--queue-num N**: the queue number (0..65535; default 0).`,
    'option:NFQUEUE:queue-balance': `**--queue-balance FROM:TO**: spreads flows over a range of queues.`,
    'option:NFQUEUE:queue-bypass': `**--queue-bypass**: when no program listens on the queue, accept the packet instead of dropping it.`,
    'option:NFQUEUE:fail-open': `**--fail-open**: when the queue is full, accept packets instead of dropping them.`,
    'option:NFQUEUE:queue-cpu-fanout': `**--queue-cpu-fanout**: with \`--queue-balance\`, choose the queue by CPU rather than by flow hash.`,
    'target:TTL': `**TTL**: changes the IP time-to-live field and continues. Lowering it can hide a router from traceroute; raising it can create loops.`,
    'option:TTL:ttl-set': `**--ttl-set N**: sets the TTL to N.`,
    'option:TTL:ttl-dec': `**--ttl-dec N**: lowers the TTL by N.`,
    'option:TTL:ttl-inc': `**--ttl-inc N**: raises the TTL by N.`,
    'target:TCPMSS': `**TCPMSS**: rewrites the MSS option of TCP SYN segments, so that both ends send segments that fit a smaller path MTU (a tunnel such as VXLAN, 50 bytes smaller; PPPoE). Continues with the next rule.`,
    'option:TCPMSS:set-mss': `**--set-mss N**: sets the MSS to N bytes (use with \`--tcp-flags SYN,RST SYN\`).`,
    'option:TCPMSS:clamp-mss-to-pmtu': `**--clamp-mss-to-pmtu**: sets the MSS to the path MTU minus 40 bytes (IPv4 and TCP headers).`
};
