# 字段的问题：校验信息，显示在字段旁或其名称之后。
# 值按输入原样传入；`$error` 是所用库自己的说明（英文）。

## 多个字段共用。
field-required = 为必填项
field-between = 须在 { $min } 到 { $max } 之间，实际为 { $value }
field-at-most = 最多为 { $max }，实际为 { $value }
field-at-least = 至少为 { $min }，实际为 { $value }
field-too-long = 超过了 { $max } { $max ->
   *[other] 个字符
}
field-control-chars = 不能包含控制字符
field-no-nul = 不能包含 NUL 字符
field-http-url = 须为 http:// 或 https:// 网址
field-not-a-url = “{ $value }”不是有效的网址：{ $error }
field-name-exists = 已有名为“{ $name }”的监控
# 字段及其问题：`interval：须在 ...`。
field-error = { $field }：{ $message }
# 某个监控的字段错误：`监控“api”：interval：须在 ...`。
field-in-monitor = 监控“{ $monitor }”：{ $error }

## 时长。
field-not-a-duration = “{ $value }”不是时长（{ $error }）；请写成 500ms、30s、5m 或 1h 这样的形式

## 导入文件。
field-file-syntax = 第 { $line } 行第 { $column } 列：{ $error }

## 目标。
field-target-not-a-url = “{ $target }”不是有效的网址（{ $error }）；请写成 https://host/path 或 tcp://host:port 这样的形式
field-unknown-scheme = 未知的协议“{ $scheme }”；支持的有：{ $supported }
field-needs-host-and-port = “{ $target }”需要主机和端口，如 { $scheme }://host:port
field-port-out-of-range = 端口 { $port } 超出范围（1-65535）
field-not-a-port = “{ $port }”不是端口号
field-no-host = 缺少主机
field-http-targets-only = 仅适用于 http:// 和 https:// 目标
field-https-targets-only = 仅适用于 https:// 目标

## HTTP。
field-not-an-http-method = “{ $method }”不是 HTTP 方法
field-bad-header-name = “{ $name }”不是有效的请求头名称
field-bad-header-value = “{ $name }”的值不是有效的请求头值
field-status-list-empty = 至少要列出一个状态码或范围
field-status-not-a-code = “{ $value }”不是状态码，也不是 200-299 这样的范围
field-status-reversed = “{ $value }”：范围的起点大于终点
field-keyword-needed = 需要一个要查找的关键词

## TLS：`ca_file`。
field-ca-unreadable = 无法读取“{ $path }”：{ $error }
field-ca-not-pem = “{ $path }”不是 PEM 格式的证书文件：{ $error }
field-ca-empty = “{ $path }”中没有 PEM 证书

## DNS。
field-dns-not-dns = “{ $target }”不是 dns: 目标；请写成 dns:///example.com?type=A 或 dns://1.1.1.1/example.com?type=MX 这样的形式
field-dns-no-name = “{ $target }”中没有要查询的域名；请写成 dns:///example.com?type=A 或 dns://1.1.1.1/example.com?type=MX 这样的形式
field-dns-invalid-name = “{ $name }”不是有效的域名
field-dns-unsupported-type = 不支持记录类型“{ $kind }”；请使用 A、AAAA、CNAME、MX、TXT 或 NS
field-dns-unknown-option = 未知的选项“{ $option }”；只支持 type=...
field-dns-bad-port = “{ $port }”不是端口号（1-65535）
field-dns-unclosed-bracket = “{ $resolver }”：IPv6 地址的 [ 没有闭合
field-dns-expected-empty = 值不能为空
field-dns-match-mode = “{ $value }”不是匹配方式；请写 any 或 all

## ICMP。
field-icmp-needs-host = “{ $target }”需要主机，如 icmp://example.com
field-icmp-no-ports = ICMP 没有端口：请写成 icmp://host
field-percentage-between = 须为 0 到 100 之间的百分比，实际为 { $value }

## 心跳。
field-push-token = 须至少 16 个字符，只能包含字母、数字、- 或 _

## 条件：`第 2 个条件（“[STATUS] = 200”），第 10 个字符处：单个 = ...`。
field-condition-numbered = 第 { $n } 个条件（“{ $source }”），{ $problem }
field-condition-quoted = “{ $source }”，{ $problem }
field-condition-unavailable = { $kind } 检查不提供 { $placeholder }
field-condition-at = 第 { $position } 个字符处：{ $problem }
field-condition-empty = 条件为空
field-condition-single-equals = 单个 = 不是运算符；请写 ==
field-condition-missing-operator = 缺少比较运算符（==、!=、<、<=、>、>=）
field-condition-missing-operand = 运算符{ $side ->
    [before] 前
   *[after] 后
}缺少值
field-condition-unterminated = 这个 { $opener } 没有闭合
field-condition-unclosed-call = { $function }( 缺少右括号 )
field-condition-no-placeholder = 没有比较任何占位符；请写成 [STATUS] == 200 这样的形式
field-condition-match-needs-equality = pat() 和 any() 只能与 == 和 != 一起使用
field-condition-has-needs-equality = has() 的结果是真或假：请用 == 或 != 比较
field-condition-not-a-number = “{ $text }”不是数字，也不是 500ms 或 48h 这样的时长，不能用 { $op } 比较
field-condition-empty-pattern = pat() 需要一个模式，如 pat(api-*)
field-condition-empty-any = any() 需要用逗号分隔的值，如 any(200, 429)
field-condition-unknown-function = 未知的函数 { $name }()；已知的有：len()、has()、pat()、any()
field-condition-expected-placeholder = 此处应为占位符，如 [BODY]
field-condition-unknown-placeholder = 未知的占位符 { $name }；已知的有：{ $known }
field-condition-unsupported = Lookout 不支持 { $name }：{ $why }
field-condition-why-domain = 它不查询域名注册信息
field-condition-why-header = 它的条件不读取响应头
field-condition-why-context = 它没有可携带上下文的测试套件
field-condition-why-age = 它的条件不读取时间戳
field-condition-text-after = { $placeholder } 之后有多余的文字
field-condition-empty-key = . 之后应有键名
field-condition-key-with-space = “{ $key }”不是键名：键名不能含空格
field-condition-bad-index = “{ $text }”不是数组下标
field-condition-bad-path = [BODY] 之后应为 .key 或 [index]，如 [BODY].data[0].id

## 离线检测的 `reference_targets`。
field-reference-twice = “{ $entry }”重复列出
field-reference-problem = “{ $entry }”：{ $problem }
field-references-too-many = 最多 { $max } { $max ->
   *[other] 个目标
}（每次检查失败都会逐一尝试），实际为 { $count } 个
field-reference-scheme = 请写成不带协议的 host:port，如 10.0.0.1:53
field-reference-unclosed = 以 [ 开头的 IPv6 地址必须以 ] 结尾，如 [::1]:53
field-reference-not-ipv6 = “{ $value }”不是 IPv6 地址
field-reference-no-port-after-address = 地址后缺少端口；请写成 [::1]:53 这样的形式
field-reference-no-port = 缺少端口；请写成 host:port，如 10.0.0.1:53
field-reference-ipv6-brackets = IPv6 地址要放在方括号中，如 [::1]:53
field-reference-host-empty = 主机为空
field-reference-port-zero = 无法连接端口 0；请使用 1 到 65535
field-reference-port-empty = 端口为空
field-reference-port-not-number = 端口须为 1 到 65535 之间的数字，实际为“{ $value }”
field-reference-not-ipv4 = “{ $value }”不是 IPv4 地址
field-reference-not-host = “{ $value }”不是主机名或 IP 地址

## 维护时段。
field-start-required = 为必填项：now 或 2026-03-01T22:00:00Z 这样的时间
field-start-invalid = “{ $value }”既不是 `now`，也不是 2026-03-01T22:00:00Z 这样的 RFC 3339 时间：{ $error }
field-window-duration-required = 为必填项，如 30m 或 2h
field-window-too-short = 至少为 1s
field-window-too-long = 最多为 366d；更长的话请暂停该监控
field-rrule-invalid = “{ $rule }”不是有效的 RRULE：{ $why }
field-rrule-one-line = “{ $rule }”须是写在一行内的一条规则，如 FREQ=WEEKLY;BYDAY=SU
field-rrule-interval = INTERVAL 至少为 1
field-rrule-count = COUNT 最多为 { $max }；更长的系列请用 UNTIL 结束
field-rrule-too-often = “{ $rule }”重复得比每小时一次更频繁；维护时段最多每小时重复一次（FREQ=HOURLY 且只有一个 BYMINUTE 和一个 BYSECOND，或更长的 FREQ）
field-rrule-never = “{ $rule }”从不发生

## 监控。
field-severity-unknown = 未知的严重程度“{ $value }”，应为 critical 或 warning
field-timeout-over-interval = { $timeout } 比检查间隔（{ $interval }）还长
field-depends-on-itself = 监控不能依赖自身
field-name-twice-in-file = “{ $name }”被多个监控使用
field-checkpoints-too-many = 最多 { $max } { $max ->
   *[other] 个检查点
}，实际为 { $count } 个
field-checkpoint-heartbeat = 心跳监控不能作为检查点
field-quorum-unknown = “{ $value }”不是有效的判定方式；请使用 any、all 或 majority
field-confirm-after-interval = 须短于检查间隔（{ $interval }）

## 恢复操作。
field-recovery-too-many = 每个监控最多 { $max } { $max ->
   *[other] 个操作
}，实际为 { $count } 个
field-recovery-both = “run”和“webhook”只能给出其一，不能同时给出
field-recovery-neither = 需要“run”（程序及其参数）或“webhook”（网址）
field-recovery-no-program = 须指定一个程序：["systemctl", "--user", "restart", "api"]

## 通知渠道和演练。
field-channel-format = 未知的格式“{ $value }”，应为 kener、slack 或 discord
field-simulate-not-up = { $monitor } 当前为{ $status ->
    [DOWN] 故障
    [DEGRADED] 降级
    [PAUSED] 已暂停
    [MAINTENANCE] 维护中
    [OFFLINE] 离线
    [UNKNOWN] 待定
   *[other] { $status }
}；请对状态为正常（UP）的监控模拟故障
