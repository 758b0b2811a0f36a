/**
 * 繁體中文（台灣）說明目錄：每個鍵一段 Markdown，依種子章節與 SEMANTICS.md 的事實撰寫。
 * iptables 登錄檔已有的事實（寫法、可用的表與鏈）與 Hook 圖由 `docs-lookup.ts` 附加；鍵與英文目錄完全相同。
 */
export const CATALOGUE_ZH_TW: Readonly<Record<string, string>> = {
    // --- 命名空間 ---------------------------------------------------------------------------------------------
    'keyword:host': `**host 名稱 { ... }**：一台機器。名稱即其根網路命名空間，實體網路卡、橋接器與 veth 對的主機端都在這裡。

巢狀在 host 內的 \`netns\` 是這台機器上的容器，建立時會繼承主機的 \`net.ipv4.ip_forward\` 與 \`rp_filter\`（核心會把 \`conf/all\` 複製到每個新命名空間）。host 一開始 \`ip_forward = 0\`；要替容器做路由時請寫 \`sysctl net.ipv4.ip_forward = 1\`。`,
    'keyword:netns': `**netns 名稱 { ... }**：網路命名空間，一份私有的網路協定堆疊：自己的介面、位址、路由、鄰居表、sysctl、iptables 規則與連線追蹤表。命名空間之間什麼都不共享，只能透過連結（veth、macvlan、wire）通訊。

巢狀在 \`host\` 內就是容器，會繼承主機的 \`ip_forward\` 與 \`rp_filter\`；寫在最外層則是獨立的命名空間，預設為 0。每個命名空間都有 \`lo\`（127.0.0.1/8，啟用）。Docker 的橋接模式替每個容器建一個；\`--network=host\` 則不建（容器直接使用主機的）。`,

    // --- 介面種類 ---------------------------------------------------------------------------------------------
    'keyword:nic': `**nic 名稱 { ... }**：實體乙太網路卡。用 \`wire A -- B\` 把不同主機的兩張網路卡接起來。

訊框經由網路卡驅動程式送上線路；設定位址後就是一般的 L3 介面。網路卡可以當橋接器的連接埠（\`master br0\`）、macvlan 或 VLAN 子介面的父介面，或 VXLAN 通道的底層 \`dev\`。`,
    'keyword:bridge': `**bridge 名稱 { ... }**：Linux 橋接器，一台虛擬的 L2 交換器。連接埠以 \`master 名稱\` 接入。

- 它會學習每個來源 MAC 從哪個連接埠進來（300 秒後過期），並把單播訊框轉送到該連接埠；廣播、群播與未知單播訊框則洪泛到進入埠以外的所有連接埠。
- 與實體交換器不同，它也能參與 L3：設定 \`address\` 後就成為容器的閘道（Docker 的 \`docker0\`、種子章節的 \`br0 192.168.31.1/24\`）。
- 橋接的訊框預設不經過 iptables；\`net.bridge.bridge-nf-call-iptables = 1\`（br_netfilter）時，即使 \`ip_forward = 0\`，FORWARD 也會看到它們，\`-i\`/\`-o\` 是橋接器名稱，只有 \`-m physdev\` 看得到連接埠。
- \`stp on\` 啟用生成樹協定，切斷備援連結之間的迴圈；乙太訊框沒有 TTL，沒有 STP 的迴圈會永無止境地轉送。

在 macvlan 的 \`mode bridge\` 中，\`bridge\` 指的是 macvlan 模式，請見 \`keyword:mode\`。`,
    'keyword:veth': `**veth 名稱 peer 命名空間.介面 { ... }**：虛擬乙太網路對（veth pair）的一端。從一端進去的封包會從另一端出來，就像一條兩端可以放在不同命名空間的網路線。

連接容器的標準做法：一端（\`veth0\`）在容器內，另一端在主機上並接到橋接器（\`master br0\`）。一對 veth 只連接兩個命名空間；多個容器互通時，把主機端都接上橋接器。效能好又簡單，但兩端都要宣告，且至少一端要用 \`peer\` 指名另一端。`,
    'keyword:peer': `**peer 命名空間.介面**：這對 veth 的另一端，寫成 \`命名空間.介面\`（\`c1.veth0\`）。每個 veth 端恰有一個對端；只要一邊指名另一邊即可。`,
    'keyword:tun': `**tun 名稱 { ... }**：由使用者空間程式讀寫的 L3 虛擬裝置，傳遞的是不含乙太網路標頭的 IP 封包。

用於路由式 VPN（tun 模式的 OpenVPN 等）：程式讀取封包、加密後經由 socket 送出。tun 沒有 MAC，**不能當橋接器的連接埠**；需要交換訊框時請用 \`tap\`。容器之間的連結通常用 veth，而不是 tun/tap。`,
    'keyword:tap': `**tap 名稱 { ... }**：由使用者空間程式讀寫的 L2 虛擬裝置，傳遞完整的乙太訊框。

程式需要看到 L2 時使用（虛擬機器的網路卡、橋接式 VPN）：與 \`tun\` 不同，它有 MAC，**可以當橋接器的連接埠**（\`master br0\`）或 \`wire\` 的一端。`,
    'keyword:vxlan': `**vxlan 名稱 { id N remote IP ... }**：VXLAN 通道端點：把 L2 網路包在 UDP 裡，經由 L3 底層網路傳送（L2 over L4），是疊加網路（Flannel、Docker overlay、Swarm）的基礎。

- \`id\` 是 24 位元的 VNI：約 1677 萬個網段，而 802.1Q VLAN 只有 4094 個。
- **額外負擔 50 位元組**（外層乙太網路 14 + IPv4 20 + UDP 8 + VXLAN 8）：底層 MTU 1500 時 VXLAN 的 MTU 是 1450，更大的內層封包會失敗（message too long）或被分段。
- **連接埠：Linux 預設是 8472**，不是 IANA 的 4789。兩端必須一致；要與 Docker、Flannel 或硬體 VTEP 互通時請寫 \`dstport 4789\`。
- 外層封包是擁有此裝置之命名空間在本機產生的 UDP 封包：那裡的 INPUT 或 OUTPUT 規則若丟棄 udp/8472（或 4789），疊加網路就會斷。
- 代價：封裝負擔、傳輸效率下降、延遲增加；換來的是底層網路不必知道的疊加網路。`,
    'keyword:macvlan': `**macvlan 名稱 { parent 介面 mode 模式 ... }**：父網路卡的子介面，擁有自己的 MAC 位址，讓一張實體網路卡看起來像好幾張，各有自己的 MAC 與 IP。容器因此直接位於父介面的區域網路上，不需要橋接器也不需要 NAT。

- **父介面隔離**：在任何模式下，子介面送出的訊框都到不了父介面自己的 IP 協定堆疊；容器無法透過父介面與自己的主機通訊。常見解法是在主機端建一個 \`bridge\` 模式的 macvlan「shim」，接在同一個父介面上，設定位址與通往子介面的路由。
- 子介面不是橋接器連接埠：父命名空間的 iptables 看不到子介面之間的流量。
- 未指定 \`mode\` 時核心使用 \`vepa\`；Docker 的 macvlan 驅動程式預設 \`bridge\`。`,
    'keyword:vlan': `**vlan 名稱 { parent 介面 id N ... }**：802.1Q VLAN 子介面：訊框從父介面送出時帶上 VLAN 標籤 \`id\`（1..4094），讓一條線路承載多個彼此隔離的廣播網域。

VLAN 在同一個實體網路上劃分廣播網域。限制：12 位元的 ID 只有 4094 個網路，而且無法跨資料中心；VXLAN 解決了這兩點。兩個 VLAN 之間只能透過 L3 路由器通訊。`,

    // --- 介面屬性 ---------------------------------------------------------------------------------------------
    'keyword:address': `**address CIDR**：IPv4 位址與前綴長度（\`192.168.31.1/24\`）。可重複；第一個是主要位址（\`to 命名空間\` 指的就是它，也是核心在該子網路上偏好的來源位址）。

與核心相同，加上位址也會加上通往其子網路的直連路由，以及位址本身的本機路由。/32 不產生直連路由。\`down\` 介面上的位址仍屬本機（弱主機模型在任何介面上都接受），但不產生路由。`,
    'keyword:mac': `**mac MAC**：介面的乙太網路位址（\`02:42:ac:11:00:02\`）。必須是單播位址（第一個位元組為偶數）；省略時會依命名空間與介面名稱產生一個固定的。對橋接器（轉送表）、\`-m mac --mac-source\` 與 macvlan（每個子介面各有一個）有影響。`,
    'keyword:mtu': `**mtu N**：介面不分段就能送出的最大 IP 封包。預設 1500；vxlan 預設為其 \`dev\` 的 MTU 減 50（底層 1500 時為 1450）。路徑上 MTU 不一致時，只有大封包會失敗。`,
    'keyword:hairpin': `**hairpin**：用在橋接器連接埠上，允許訊框從進來的連接埠再送出去（反射轉送）。一般橋接器絕不把訊框送回來源埠。

面向 \`vepa\` 模式 macvlan 父介面的交換器連接埠需要它，同一父介面下的兩個子介面才能經由外部交換器互通。`,
    'keyword:master': `**master 橋接器**：讓這個介面成為同一命名空間內某個橋接器的連接埠。連接埠只替橋接器承載訊框；位址應設在橋接器上，而不是連接埠上（種子章節的 \`veth1\`..\`veth3\` 都沒有位址）。`,
    'keyword:down': `**down**：介面被管理性停用：不收也不送，其位址不產生直連路由（但仍是本機位址）。路徑需要它的探測會是 \`dropped\`。`,
    'keyword:stp': `**stp on|off**：橋接器上的生成樹協定（預設關閉）。橋接器之間有備援連結時，STP 會封鎖連接埠直到只剩一棵無迴圈的樹；沒有它，廣播會永遠繞圈，因為乙太訊框沒有 TTL。`,
    'keyword:on': `**on**：開啟某項設定（\`stp on\`）。`,
    'keyword:off': `**off**：關閉某項設定（\`stp off\`，預設值）。`,
    'keyword:id': `**id N**：網段編號：對 \`vxlan\` 是 24 位元的 VNI（0..16777215），兩端必須相同；對 \`vlan\` 是 802.1Q 標籤（1..4094）。`,
    'keyword:remote': `**remote IP**：VXLAN 對端的底層位址。內層的廣播、群播與未知單播訊框會送到這裡（全零的轉送項目）；已知的 MAC 則從收到的封包學習。`,
    'keyword:group': `**group IP**：群播群組（239.x.x.x）；VXLAN 把廣播與未知單播訊框送到這個群組，而不是單一的 \`remote\`；需要 \`dev\`。`,
    'keyword:local': `**local IP**：VXLAN 外層封包的來源位址。省略時由通往對端的路由決定。`,
    'keyword:dev': `**dev 介面**：要使用的介面：對 \`route\` 是輸出介面；對 \`vxlan\` 是底層介面（其 MTU 減 50 即為 VXLAN 的 MTU）。`,
    'keyword:dstport': `**dstport N**：VXLAN 的 UDP 目的連接埠。省略時 Linux 使用 **8472**（歷史預設值），而不是 IANA 的 **4789**；兩端必須使用相同的連接埠，與 Docker、Flannel 及硬體 VTEP 互通時請寫 \`dstport 4789\`。`,
    'keyword:parent': `**parent 介面**：\`macvlan\` 或 \`vlan\` 的下層裝置：本命名空間內的名稱，或 \`命名空間.介面\`（容器的 macvlan 接在主機網路卡上：\`parent docker-host.eth0\`）。`,
    'keyword:mode': `**mode private|vepa|bridge|passthru**：同一父介面下的 macvlan 子介面如何互通。

| 模式 | 子介面 ↔ 子介面 | 說明 |
|---|---|---|
| \`bridge\` | 可以，在驅動程式內交換 | 最常用（Docker 的預設） |
| \`private\` | 永遠不行 | 子介面之間完全隔離 |
| \`vepa\` | 外部交換器連接埠開了 \`hairpin\` 才行 | 所有訊框都從父介面送出；核心預設 |
| \`passthru\` | 只能有一個子介面 | 子介面接管父介面的 MAC |

任何模式下，父介面本身都無法與子介面通訊（請用 shim macvlan）。`,
    'keyword:private': `**mode private**：同一父介面下的 macvlan 子介面彼此永遠不通，即使經過 hairpin 交換器也不行。每個子介面仍可連到外部網路。`,
    'keyword:vepa': `**mode vepa**（Virtual Ethernet Port Aggregator）：子介面的每個訊框都從父介面送出，即使目的地是兄弟子介面；只有外部交換器連接埠會反射訊框（\`hairpin\`）時兄弟之間才能互通。核心的預設模式。`,
    'keyword:passthru': `**mode passthru**：單一子介面接管父介面（其 MAC 與混雜模式）。第二個 passthru 子介面，或與其他子介面並存的 passthru 子介面，都會被拒絕。`,

    // --- 路由、sysctl、socket ---------------------------------------------------------------------------------
    'keyword:route': `**route (CIDR | default) (via IP)? (dev 介面)? (metric N)?**：本命名空間主路由表中的一條路由。

最長前綴優先，其次是最小的 metric。直連路由由位址產生，只需寫其他的。閘道（\`via\`）必須直接可達（on-link），也就是經由直連路由可達，否則核心會拒絕這條路由（Nexthop has invalid gateway）。完全沒有路由時，本機送出會立刻失敗（Network is unreachable），路由器則回覆 ICMP 網路不可達。`,
    'keyword:default': `**default**：預設路由 0.0.0.0/0，沒有更長的前綴符合時使用。種子章節中，容器把一切都送往橋接器的位址（\`route default via 192.168.31.1\`）。`,
    'keyword:via': `**via IP**：下一跳路由器。必須直接可達（on-link）：位於本命名空間某個位址的子網路內（或經由裝置路由可達），否則路由會被拒絕。`,
    'keyword:metric': `**metric N**：相同前綴的路由之間的優先順序；數值最小者優先。`,
    'keyword:onlink': `**onlink**：宣告閘道可經由輸出裝置直接到達，即使沒有直連路由涵蓋它，如同 \`ip route ... onlink\`；核心因此略過直接可達的檢查。`,
    'keyword:sysctl': `**sysctl 鍵 = 值**：本命名空間的核心參數。已知的鍵：\`net.ipv4.ip_forward\`、\`net.bridge.bridge-nf-call-iptables\`、\`net.ipv4.conf.{all,介面}.rp_filter\`、\`net.ipv4.conf.{all,介面}.proxy_arp\`、\`net.ipv4.conf.{all,介面}.route_localnet\`、\`net.ipv4.conf.{all,介面}.accept_local\`；其他鍵會保留但不模擬（警告）。`,
    'keyword:listen': `**listen tcp|udp 連接埠**：一個監聽中的 socket。命名空間一旦宣告了 listen，送往沒有對應 socket 之連接埠的探測就是 \`refused\`（TCP 重置或 ICMP 連接埠不可達）。沒有任何 \`listen\` 的命名空間接受所有連接埠。`,
    'keyword:tcp': `**tcp**：傳輸控制協定（IP 協定 6）：連線、連接埠、三向交握。在探測中寫 \`tcp (sport N)? (dport N)?\`，預設 sport 40000、dport 80。`,
    'keyword:udp': `**udp**：使用者資料包協定（IP 協定 17）：有連接埠、沒有連線。在探測中寫 \`udp (sport N)? (dport N)?\`，預設 sport 40000、dport 53。連線追蹤仍會追蹤 UDP 流，所以回覆是 ESTABLISHED。`,
    'keyword:icmp': `**icmp**：網際網路控制訊息協定（IP 協定 1）。在探測中是 echo request（ping），即預設的封包。路由器與主機回傳的錯誤（網路、主機、連接埠不可達）也由 ICMP 承載。`,

    // --- iptables、頂層 ---------------------------------------------------------------------------------------
    'keyword:iptables': `**iptables { ... }**：本命名空間的 iptables 規則集，原封不動的 iptables-save 格式：\`*表\`、\`:鏈 政策 [封包數:位元組數]\`、\`-A 鏈 ...\`、\`COMMIT\`。每條規則到行尾結束。

內建鏈的標頭與 \`COMMIT\` 可以省略；出現在任何 \`*表\` 之前的 \`-A\` 行屬於 \`filter\`。多個區塊依序附加。Netfilter 在封包路徑上的五個 Hook 呼叫這些鏈；將游標停在表或鏈的名稱上即可看到位置。`,
    'keyword:from': `**from**：在 \`iptables from "檔案"\` 中，讀取與本檔同目錄的 iptables-save 檔案；在探測中，\`from 命名空間\` 指定送出封包的命名空間。`,
    'keyword:wire': `**wire 命名空間.介面 -- 命名空間.介面**：兩個 \`nic\`（或 \`tap\`）介面之間的網路線，通常連接兩台主機。從一端送出的訊框會從另一端收到。`,

    // --- 探測 -------------------------------------------------------------------------------------------------
    'keyword:probe': `**probe 名稱 from 命名空間 (src IP)? to (IP | 命名空間) 封包? (iif 介面)? expect 結果 (at 命名空間 (表 鏈)?)?**：一個由檔案斷言其命運的封包。

模擬器從 \`from\` 的命名空間送出它（或從 \`iif\` 注入），跟著它經過路由、橋接器、通道與每一條 netfilter 鏈，再跟著回覆回來，然後把送出端觀察到的結果與 \`expect\` 比較。追蹤會列出每一個判斷。`,
    'keyword:src': `**src IP**：固定探測的來源位址。省略時使用核心的選擇：所走路由的偏好來源位址。使用 \`iif\` 時必填。`,
    'keyword:to': `**to IP | 命名空間**：探測的目的地：一個位址，或一個命名空間（指其主要位址：第一個有位址之非迴路介面的第一個位址）。`,
    'keyword:sport': `**sport N**：探測的 TCP 或 UDP 來源連接埠（預設 40000）。`,
    'keyword:dport': `**dport N**：探測的 TCP 或 UDP 目的連接埠（tcp 預設 80，udp 預設 53）。`,
    'keyword:iif': `**iif 介面**：封包不是由本機 socket 送出，而是從 \`from\` 命名空間的這個介面由線路進來；不必模擬送出端就能測試主機的規則。需要 \`src\`；若有回覆，會在 \`介面\` 結束。`,
    'keyword:expect': `**expect 結果**：送出端應該觀察到的結果：\`delivered\`、\`established\`、\`dropped\`、\`rejected\`、\`refused\` 或 \`unreachable\`。探測上方的 Code Lens 會顯示是否成立。`,
    'keyword:at': `**at 命名空間 (表 鏈)?**：結果在哪裡決定：命名空間；若是規則或政策造成的丟棄或拒絕，還有做出決定之規則所在的鏈（規則在使用者自訂鏈中時即為該鏈），或由其政策決定的內建鏈。`,

    // --- 結果 -------------------------------------------------------------------------------------------------
    'outcome:delivered': `**delivered**：請求抵達了擁有目的位址（DNAT 之後）之命名空間中的本機 socket，但回覆沒有一路回到送出端（若有，結果就是 \`established\`）。\`at\` 為接收的命名空間。`,
    'outcome:established': `**established**：已送達，且回覆一路回到送出端，途中套用了連線追蹤、反向 NAT 與回程路徑的規則，並被送出端的 socket 接收：TCP 回覆必須來自 socket 所連線的位址與連接埠（沒有 br_netfilter 時經橋接的髮夾 DNAT 就在這裡失敗），而探測用的 UDP 與 ping socket 接受任何位址的回覆。也就是一條可用的連線。\`at\` 為接收請求的命名空間。`,
    'outcome:dropped': `**dropped**：被默默丟棄，送出端什麼也收不到：DROP 規則或政策、未開啟轉送、反向路徑過濾、介面停用、路由迴圈（TTL 用盡），或回傳的錯誤在途中遺失（遺失的錯誤算是在拒絕處丟棄）。`,
    'outcome:rejected': `**rejected**：送出端收到錯誤：REJECT 規則，或路由器沒有路由（ICMP 網路不可達）或鄰居不回應（ICMP 主機不可達）。種子章節中 \`isp\` 沒有通往 192.168.31.0/24 的路由，所以 \`server-to-c1\` 是 \`rejected at isp\`。`,
    'outcome:refused': `**refused**：目的主機回答「未開放」：TCP 重置或 ICMP 連接埠不可達，因為該命名空間宣告了 \`listen\` socket，卻沒有一個符合此連接埠。`,
    'outcome:unreachable': `**unreachable**：在送出端自己的協定堆疊就失敗了：沒有路由（Network is unreachable），或下一跳始終不回應 ARP（約 3 秒後 No route to host）。\`at\` 為送出端。`,

    // --- sysctl -----------------------------------------------------------------------------------------------
    'sysctl:net.ipv4.ip_forward': `**net.ipv4.ip_forward**（0 或 1；預設 0）：本命名空間是否轉送目的地不是自己的封包。為 0 時，要轉送的封包會被默默丟棄（核心記一筆位址錯誤）。

路由器，以及替容器做 NAT 的主機，都需要 1。新的命名空間會複製建立當時主機的值。橋接的訊框不需要它：橋接不是路由。`,
    'sysctl:net.ipv4.conf.all.forwarding': `**net.ipv4.conf.all.forwarding**：與 \`net.ipv4.ip_forward\` 是同一個開關的另一個名稱（0 或 1，預設 0）：命名空間是否轉送目的地不是自己的封包。`,
    'sysctl:net.bridge.bridge-nf-call-iptables': `**net.bridge.bridge-nf-call-iptables**（0 或 1；此處預設 0：未載入 br_netfilter 模組；一載入即為 1）：穿過 Linux 橋接器的訊框是否經過 iptables 的 Hook。

為 1 時，橋接的 IPv4 流量會像被路由一樣經過 PREROUTING、FORWARD 與 POSTROUTING（raw、mangle、nat、filter、security），即使 \`ip_forward = 0\`：\`-i\`/\`-o\` 比對的是橋接器名稱，\`-m physdev\` 比對連接埠，連線追蹤與 NAT 也會套用。此時 FORWARD 的 DROP 政策也會擋掉同一橋接器上容器之間的流量。此設定以命名空間為單位。Docker 在停用容器間通訊或不使用 userland proxy 的網路上會開啟它。`,
    'sysctl:net.ipv4.conf.all.rp_filter': `**net.ipv4.conf.all.rp_filter**（0、1 或 2；預設 0；發行版常在主機上設為 1 或 2）：所有介面的反向路徑過濾。

- 0：關閉。
- 1（嚴格）：回到來源的路由若不是從封包進來的介面出去，就丟棄（非對稱路由會失效）。
- 2（寬鬆）：只有來源從任何介面都無法路由時才丟棄。

介面上實際生效的值是 \`all\` 與該介面自身設定的最大值。新的命名空間會複製建立當時主機的值。`,
    'sysctl:net.ipv4.conf.*.rp_filter': `**net.ipv4.conf.介面.rp_filter**（0、1 或 2；預設 0）：單一介面的反向路徑過濾：1 嚴格（回程路由必須使用此介面），2 寬鬆（來源必須可路由）。核心套用此值與 \`net.ipv4.conf.all.rp_filter\` 的**最大值**，所以這裡設 0 無法抵銷 \`all = 1\`。`,
    'sysctl:net.ipv4.conf.*.proxy_arp': `**net.ipv4.conf.介面.proxy_arp**（0 或 1；預設 0）：為 1 時，介面會以自己的 MAC 回應那些它能經由其他介面路由到之位址的 ARP 請求，讓以為目的地在同一網段上的主機把流量送給這台路由器。\`all\` 或介面自己的值為 1 時，核心即視為開啟。`,
    'sysctl:net.ipv4.conf.*.route_localnet': `**net.ipv4.conf.介面.route_localnet**（0 或 1；預設 0）：為 1 時，從此介面進來的封包可以有 127.0.0.0/8 的來源或目的地；為 0 時核心把它們當成異常位址（martian）丟棄。kube-proxy 把 \`all\` 設為 1，讓 NodePort 在 localhost 上也能回應：PREROUTING 中 DNAT 到 127.0.0.1 需要它。\`all\` 或介面自己的值為 1 即開啟。`,
    'sysctl:net.ipv4.conf.*.accept_local': `**net.ipv4.conf.介面.accept_local**（0 或 1；預設 0）：為 1 時，此介面接受來源是本命名空間自己位址的封包；為 0 時核心把它們當成異常位址（martian）丟棄（例如帶著自己位址繞回來的髮夾流量）。\`all\` 或介面自己的值為 1 即開啟。`,

    // --- 表 ---------------------------------------------------------------------------------------------------
    'table:raw': `**raw**：在 PREROUTING 與 OUTPUT 上最先執行的表（優先級 -300），位於連線追蹤之前。用途是讓封包免於連線追蹤（\`-j CT --notrack\`、\`-j NOTRACK\`）以及 \`TRACE\`。未追蹤的封包在兩個方向都不做 NAT。

種子章節所說的表順序 raw → mangle → nat → filter → security，適用於 nat 做目的位址轉換的 Hook（PREROUTING、OUTPUT，優先級 -100）。nat 做來源位址轉換的 Hook（INPUT、POSTROUTING）優先級為 100：在 filter 之後；在 iptables-legacy 中也在 security（50）之後，在 iptables-nft 中則在 security（150）之前。`,
    'table:mangle': `**mangle**：修改封包標頭與中繼資料：TOS/DSCP、TTL、封包標記（\`-j MARK\`）與連線標記（\`-j CONNMARK\`），用於策略路由與 QoS。五條鏈都有，優先級 -150，在 raw 之後、nat 與 filter 之前。

在 mangle 的 PREROUTING 或 OUTPUT 設定的標記可以改變路由判斷（OUTPUT 會觸發重新路由）。`,
    'table:nat': `**nat**：網路位址轉換。只有**連線的第一個封包**（連線追蹤狀態 NEW）會查詢它；之後的封包與回覆依連線追蹤項目自動轉換。

- PREROUTING 與 OUTPUT（優先級 -100）：目的位址轉換（\`DNAT\`、\`REDIRECT\`），在路由判斷之前，所以 DNAT 會改變路由。
- POSTROUTING 與 INPUT（優先級 100）：來源位址轉換（\`SNAT\`、\`MASQUERADE\`），在路由之後，所以看得到輸出介面。
- 沒有 FORWARD 鏈；nat 表中不允許過濾（\`DROP\`）。`,
    'table:filter': `**filter**：防火牆表，也是未指定 \`-t\`/\`*表\` 時的預設：在 INPUT（送往本機 socket）、FORWARD（路由經過）與 OUTPUT（本機送出）決定 ACCEPT、DROP 或 REJECT。優先級 0：在 raw、mangle 與目的位址轉換之後，security 與來源位址轉換之前。`,
    'table:security': `**security**：強制存取控制（SELinux）的標記（SECMARK、CONNSECMARK），很少使用。鏈有 INPUT、FORWARD、OUTPUT。優先級取決於後端：iptables-legacy 為 50（在 nat INPUT 之前），iptables-nft 為 150（在 nat INPUT 之後）。`,

    // --- 內建鏈 -----------------------------------------------------------------------------------------------
    'chain:raw:PREROUTING': `**raw PREROUTING**：每個從介面進來的封包最先經過這裡，在連線追蹤查詢之前。適合讓進來的流量免於追蹤（\`CT --notrack\`）或開始 \`TRACE\`。Docker 的防偽造規則放在這裡。`,
    'chain:raw:OUTPUT': `**raw OUTPUT**：每個本機產生的封包，在輸出路由判斷之後、連線追蹤之前。讓本機流量免於追蹤或追蹤它。`,
    'chain:mangle:PREROUTING': `**mangle PREROUTING**：每個進來的封包，在連線追蹤之後、目的位址轉換與路由之前。在這裡設定的 MARK 可以引導策略路由（\`ip rule fwmark\`）。`,
    'chain:mangle:INPUT': `**mangle INPUT**：路由到本機 socket 的封包，在 filter INPUT 之前。`,
    'chain:mangle:FORWARD': `**mangle FORWARD**：經由本命名空間路由轉送的封包，在 filter FORWARD 之前。通道用的 TCPMSS 調整常放在這裡或 POSTROUTING。`,
    'chain:mangle:OUTPUT': `**mangle OUTPUT**：本機產生的封包，在 nat OUTPUT 之前。在這裡改變標記會讓核心重新查詢路由（來源位址不變）。`,
    'chain:mangle:POSTROUTING': `**mangle POSTROUTING**：每個即將離開的封包（轉送的或本機的），在來源位址轉換之前。`,
    'chain:nat:PREROUTING': `**nat PREROUTING**：每條進來之連線的第一個封包，在路由之前：\`DNAT\` 與 \`REDIRECT\` 的位置（連接埠轉送、Docker 發布的連接埠、kube-proxy 的 \`KUBE-SERVICES\`）。因為在路由之前執行，這裡的 DNAT 會改變封包的路由。`,
    'chain:nat:INPUT': `**nat INPUT**：送到本機 socket 之連線的第一個封包：對進來的流量做 SNAT（少見）。`,
    'chain:nat:OUTPUT': `**nat OUTPUT**：每條本機產生之連線的第一個封包：本機流量的 DNAT 與 REDIRECT（kube-proxy 讓主機自己連往服務的流量經過這裡）。這裡的 DNAT 會觸發重新路由。`,
    'chain:nat:POSTROUTING': `**nat POSTROUTING**：每條即將離開之連線的第一個封包，在路由之後：\`SNAT\` 與 \`MASQUERADE\` 的位置。種子章節的 \`-A POSTROUTING -s 192.168.31.0/24 -o eth0 -j MASQUERADE\` 讓容器的封包換上 eth0 的位址，回覆才回得來。`,
    'chain:filter:INPUT': `**filter INPUT**：送往本命名空間（任何介面上的任何位址）的封包，在路由之後：主機的防火牆。沒有規則符合時由其政策決定。`,
    'chain:filter:FORWARD': `**filter FORWARD**：經由本命名空間路由轉送的封包（\`ip_forward = 1\`），以及 br_netfilter 開啟時的橋接訊框：容器與外界之間的防火牆。Docker 在這裡安裝 \`DOCKER-USER\`、\`DOCKER-FORWARD\` 等鏈。`,
    'chain:filter:OUTPUT': `**filter OUTPUT**：本機產生的封包，在 nat OUTPUT 之後：過濾本命名空間送出的流量。`,
    'chain:security:INPUT': `**security INPUT**：送往本機 socket 的封包，在 filter INPUT 之後；SELinux 封包標籤。`,
    'chain:security:FORWARD': `**security FORWARD**：路由轉送的封包，在 filter FORWARD 之後；SELinux 封包標籤。`,
    'chain:security:OUTPUT': `**security OUTPUT**：本機產生的封包，在 filter OUTPUT 之後；SELinux 封包標籤。`,

    // --- 比對模組與選項 ---------------------------------------------------------------------------------------
    'match:basic': `**通用比對**（不需要 \`-m\`）：來源與目的位址（\`-s\`、\`-d\`）、輸入與輸出介面（\`-i\`、\`-o\`）、協定（\`-p\`）以及非第一個分段（\`-f\`）。每一項都可以用 \`!\` 取反。`,
    'option:basic:source': `**-s, --source 位址[/遮罩]**：比對封包的來源位址。\`-s 1.2.3.4\` 表示 /32。在 nat POSTROUTING 中看到的是這條規則做 SNAT 之前的來源（\`-s 192.168.31.0/24 -j MASQUERADE\`）。`,
    'option:basic:destination': `**-d, --destination 位址[/遮罩]**：比對封包的目的位址。在 nat PREROUTING 或 OUTPUT 做了 DNAT 之後，後面的鏈看到的是新的目的位址。`,
    'option:basic:in-interface': `**-i, --in-interface 名稱**：封包進來的介面；結尾的 \`+\` 比對所有以此為前綴的名稱（\`veth+\`）。只在 PREROUTING、INPUT 與 FORWARD 有意義。橋接的訊框看到的是橋接器名稱而不是連接埠（請用 \`-m physdev\`）。`,
    'option:basic:out-interface': `**-o, --out-interface 名稱**：封包將要離開的介面，路由之後才知道；結尾的 \`+\` 比對前綴。只在 FORWARD、OUTPUT 與 POSTROUTING 有意義。種子章節 MASQUERADE 規則中的 \`! -o br0\` 意思是「從橋接器以外的介面離開」。`,
    'option:basic:protocol': `**-p, --protocol 名稱|編號**：IP 協定（\`tcp\`、\`udp\`、\`icmp\`、\`all\` 或編號）。\`-p tcp\`、\`-p udp\`、\`-p icmp\` 也會載入該協定的比對模組，所以後面可以直接寫 \`--dport\`、\`--icmp-type\` 而不用 \`-m\`。`,
    'option:basic:fragment': `**-f, --fragment**：比對分段封包的第二個及之後的分段，這些分段沒有連接埠資訊。\`! -f\` 比對未分段的封包與第一個分段。`,
    'match:tcp': `**tcp 比對**：TCP 連接埠、旗標與選項。由 \`-p tcp\`（自動）或 \`-m tcp\` 載入。`,
    'option:tcp:sport': `**--sport, --source-port 連接埠[:連接埠]**：TCP 來源連接埠或包含兩端的範圍（\`1024:65535\`；省略的一端表示 0 或 65535）。`,
    'option:tcp:dport': `**--dport, --destination-port 連接埠[:連接埠]**：TCP 目的連接埠或範圍，也就是要連的服務（\`--dport 80\`）。`,
    'option:tcp:tcp-flags': `**--tcp-flags 遮罩 比較**：檢查遮罩列出的旗標，恰好只有「比較」中的旗標被設定時符合（\`--tcp-flags SYN,RST,ACK,FIN SYN\`）。旗標：SYN ACK FIN RST URG PSH ALL NONE。`,
    'option:tcp:syn': `**--syn**：開啟連線的區段：SYN 設定，RST、ACK、FIN 清除；即 \`--tcp-flags SYN,RST,ACK,FIN SYN\` 的簡寫。注意連線追蹤的 NEW 不等於 SYN：單獨的 ACK 也可能是 NEW。`,
    'option:tcp:tcp-option': `**--tcp-option N**：TCP 標頭帶有編號 N 的選項時符合（2 = MSS、3 = 視窗縮放、8 = 時間戳記）。`,
    'match:udp': `**udp 比對**：UDP 連接埠。由 \`-p udp\`（自動）或 \`-m udp\` 載入。`,
    'option:udp:sport': `**--sport, --source-port 連接埠[:連接埠]**：UDP 來源連接埠或範圍。`,
    'option:udp:dport': `**--dport, --destination-port 連接埠[:連接埠]**：UDP 目的連接埠或範圍（DNS 是 \`--dport 53\`，VXLAN 是 \`8472\` 或 \`4789\`）。`,
    'match:icmp': `**icmp 比對**：ICMP 類型與代碼。由 \`-p icmp\`（自動）或 \`-m icmp\` 載入。`,
    'option:icmp:icmp-type': `**--icmp-type 類型[/代碼] | 名稱**：ICMP 類型：\`echo-request\`（8，ping）、\`echo-reply\`（0）、\`destination-unreachable\`（3）及 \`port-unreachable\` 等代碼、\`time-exceeded\`（11），或 \`any\`。`,
    'match:multiport': `**multiport 比對**：一條規則最多列 15 個連接埠或範圍，搭配 \`-p tcp\` 或 \`-p udp\`。\`--sports\`、\`--dports\`、\`--ports\` 只能選一個。`,
    'option:multiport:sports': `**--sports, --source-ports P[,P:Q...]**：來源連接埠在清單中時符合。`,
    'option:multiport:dports': `**--dports, --destination-ports P[,P:Q...]**：目的連接埠在清單中時符合（\`--dports 80,443\`）。`,
    'option:multiport:ports': `**--ports P[,P:Q...]**：來源或目的連接埠任一在清單中時符合。`,
    'match:conntrack': `**conntrack 比對**：連線追蹤對此封包所屬連線的了解：狀態、原始與回覆方向的位址組、狀態位元與方向。使用它會在命名空間中啟用連線追蹤。`,
    'option:conntrack:ctstate': `**--ctstate 狀態[,狀態...]**：連線的狀態：

- \`NEW\`：此位址組第一個被看到的封包（不一定是 SYN：單獨的 ACK 也可能是 NEW）。
- \`ESTABLISHED\`：已看過回覆；\`RELATED\`：預期中的連線，或關於已知連線的 ICMP 錯誤。
- \`INVALID\`：無法追蹤，或未通過 TCP 檢查（SYN+FIN、零星的 RST）。
- \`UNTRACKED\`：在 raw 表以 NOTRACK 或 CT --notrack 免除追蹤。
- \`SNAT\`、\`DNAT\`：連線的位址經過轉換。

\`-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\` 是狀態式防火牆經典的第一條規則。`,
    'option:conntrack:ctproto': `**--ctproto 協定**：被追蹤之連線的第 4 層協定。`,
    'option:conntrack:ctorigsrc': `**--ctorigsrc 位址[/遮罩]**：原始方向的來源位址，即第一個封包所帶的（任何 SNAT 之前）。`,
    'option:conntrack:ctorigdst': `**--ctorigdst 位址[/遮罩]**：原始方向的目的位址，任何 DNAT 之前：即使已被轉換，仍能比對送往服務位址的流量。`,
    'option:conntrack:ctreplsrc': `**--ctreplsrc 位址[/遮罩]**：回覆方向預期的來源位址（DNAT 之後的真正伺服器）。`,
    'option:conntrack:ctrepldst': `**--ctrepldst 位址[/遮罩]**：回覆方向預期的目的位址（SNAT 之後轉換過的來源）。`,
    'option:conntrack:ctorigsrcport': `**--ctorigsrcport 連接埠[:連接埠]**：原始方向的來源連接埠。`,
    'option:conntrack:ctorigdstport': `**--ctorigdstport 連接埠[:連接埠]**：原始方向的目的連接埠，DNAT 之前。`,
    'option:conntrack:ctreplsrcport': `**--ctreplsrcport 連接埠[:連接埠]**：回覆方向的來源連接埠（DNAT 之後伺服器真正的連接埠）。`,
    'option:conntrack:ctrepldstport': `**--ctrepldstport 連接埠[:連接埠]**：回覆方向的目的連接埠。`,
    'option:conntrack:ctstatus': `**--ctstatus 狀態位元[,...]**：連線追蹤項目的內部狀態位元：\`NONE\`、\`EXPECTED\`、\`SEEN_REPLY\`、\`ASSURED\`（雙向都看過，資源緊張時也保留）、\`CONFIRMED\`。`,
    'option:conntrack:ctdir': `**--ctdir ORIGINAL|REPLY**：只比對原始方向或只比對回覆方向的封包。`,
    'match:state': `**state 比對**：\`-m conntrack --ctstate\` 較舊、較精簡的形式：\`-m state --state NEW,ESTABLISHED\`。狀態相同，但沒有 SNAT 與 DNAT。`,
    'option:state:state': `**--state 狀態[,狀態...]**：\`NEW\`、\`ESTABLISHED\`、\`RELATED\`、\`INVALID\`、\`UNTRACKED\`，與 \`--ctstate\` 相同。`,
    'match:mark': `**mark 比對**：封包的 netfilter 標記（fwmark），由先前的 \`-j MARK\` 設定（或以 \`CONNMARK --restore-mark\` 從連線還原）。標記只存在於本命名空間的協定堆疊內，不會送上線路。`,
    'option:mark:mark': `**--mark 值[/遮罩]**：\`mark & 遮罩 == 值\` 時符合（省略遮罩即 0xffffffff）。kube-proxy 的 \`--mark 0x4000/0x4000\` 檢查 KUBE-MARK-MASQ 設定的那一個位元。`,
    'match:connmark': `**connmark 比對**：存放在連線追蹤項目上的標記（由 \`-j CONNMARK\` 設定），連線的每個封包、兩個方向都共用。`,
    'option:connmark:mark': `**--mark 值[/遮罩]**：\`ctmark & 遮罩 == 值\` 時符合。`,
    'match:comment': `**comment 比對**：替規則附上註解；所有封包都符合。kube-proxy 與 Docker 用它標示自己的規則。`,
    'option:comment:comment': `**--comment 文字**：註解內容，最多 255 個字元；含空白時請加引號。`,
    'match:addrtype': `**addrtype 比對**：來源或目的位址在本命名空間中的路由類型：\`LOCAL\`（自己的位址之一）、\`UNICAST\`、\`BROADCAST\`、\`MULTICAST\`……Docker 的 \`-m addrtype --dst-type LOCAL -j DOCKER\` 攔下送往主機任一位址的流量。`,
    'option:addrtype:src-type': `**--src-type 類型[,...]**：來源位址的類型（\`LOCAL\`、\`UNICAST\`、\`BROADCAST\`、\`MULTICAST\`、\`BLACKHOLE\`、\`UNREACHABLE\`、\`PROHIBIT\`、\`ANYCAST\`、\`THROW\`、\`NAT\`、\`XRESOLVE\`、\`UNSPEC\`）。`,
    'option:addrtype:dst-type': `**--dst-type 類型[,...]**：目的位址的類型；\`LOCAL\` 表示目的地是本命名空間在任何介面上的位址之一。`,
    'option:addrtype:limit-iface-in': `**--limit-iface-in**：只依封包進來的介面判斷位址類型，而不是整個命名空間。`,
    'option:addrtype:limit-iface-out': `**--limit-iface-out**：只依封包離開的介面判斷位址類型。`,
    'match:iprange': `**iprange 比對**：任意的連續位址範圍（含兩端），用於 CIDR 表達不了的情況。`,
    'option:iprange:src-range': `**--src-range 起-迄**：來源位址介於起與迄之間（含）（\`10.0.0.5-10.0.0.20\`）。`,
    'option:iprange:dst-range': `**--dst-range 起-迄**：目的位址介於起與迄之間（含）。`,
    'match:physdev': `**physdev 比對**：橋接訊框進出的橋接器連接埠。在 br_netfilter 下，\`-i\`/\`-o\` 只看得到橋接器名稱；physdev 看得到連接埠。`,
    'option:physdev:physdev-in': `**--physdev-in 連接埠**：訊框進入的橋接器連接埠（結尾的 \`+\` 比對前綴）；在 PREROUTING、INPUT 與 FORWARD 中可知。`,
    'option:physdev:physdev-out': `**--physdev-out 連接埠**：訊框將離開的橋接器連接埠；只有 FORWARD 與 POSTROUTING 中的橋接流量才知道。`,
    'option:physdev:physdev-is-in': `**--physdev-is-in**：封包是從橋接器連接埠進來的。`,
    'option:physdev:physdev-is-out': `**--physdev-is-out**：封包將從橋接器連接埠離開。`,
    'option:physdev:physdev-is-bridged': `**--physdev-is-bridged**：封包正被橋接而不是被路由；在 FORWARD 與 POSTROUTING 中有用。`,
    'match:statistic': `**statistic 比對**：比對一部分封包，隨機或每第 n 個。kube-proxy 以依序嘗試的 \`--mode random --probability\` 規則把服務的連線分散到各端點。模擬器回報各分支的機率，而不是抽籤。`,
    'option:statistic:mode': `**--mode random|nth**：\`random\` 使用 \`--probability\`；\`nth\` 使用 \`--every\` 與 \`--packet\`。`,
    'option:statistic:probability': `**--probability P**：random 模式下，以機率 P（0..1）符合。有 n 個端點時 kube-proxy 依序寫 1/n、1/(n-1)……讓每個端點分到相同比例。`,
    'option:statistic:every': `**--every N**：nth 模式下，每 N 個封包符合一個。`,
    'option:statistic:packet': `**--packet P**：nth 模式下，每組 N 個封包中第幾個符合（0..N-1；預設 0）。`,
    'match:mac': `**mac 比對**：乙太訊框的來源 MAC 位址；只對從乙太網路介面進來的封包有意義（PREROUTING、INPUT、FORWARD）。`,
    'option:mac:mac-source': `**--mac-source XX:XX:XX:XX:XX:XX**：訊框的來源 MAC。`,
    'match:limit': `**limit 比對**：在權杖桶速率超過之前都符合，通常用來限制 LOG 規則的速率。單一探測封包永遠在限制之內：桶一開始是滿的。`,
    'option:limit:limit': `**--limit 速率[/second|/minute|/hour|/day]**：平均符合速率（預設 3/hour）。`,
    'option:limit:limit-burst': `**--limit-burst N**：桶的大小：在速率生效前一次最多可符合幾次（預設 5）。`,
    'match:recent': `**recent 比對**：每個網路命名空間中、以名稱區分的「最近見過的位址」清單。\`--set\` 記下封包的位址，\`--rcheck\` 與 \`--update\` 檢查位址是否在清單上（在 \`--seconds\` 之內、至少 \`--hitcount\` 次），\`--remove\` 將它刪除。ufw 的 \`limit\` 規則與 kube-proxy 的工作階段親和性都建立在它之上。模擬器讓每個探測都從空清單開始，就像第一個連線所遇到的，並把清單從請求帶到回覆。`,
    'option:recent:set': `**--set**：把位址加入清單（或再記一次命中）並且符合。加上 \`!\` 時會記錄但不符合。`,
    'option:recent:rcheck': `**--rcheck**：位址在清單上時符合，受 \`--seconds\` 與 \`--hitcount\` 限制。`,
    'option:recent:update': `**--update**：同 \`--rcheck\`，符合時另為該位址再記一次命中。`,
    'option:recent:remove': `**--remove**：把位址從清單刪除；位址原本在清單上時符合。`,
    'option:recent:name': `**--name 名稱**：要使用的清單（預設 \`DEFAULT\`）。清單以網路命名空間區分；同名的規則共用同一份清單。`,
    'option:recent:seconds': `**--seconds N**：搭配 \`--rcheck\`/\`--update\`，只計算最近 N 秒內的命中。`,
    'option:recent:reap': `**--reap**：搭配 \`--seconds\`，同時忘掉該位址比這更舊的命中。`,
    'option:recent:hitcount': `**--hitcount N**：搭配 \`--rcheck\`/\`--update\`，位址至少有 N 次命中（有 \`--seconds\` 時限於其內）才符合。`,
    'option:recent:rttl': `**--rttl**：位址還必須是以封包的 TTL（本機轉送之前的值）記錄的，用來防範偽造的來源。`,
    'option:recent:rsource': `**--rsource**：使用封包的來源位址（預設）。`,
    'option:recent:rdest': `**--rdest**：使用封包的目的位址。`,
    'option:recent:mask': `**--mask 網路遮罩**：先對位址套用遮罩，讓整個網段共用一筆記錄（iptables-save 寫成 \`255.255.255.255\`）。`,
    'match:hashlimit': `**hashlimit 比對**：對每一群封包（依來源、依目的連接埠……）各自以權杖桶限制速率，桶依名稱存放在表中。常用來對抗洪水攻擊：\`--hashlimit-above 20/sec --hashlimit-mode srcip -j DROP\`。模擬器讓每個探測都從滿的桶開始、且過程中時間不前進（真實的桶要在每秒數百個的速率下，才會在請求與回覆之間補回權杖），所以探測的少數封包在任何封包速率之內，除非 burst 比封包數還小；位元組速率不在模型中。`,
    'option:hashlimit:hashlimit-upto': `**--hashlimit-upto 速率**（亦作 \`--hashlimit\`）：該群在速率之內時符合（\`N/second\`、\`/minute\`、\`/hour\`、\`/day\`，或位元組速率如 \`1mb/s\`）。加上 \`!\` 即為 \`--hashlimit-above\`。`,
    'option:hashlimit:hashlimit-above': `**--hashlimit-above 速率**：該群超過速率時符合。無論如何每個封包都會取走一個權杖。`,
    'option:hashlimit:hashlimit-burst': `**--hashlimit-burst N**：桶的大小：在速率生效前一次最多可來幾個封包（預設 5）。`,
    'option:hashlimit:hashlimit-mode': `**--hashlimit-mode srcip,srcport,dstip,dstport**：決定分群的欄位；都不指定時，所有封包共用一個桶。`,
    'option:hashlimit:hashlimit-srcmask': `**--hashlimit-srcmask 前綴長度**：搭配 \`srcip\`，以網段（/前綴長度）而非單一位址分群。`,
    'option:hashlimit:hashlimit-dstmask': `**--hashlimit-dstmask 前綴長度**：搭配 \`dstip\`，以網段（/前綴長度）為目的位址分群。`,
    'option:hashlimit:hashlimit-name': `**--hashlimit-name 名稱**：存放桶的表（\`/proc/net/ipt_hashlimit/名稱\`）；同名的規則共用。`,
    'option:hashlimit:hashlimit-htable-size': `**--hashlimit-htable-size N**：雜湊表的桶數；屬於記憶體設定，不影響哪些封包符合。`,
    'option:hashlimit:hashlimit-htable-max': `**--hashlimit-htable-max N**：表中同時最多可有幾群。`,
    'option:hashlimit:hashlimit-htable-expire': `**--hashlimit-htable-expire 毫秒**：閒置的群保留多久。`,
    'option:hashlimit:hashlimit-htable-gcinterval': `**--hashlimit-htable-gcinterval 毫秒**：多久清掃一次過期的群。`,
    'match:connlimit': `**connlimit 比對**：計算來自某來源（或前往某目的、或來自整個網段）的已追蹤連線數，並與上限比較：\`--connlimit-above 10 -j REJECT\` 限制每個用戶端的連線數。模擬器只計入探測本身的連線，所以是 1。`,
    'option:connlimit:connlimit-upto': `**--connlimit-upto N**：連線數至多 N 時符合。加上 \`!\` 即為 \`--connlimit-above N\`。`,
    'option:connlimit:connlimit-above': `**--connlimit-above N**：連線數（含這一條）超過 N 時符合。加上 \`!\` 即為 \`--connlimit-upto N\`。`,
    'option:connlimit:connlimit-mask': `**--connlimit-mask 前綴長度**：以該前綴長度的網段計數，而非單一位址（預設 32）。`,
    'option:connlimit:connlimit-saddr': `**--connlimit-saddr**：依來源位址將連線分群（預設）。`,
    'option:connlimit:connlimit-daddr': `**--connlimit-daddr**：依目的位址將連線分群。`,
    'match:set': `**set 比對**：位址（或連接埠）是否屬於某個 ipset，即以 \`ipset\` 工具管理的核心雜湊集合。集合內容不在檔案中：除非有宣告，否則視為不透明的集合。`,
    'option:set:match-set': `**--match-set 名稱 旗標**：集合「名稱」，以旗標中列出的封包欄位查詢（\`src\`、\`dst\`，多元組集合以逗號分隔）。`,

    // --- 目標與選項 -------------------------------------------------------------------------------------------
    'target:ACCEPT': `**ACCEPT**：讓封包通過**此 Hook 上的這張表**。它不會跳過其他表或後面的 Hook：封包會依優先級繼續到下一張表，再到下一個 Hook。`,
    'target:DROP': `**DROP**：默默丟棄封包；送出端什麼也收不到，會一直重試到逾時（探測結果 \`dropped\`）。nat 表不允許使用，因為它不是用來過濾的。`,
    'target:RETURN': `**RETURN**：離開目前的鏈。在使用者自訂鏈中，會回到跳過來（\`-j\`）的那條規則之後繼續；在內建鏈中，由該鏈的政策決定。經由 \`-g\` goto 進來時，RETURN 會回到最後一次使用 \`-j\` 的鏈。`,
    'target:QUEUE': `**QUEUE**：透過佇列 0 把封包交給使用者空間程式（等同 \`NFQUEUE --queue-num 0\`）。程式的判決不在模擬範圍內：模擬器回報封包已交給使用者空間。`,
    'target:REJECT': `**REJECT**：丟棄封包並通知送出端：回傳 ICMP 錯誤（預設連接埠不可達）或 TCP 重置。送出端會立刻失敗而不是等到逾時（探測結果 \`rejected\`；錯誤本身在回程遺失時為 \`dropped\`）。`,
    'option:REJECT:reject-with': `**--reject-with 類型**：回傳的錯誤：\`icmp-port-unreachable\`（預設）、\`icmp-net-unreachable\`、\`icmp-host-unreachable\`、\`icmp-proto-unreachable\`、\`icmp-net-prohibited\`、\`icmp-host-prohibited\`、\`icmp-admin-prohibited\`，或 \`tcp-reset\`（限 \`-p tcp\`）。`,
    'target:LOG': `**LOG**：把封包標頭寫進核心日誌（dmesg、/var/log/messages），然後繼續下一條規則。通常搭配 \`-m limit\`，避免大量封包塞滿日誌。`,
    'option:LOG:log-prefix': `**--log-prefix 文字**：加在每行日誌前面的文字（最多 29 個字元），方便日後搜尋（\`"[UFW BLOCK] "\`）。`,
    'option:LOG:log-level': `**--log-level 等級**：syslog 等級（\`emerg\` .. \`debug\`，或 0..7；預設 \`warning\`）。`,
    'option:LOG:log-tcp-sequence': `**--log-tcp-sequence**：一併記錄 TCP 序號（能讀日誌的使用者都看得到）。`,
    'option:LOG:log-tcp-options': `**--log-tcp-options**：一併記錄 TCP 標頭選項。`,
    'option:LOG:log-ip-options': `**--log-ip-options**：一併記錄 IP 標頭選項。`,
    'option:LOG:log-uid': `**--log-uid**：一併記錄送出封包之行程的使用者 ID（若可得知）。`,
    'option:LOG:log-macdecode': `**--log-macdecode**：以解碼後的形式記錄 MAC 位址與協定，而不是原始位元組。`,
    'target:NFLOG': `**NFLOG**：透過 nfnetlink_log 把封包交給使用者空間（ulogd、\`tcpdump -i nflog:N\`），然後繼續下一條規則。`,
    'option:NFLOG:nflog-group': `**--nflog-group N**：封包送往的 netlink 群組（0..65535）；監聽程式訂閱此群組。`,
    'option:NFLOG:nflog-prefix': `**--nflog-prefix 文字**：附在記錄封包上的標籤（最多 63 個字元）。`,
    'option:NFLOG:nflog-threshold': `**--nflog-threshold N**：核心累積多少個封包後才送往使用者空間。`,
    'option:NFLOG:nflog-range': `**--nflog-range N**：每個封包複製多少位元組（已過時；請見 \`--nflog-size\`）。`,
    'option:NFLOG:nflog-size': `**--nflog-size N**：每個封包複製多少位元組到使用者空間。`,
    'target:MARK': `**MARK**：設定封包的 netfilter 標記（fwmark）後繼續。標記可引導策略路由（\`ip rule fwmark\`）、後面的規則（\`-m mark\`）與 tc。kube-proxy 的 KUBE-MARK-MASQ 設定 0x4000 位元，表示稍後要做位址偽裝。`,
    'option:MARK:set-mark': `**--set-mark 值[/遮罩]**：清除遮罩中的位元再 OR 上值（省略遮罩即 0xffffffff）。iptables-save 會印成 \`--set-xmark 值/0xffffffff\`。`,
    'option:MARK:set-xmark': `**--set-xmark 值[/遮罩]**：清除遮罩中的位元再 XOR 值：\`mark = (mark & ~遮罩) ^ 值\`。`,
    'option:MARK:and-mark': `**--and-mark 位元**：\`mark = mark & 位元\`。`,
    'option:MARK:or-mark': `**--or-mark 位元**：\`mark = mark | 位元\`。`,
    'option:MARK:xor-mark': `**--xor-mark 位元**：\`mark = mark ^ 位元\`。`,
    'target:CONNMARK': `**CONNMARK**：設定連線（連線追蹤項目上）的標記，或在它與封包標記之間複製，然後繼續。連線標記跨封包、跨方向都保留，封包標記則不會。`,
    'option:CONNMARK:set-mark': `**--set-mark 值[/遮罩]**：設定連線標記：清除遮罩中的位元再 OR 上值。`,
    'option:CONNMARK:set-xmark': `**--set-xmark 值[/遮罩]**：\`ctmark = (ctmark & ~遮罩) ^ 值\`。`,
    'option:CONNMARK:save-mark': `**--save-mark**：把封包標記複製到連線標記（經過 \`--nfmask\` 與 \`--ctmask\`）。`,
    'option:CONNMARK:restore-mark': `**--restore-mark**：把連線標記複製到封包標記，讓連線的每個封包都帶著第一個封包設定的標記。`,
    'option:CONNMARK:nfmask': `**--nfmask 位元**：儲存或還原時，封包標記中參與的位元。`,
    'option:CONNMARK:ctmask': `**--ctmask 位元**：儲存或還原時，連線標記中參與的位元。`,
    'option:CONNMARK:mask': `**--mask 位元**：儲存或還原時，同時設定 \`--nfmask\` 與 \`--ctmask\`。`,
    'target:MASQUERADE': `**MASQUERADE**：來源位址轉換成封包離開之介面的位址（路由會選的來源），每條新連線各自決定。用於動態位址，以及共用主機位址的容器：種子章節的 \`-s 192.168.31.0/24 -o eth0 -j MASQUERADE\`。回覆會自動轉換回來；介面停用時這些連線會被清除。`,
    'option:MASQUERADE:to-ports': `**--to-ports 連接埠[-連接埠]**：要使用的來源連接埠（搭配 \`-p tcp\` 或 \`-p udp\`）。`,
    'option:MASQUERADE:random': `**--random**：隨機化來源連接埠的對應。`,
    'option:MASQUERADE:random-fully': `**--random-fully**：完全隨機化來源連接埠的對應（避免大量容器搶連接埠時的競爭）。`,
    'target:SNAT': `**SNAT**：把新連線的來源位址（與連接埠）改寫成固定位址；回覆會自動轉換回來。對外位址固定時用 SNAT，可能變動時用 MASQUERADE。`,
    'option:SNAT:to-source': `**--to-source 位址[-位址][:連接埠[-連接埠]]**：新的來源位址或範圍，可加連接埠（連接埠需要 \`-p tcp\` 或 \`-p udp\`）。`,
    'option:SNAT:random': `**--random**：隨機化來源連接埠的對應。`,
    'option:SNAT:random-fully': `**--random-fully**：完全隨機化來源連接埠的對應。`,
    'option:SNAT:persistent': `**--persistent**：同一個用戶端的每條連線都使用範圍中同一個來源位址。`,
    'target:DNAT': `**DNAT**：在路由之前改寫新連線的目的位址（與連接埠）：連接埠轉送（Docker 的 \`-p 8080:80\`）、負載平衡（kube-proxy 的 KUBE-SEP 鏈）。回覆會自動轉換回來。`,
    'option:DNAT:to-destination': `**--to-destination 位址[-位址][:連接埠[-連接埠]]**：新的目的地（\`10.0.0.2:80\`）；連接埠需要 \`-p tcp\` 或 \`-p udp\`。在 PREROUTING 把目的地改成 127.0.0.1 會失敗，除非 \`route_localnet\` 為 1。`,
    'option:DNAT:random': `**--random**：隨機化連接埠的對應。`,
    'option:DNAT:persistent': `**--persistent**：同一個用戶端的每條連線都使用範圍中同一個目的地。`,
    'target:REDIRECT': `**REDIRECT**：DNAT 到本命名空間自己：進入介面的主要位址（本機產生的封包則為 127.0.0.1），可改到其他連接埠。透明代理使用它。`,
    'option:REDIRECT:to-ports': `**--to-ports 連接埠[-連接埠]**：要轉向的本機連接埠（需要 \`-p tcp\` 或 \`-p udp\`）。`,
    'option:REDIRECT:random': `**--random**：隨機化連接埠的對應。`,
    'target:CT': `**CT**：為此封包開啟的連線設定連線追蹤參數：不追蹤、區域、輔助程式、事件。然後繼續下一條規則。`,
    'option:CT:notrack': `**--notrack**：不追蹤此封包：其狀態為 UNTRACKED，兩個方向都**不做 NAT**（原本會被偽裝的流量會帶著私有來源位址離開）。`,
    'option:CT:zone': `**--zone N**：把連線放進連線追蹤區域 N，讓不同區域中相同的位址組不會衝突。`,
    'option:CT:helper': `**--helper 名稱**：附加連線輔助程式（\`ftp\`、\`sip\`……），解析酬載並建立 RELATED 預期連線。`,
    'option:CT:ctevents': `**--ctevents 事件[,...]**：要為此連線回報哪些連線追蹤事件（\`new\`、\`related\`、\`destroy\`……）。`,
    'option:CT:expevents': `**--expevents new**：回報新預期連線的事件。`,
    'option:CT:timeout': `**--timeout 名稱**：套用以 \`nfct\` 定義的逾時政策。`,
    'target:NOTRACK': `**NOTRACK**：\`CT --notrack\` 的舊寫法：封包為 UNTRACKED，不做 NAT。`,
    'target:TRACE': `**TRACE**：標記封包，使它之後遇到的每條規則都被記錄（iptables-nft 用 \`xtables-monitor --trace\`，legacy 寫入核心日誌）。模擬器的追蹤以 \`表:鏈:rule N:判決\` 的形式顯示同樣的路徑。`,
    'target:NFQUEUE': `**NFQUEUE**：透過編號佇列把封包交給使用者空間程式（入侵防禦系統、使用者空間防火牆），由程式決定其命運。不模擬：回報為已交給使用者空間。`,
    'option:NFQUEUE:queue-num': `**--queue-num N**：佇列編號（0..65535；預設 0）。`,
    'option:NFQUEUE:queue-balance': `**--queue-balance 起:迄**：把連線流分散到一段範圍的佇列。`,
    'option:NFQUEUE:queue-bypass': `**--queue-bypass**：佇列沒有程式監聽時，接受封包而不是丟棄。`,
    'option:NFQUEUE:fail-open': `**--fail-open**：佇列滿了時，接受封包而不是丟棄。`,
    'option:NFQUEUE:queue-cpu-fanout': `**--queue-cpu-fanout**：搭配 \`--queue-balance\`，依 CPU 而不是依流量雜湊選擇佇列。`,
    'target:TTL': `**TTL**：修改 IP 存活時間欄位後繼續。調低可讓路由器在 traceroute 中隱身；調高可能造成迴圈。`,
    'option:TTL:ttl-set': `**--ttl-set N**：把 TTL 設為 N。`,
    'option:TTL:ttl-dec': `**--ttl-dec N**：把 TTL 減 N。`,
    'option:TTL:ttl-inc': `**--ttl-inc N**：把 TTL 加 N。`,
    'target:TCPMSS': `**TCPMSS**：改寫 TCP SYN 區段中的 MSS 選項，讓兩端送出的區段符合較小的路徑 MTU（例如小了 50 位元組的 VXLAN 通道、PPPoE）。然後繼續下一條規則。`,
    'option:TCPMSS:set-mss': `**--set-mss N**：把 MSS 設為 N 位元組（搭配 \`--tcp-flags SYN,RST SYN\`）。`,
    'option:TCPMSS:clamp-mss-to-pmtu': `**--clamp-mss-to-pmtu**：把 MSS 設為路徑 MTU 減 40 位元組（IPv4 與 TCP 標頭）。`
};
