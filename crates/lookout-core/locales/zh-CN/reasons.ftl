# 检查失败的原因（见 en/reasons.ftl）。

reason-separator = ；

## 连接（各类探测）。
reason-refused = 连接被拒绝
reason-reset = 连接被重置
reason-aborted = 连接被中止
reason-closed = 连接已关闭
reason-timed-out = 超时
reason-timed-out-after = 等待{$span}后超时
reason-unresolved-host = 无法解析主机：{$error}
reason-unresolved-host-bare = 无法解析主机
reason-slow = 响应慢：{$ms} 毫秒，超过 {$limit} 毫秒的上限

## HTTP。
reason-status = 状态码 {$code}，预期为 {$reason_accepted}
reason-keyword-found = 找到了关键词“{$keyword}”，预期不应出现
reason-keyword-missing = 未找到关键词“{$keyword}”
reason-timed-out-reading-body = 读取响应体时超时（已等待{$span}）
reason-while-reading-body = 读取响应体时{$reason}
reason-closed-before-response = 连接在收到响应前关闭
reason-headers-too-large = 响应头过大（数量过多或过长）
reason-http-client = 无法创建 HTTP 客户端：{$error}
reason-redirect-too-many = 重定向超过 {$max} 次
reason-redirect-downgrade = 已拒绝从 https 重定向到 http（降级到 {$to}）
reason-redirect-bad-location = 重定向的 Location 不是 URL
reason-redirect-bad-location-quoted = 重定向的 Location 不是 URL（“{$location}”）
reason-redirect-scheme = 重定向到不支持的协议“{$scheme}”（{$to}）
reason-redirect-body = 重定向到其他源（{$to}）会重新发送请求体，未跟随

## TLS 与证书（tls:// 和 https://）。
reason-timed-out-connecting = 连接超时（已等待{$span}）
reason-timed-out-handshake = TLS 握手超时（已等待{$span}）
reason-tls-setup = TLS 初始化失败：{$error}
reason-tls-handshake = TLS 握手失败：{$reason}
reason-tls-error = TLS 错误：{$error}
reason-invalid-server-name = “{$host}”不是有效的服务器名称
reason-no-certificate = 服务器没有发送证书
reason-cannot-verify = 无法验证证书：{$error}
reason-cert-expired-days = 证书已过期 {$days} 天
reason-cert-expired-hours = 证书已过期 {$hours} 小时
reason-cert-expired-just-now = 证书刚刚过期
reason-cert-has-expired = 证书已过期
reason-cert-not-yet-valid = 证书尚未生效
reason-cert-not-yet-valid-from = 证书尚未生效（生效时间：{$date}）
reason-cert-not-for = 证书不适用于 {$host}
reason-cert-for-other = 证书适用于 {$names}，而不是 {$host}
reason-cert-unknown-issuer = 证书不受信任（签发者未知）
reason-cert-bad-signature = 证书不受信任（签名无效）
reason-cert-signature-mismatch = 证书不受信任（签名与签发者的密钥不符）
reason-cert-unsupported-algorithm = 证书不受信任（签名算法不受支持）
reason-cert-not-trusted = 证书不受信任（{$error}）
reason-cert-revoked = 证书已被吊销
reason-cert-wrong-purpose = 证书不能用于 TLS 服务器（密钥用途不符）
reason-cert-expires-today = 证书今天到期（{$date}）
reason-cert-expires-in = 证书将在 {$days} 天后到期（{$date}）

## DNS。
reason-dns-rcode-a = {$name} 的 A 记录查询返回 {$rcode}
reason-dns-rcode-aaaa = {$name} 的 AAAA 记录查询返回 {$rcode}
reason-dns-rcode-cname = {$name} 的 CNAME 记录查询返回 {$rcode}
reason-dns-rcode-mx = {$name} 的 MX 记录查询返回 {$rcode}
reason-dns-rcode-txt = {$name} 的 TXT 记录查询返回 {$rcode}
reason-dns-rcode-ns = {$name} 的 NS 记录查询返回 {$rcode}
reason-dns-no-records = {$name} 没有 {$kind} 记录（NOERROR）
reason-dns-none-expected = 应答（{$answers}）中没有任何预期值（{$expected}）
reason-dns-missing-expected = 应答（{$answers}）中缺少 {$missing}
reason-dns-resolver-lookup = 无法解析 DNS 服务器 {$host}：{$error}
reason-dns-resolver-no-address = 无法解析 DNS 服务器 {$host}
reason-dns-invalid-name = 名称无效：{$error}
reason-dns-encode = 无法编码查询：{$error}
reason-dns-truncated-tcp = 应答被截断，且改用 TCP 查询失败：{$reason}
reason-dns-malformed = DNS 应答格式错误：{$error}
reason-dns-other-query = 收到的是另一个查询的 DNS 应答

## ICMP。
reason-ping-no-reply-one = ping 没有应答（丢包 100%）
reason-ping-no-reply = {$sent} 次 ping 都没有应答（丢包 100%）
reason-ping-loss = 丢包率 {$loss}（{$sent} 个中丢失 {$lost} 个），超过 {$limit} 的上限
reason-icmp-not-allowed = 此进程不允许使用 ICMP 套接字；可用 `sudo sysctl -w net.ipv4.ping_group_range="0 2147483647"` 启用（或为程序授予 CAP_NET_RAW 权限）
reason-icmp-socket = 无法打开 ICMP 套接字：{$error}

## 心跳。
reason-push-waiting = 正在等待第一次推送
reason-push-none = {$span}内没有收到推送
reason-push-late = 已有{$span}没有收到推送，宽限期为{$span_grace}
reason-push-down = 任务报告故障
reason-push-down-message = 任务报告故障：{$message}

## 未满足的条件：运算符照写，两侧各自翻译。
reason-condition-eq = {$reason} == {$reason2}
reason-condition-ne = {$reason} != {$reason2}
reason-condition-lt = {$reason} < {$reason2}
reason-condition-le = {$reason} <= {$reason2}
reason-condition-gt = {$reason} > {$reason2}
reason-condition-ge = {$reason} >= {$reason2}
reason-condition-missing = {$reason}（缺失）
reason-condition-expired = {$reason}（已过期{$span}）

## 监控的一次检查。
reason-checkpoint = {$target}: {$reason}
reason-checkpoints-failed = {$total} 个检查点中有 {$failed} 个失败：{$reason}
reason-confirmed = {$reason}（已经复查确认）
reason-offline = 本机离线：{$reason}
reason-check-crashed = Lookout 内部执行检查时出错（{$error}），将在下一个周期继续
reason-check-not-run = 无法运行检查：{$reason}
reason-heartbeat-needs-engine = 心跳只能由运行中的引擎判断（lookout run 或桌面应用）

## 本机是否联网？
reason-no-route = 没有网络路由
reason-references-unreachable = 参照目标无法连接：{$targets}
reason-drill = 模拟故障（自检；服务未受影响）

# engine_fault 所指的 Lookout 部件。
reason-task-check = 对 {$monitor} 的检查
reason-task-check-unknown = 对某个监控的检查
reason-task-background = 引擎的一个后台任务
reason-task-engine-loop = 引擎主循环
reason-task-writer = 数据库写入线程
reason-task-heartbeat = 心跳监听器
reason-task-dispatcher = 恢复操作调度器
