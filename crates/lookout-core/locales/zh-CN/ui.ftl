# 仪表板（ui/app）的文字：每个消息 id 都以 `ui-` 开头。页面通过 `get_language` 取得整个文件；
# ui/test/catalogue.test.js 会将它与 en/ui.ftl 及页面用到的 id 逐一核对。
# 中文没有单复数之分：选择器只用 `*[other]`，需要时用数字键（如 `[1]`）。

## 通用
ui-app-name = Lookout
# 列表分隔符：名称、星期、计数。
ui-list-separator = 、
# 核心按路径指出的字段错误：“<字段>：<说明>”。
ui-error-field = { $field }：{ $message }
ui-page-title = { $page } — Lookout
ui-back-to-dashboard = ← 仪表板
ui-cancel = 取消
ui-remove = 移除
ui-actions = 操作

## 时长：最多两个单位（`3分钟12秒`）。
ui-duration-seconds = { $n }秒
ui-duration-minutes = { $n }分钟
ui-duration-hours = { $n }小时
ui-duration-days = { $n }天
ui-duration-pair = { $big }{ $small }
ui-ago = { $duration }前
ui-until = 至 { $time }
ui-until-resumed = 至手动恢复
# 日期（`$year` 为文本，`$month`、`$day` 为数字），以及不是今天的时间：该日期加上 `$time`（形如 `14:02`）。
ui-date = { $year }年{ $month }月{ $day }日
ui-date-time = { $date } { $time }

## 数值
ui-latency-ms = { $ms } 毫秒
ui-latency-seconds = { $s } 秒
ui-percent = { $value }%
ui-size-bytes = { $n } B
ui-size-kb = { $n } KB
ui-size-mb = { $n } MB

## 状态词（监控的状态、页头的总体状态）
ui-status-up = 正常
ui-status-down = 故障
ui-status-degraded = 降级
ui-status-maintenance = 维护中
ui-status-paused = 已暂停
ui-status-unknown = 待定
ui-status-offline = 离线
ui-status-triggered = 告警
ui-status-resolved = 恢复

## 发送测试通知（页脚）
ui-selftest-sending = 正在发送…
ui-selftest-nothing = 没有尝试任何通道。
ui-selftest-all = 全部 { $total } 项均成功。
ui-selftest-some = { $total } 项中有 { $ok } 项成功。
ui-selftest-ok = ✓ { $name }
ui-selftest-failed = ✕ { $name }：{ $error }
ui-selftest-failed-reason = 失败
ui-selftest-no-webhooks = 尚未配置任何 Webhook 通道。

## 页头的计数，与托盘提示一致（“5 个正常、1 个故障”）
ui-count-up = { $n } 个正常
ui-count-down = { $n } 个故障
ui-count-degraded = { $n } 个降级
ui-count-unknown = { $n } 个待定
ui-count-maintenance = { $n } 个维护中
ui-count-paused = { $n } 个已暂停
ui-count-none = 没有监控
ui-health-offline = 本机已离线；恢复联网后继续检查

## 每日可用率柱状图（每根柱的提示）
ui-day-no-data = { $date }：无数据
ui-day-up = { $date }：{ $pct }% 正常
ui-day-up-failed = { $date }：{ $pct }% 正常，{ $failed } 次检查失败

## 页面在发送前自行发现的错误
ui-error-whole-number = 必须是整数
ui-error-number = 必须是数字
ui-error-on-line = 第 { $line } 行：{ $message }
ui-error-some-fields = 有些字段需要修改
# 仅在 Lookout 之外打开页面时出现。
ui-error-no-tauri = 未在 Lookout 中运行：缺少 window.__TAURI__

## 维护规则与维护时段
ui-maintenance-start-missing = 请选择日期和时间，或选择立即开始
ui-maintenance-start-invalid = “{ $value }”不是有效的日期和时间
ui-rule-once = 仅一次
ui-rule-every-hour = { $n ->
    [1] 每小时
   *[other] 每 { $n } 小时
}
ui-rule-every-day = { $n ->
    [1] 每天
   *[other] 每 { $n } 天
}
ui-rule-every-week = { $n ->
    [1] 每周
   *[other] 每 { $n } 周
}
ui-rule-every-month = { $n ->
    [1] 每月
   *[other] 每 { $n } 个月
}
ui-rule-every-year = { $n ->
    [1] 每年
   *[other] 每 { $n } 年
}
ui-rule-on-days = { $rule }的{ $days }
ui-weekday-monday = 星期一
ui-weekday-tuesday = 星期二
ui-weekday-wednesday = 星期三
ui-weekday-thursday = 星期四
ui-weekday-friday = 星期五
ui-weekday-saturday = 星期六
ui-weekday-sunday = 星期日
ui-window-active = 进行中
ui-window-active-until = 进行中，至 { $time }
ui-window-next = 下次 { $time }
ui-window-over = 已结束

## 离线检测（页脚）
ui-offline-state-off = 未启用参照检查：只有在没有网络路由时，才认为本机离线。
ui-offline-source-default = 正在使用默认目标
ui-offline-source-yours = 正在使用你设置的目标
ui-offline-state-one = { $source }：{ $target } 无法连通时视为离线。
ui-offline-state-two = { $source }：两个目标同时无法连通时视为离线。
ui-offline-state-many = { $source }：至少两个目标同时无法连通时视为离线。
ui-offline-intro = 对远程服务的检查失败时，Lookout 会先判断本机是否离线：没有网络路由，或下列目标同时无法连通。如果是离线，它只提示一次，而不会发出故障告警。在封闭网络中（实验室、仅限 VPN 的办公室），请列出该网络中始终会响应的主机。
ui-offline-label = 参照目标（host:port，每行一个或用逗号分隔）
# 默认目标之前的文字；之后接 `ui-offline-help`。
ui-offline-defaults = 默认值：
ui-offline-help = 。IPv6 写作 [::1]:53。留空或写 none：只检查网络路由。
ui-offline-save = 保存
ui-offline-reset = 恢复默认值

## 汇总数值
ui-summary-no-data = 无数据
ui-summary-not-applicable = 不适用
ui-period-24h = 24 小时
ui-period-7d = 7 天
ui-period-30d = 30 天

## 徽标与图表
ui-drill-badge = 演练
ui-drill-title = 演练：一次模拟故障（自检），没有触及服务本身。不计入可用率、停机时间、MTTR、MTTD 或汇总。
ui-spark-label = 延迟（最近几小时）：最高 { $max } 毫秒
ui-spark-empty = 暂无延迟数据
ui-days-label = 每日可用率，最近 30 天

## 事件
ui-incident-title = { $monitor } 状态：{ $state }
ui-incident-open = 进行中
ui-incident-resolved = 已解决
ui-incident-monitor = 监控
ui-incident-severity = 严重程度
ui-incident-started = 开始时间
ui-incident-detected = 发现时间
ui-incident-resolved-at = 解决时间
ui-incident-not-yet = 尚未解决
ui-incident-down-for = 已故障
ui-incident-duration = 持续时间
ui-incident-export-report = 导出报告
ui-incident-timeline = 时间线
# 事件列表中：开始时间，以及持续了多久。
ui-incident-when-open = { $time } · 已持续 { $duration }
ui-incident-when-resolved = { $time } · 持续了 { $duration }
ui-severity-critical = 严重
ui-severity-warning = 警告
ui-event-first-failure = 首次失败
ui-event-triggered = 已触发
ui-event-reminder = 提醒
ui-event-acknowledged = 已确认
ui-event-note = 备注
ui-event-resolved = 已解决
ui-event-recovery-action = 恢复操作
ui-event-notification = 通知
ui-event-flapping = 状态反复变化

## 仪表板
ui-add-monitor = 添加监控
ui-pause = 暂停
ui-resume = 恢复
ui-dashboard-monitors = 监控
ui-dashboard-filter = 筛选
ui-dashboard-filter-placeholder = 名称、目标或状态
ui-dashboard-previous = 上一页
ui-dashboard-next = 下一页
ui-dashboard-pages = 监控分页
ui-dashboard-page-info = 第 { $from }–{ $to } 个，共 { $total } 个
ui-dashboard-no-match = 没有匹配的监控
ui-dashboard-pause-all = 全部暂停
ui-dashboard-resume-all = 全部恢复
ui-dashboard-empty = 还没有监控。添加一个即可开始监视服务，也可以从 Uptime Kuma、Kener 或 Gatus 导入已有的监控。
ui-dashboard-import = 导入…
ui-dashboard-caption = 监控列表，需要关注的排在前面
ui-dashboard-col-status = 状态
ui-dashboard-col-monitor = 监控
ui-dashboard-col-latency = 延迟
ui-dashboard-col-latency-6h = 延迟（6 小时）
ui-dashboard-col-days = 最近 30 天可用率
ui-dashboard-incidents = 事件
ui-dashboard-no-incidents = 没有事件，一切正常。
ui-dashboard-snoozed = 🔕 已暂缓
ui-dashboard-snoozed-title = 通知暂缓{ $until }
ui-dashboard-in-maintenance = 处于维护时段：检查照常进行，但不发出任何告警。
ui-dashboard-last-check = 上次检查 { $time }
ui-dashboard-not-checked = 尚未检查
ui-dashboard-pause-name = 暂停 { $name }
ui-dashboard-resume-name = 恢复 { $name }
ui-dashboard-edit = 编辑
ui-dashboard-edit-name = 编辑 { $name }

## 监控表单：每个输入项的标签和说明
ui-field-name = 名称
ui-field-name-help = 显示在托盘、通知和仪表板中。
ui-field-target = 目标
ui-field-target-help = https://host/path（或 http://）、tcp://host:port、tls://host:port、dns://resolver/name?type=A（不指定解析器：dns:///name?type=A；类型可为 A、AAAA、CNAME、MX、TXT 或 NS）、icmp://host、push://（由你的任务调用的心跳）。
ui-field-interval = 检查间隔
ui-field-interval-help = 例如 30s、5m 或 1h。
ui-field-timeout = 超时
ui-field-timeout-help = 不超过检查间隔。
ui-field-failure-threshold = 判定故障前的失败次数
ui-field-failure-threshold-help = 连续失败多少次检查后触发告警。
ui-field-success-threshold = 判定正常前的成功次数
ui-field-success-threshold-help = 连续通过多少次检查后解除告警。
ui-field-severity = 严重程度
ui-field-severity-help = “严重”级别的通知会一直保留，直到被关闭。
ui-field-create-incident = 故障时创建事件
ui-field-conditions = 条件（任一不满足即为故障）
ui-field-conditions-help = 每行一个，写法同 Gatus：[STATUS] == 200、[BODY].status == UP、[RESPONSE_TIME] < 500、[CERTIFICATE_EXPIRATION] > 48h。
ui-field-degraded-conditions = 降级条件
ui-field-degraded-conditions-help = 每行一个；不满足时检查结果记为降级，而不是故障。
ui-field-keyword = 关键词（HTTP）
ui-field-keyword-help = 响应正文必须包含此文本。
ui-field-invert-keyword = 响应正文不得包含该关键词
ui-field-accepted-status = 可接受的状态码（HTTP）
ui-field-accepted-status-help = 以逗号分隔的状态码和范围，例如 200-299, 301。默认 200-299。
ui-field-ignore-tls = 忽略 TLS 证书错误（https://、tls://）
ui-field-cert-warn-days = 证书到期预警（天）
ui-field-cert-warn-days-help = 证书在这么多天内到期时记为降级。默认 14。
ui-field-degraded-latency = 延迟超过此值记为降级
ui-field-degraded-latency-help = 例如 500ms 或 2s。留空：延迟不会导致降级。
ui-field-grace = 宽限期（心跳）
ui-field-grace-help = 在这段时间内没有收到推送即为故障，例如 10m。默认：检查间隔。
ui-field-expected = 期望的应答（DNS）
ui-field-expected-help = 每行一个值；留空：任何应答都算正常。
ui-field-match = 匹配方式（DNS）
ui-field-match-help = any：应答中包含任一期望值即可；all：必须包含全部期望值。
ui-field-count = 回显请求数（ICMP）
ui-field-count-help = 每次检查发送的数量。默认 3。
ui-field-loss-threshold = 丢包率阈值 %（ICMP）
ui-field-loss-threshold-help = 丢包率超过此值记为降级。默认 20。
ui-field-checkpoints = 更多检查点
ui-field-checkpoints-help = 同一服务的其他目标，每行一个（IPv4 和 IPv6、另一个 URL 或解析器）。
ui-field-quorum = 判定规则
ui-field-quorum-help = 多少个检查点失败才判定为故障：majority（多数，默认）、any（任一）或 all（全部）。
ui-field-confirm-retries = 确认复查次数
ui-field-confirm-retries-help = 检查失败后立即复查这么多次，之后才计为失败。默认 0。
ui-field-confirm-after = 每次复查前的等待时间
ui-field-confirm-after-help = 例如 1s（默认）；须短于检查间隔。
ui-field-depends-on = 依赖于
ui-field-depends-on-help = 另一个监控的名称：当它处于故障时，此监控的故障告警将暂缓发出。
ui-field-flap-max = 抖动上限前的通知数
ui-field-flap-max-help = 在下方的时间窗口内最多发出这么多条通知；之后只发一条“状态反复变化”提示，并保持安静直到状态稳定。默认 4。
ui-field-flap-window = 抖动上限时间窗口
ui-field-flap-window-help = 例如 10m（默认）；范围为 1m 到 24h。

## 监控表单
ui-form-what = 监视对象
ui-form-when = 告警时机
ui-form-advanced = 高级
ui-form-advanced-set = 高级（已设置 { $n } 项）
ui-form-recovery-actions = 恢复操作
ui-form-save = 保存更改
ui-form-test-now = 立即测试
ui-form-checking = 检查中…
# “立即测试”之后：先是状态徽标，然后是这段文字。
ui-form-test-latency = 用时 { $latency }
ui-form-edit-title = 编辑 { $name }
ui-form-delete = 删除
ui-form-really-delete = 确定删除 { $name }？
ui-form-manage = 管理此监控
ui-form-maintenance-window = 维护时段…
ui-group-down-degraded = 何时判定为故障或降级
ui-group-http-tls = HTTP 与 TLS
ui-group-heartbeat = 心跳（push://）
ui-group-dns = DNS（dns://）
ui-group-ping = Ping（icmp://）
ui-group-confirmation = 确认
ui-group-dependencies = 依赖
ui-group-flap-cap = 抖动上限
ui-severity-option-critical = 严重
ui-severity-option-warning = 警告
ui-choice-match-default = 默认（任一）
ui-choice-quorum-default = 默认（多数）
# 选项的值是监控文件中的写法；这里是显示给人看的文字。
ui-choice-any = 任一（any）
ui-choice-all = 全部（all）
ui-choice-majority = 多数（majority）
ui-snooze-group = 暂缓通知
ui-snooze-label = 暂缓通知：
ui-snooze-hours = { $n } 小时
ui-snooze-for-hours = 暂缓通知 { $n } 小时
ui-snooze-until-resumed = 直到手动恢复
ui-snooze-for-ever = 暂缓通知，直到手动恢复
ui-snooze-unsnooze = 取消暂缓（已暂缓{ $until }）
ui-simulate = 模拟故障
ui-simulate-title = 用合成的失败结果驱动告警规则、事件和通知；不会触及服务本身，恢复操作也只会说明将运行什么。

## 恢复操作（表单的“高级”部分）
ui-recovery-intro = 在监控处于故障时依次尝试；每次尝试后立即复查，并记录在事件中。“模拟故障”只会说明将运行什么。
ui-recovery-add-run = + 运行程序
ui-recovery-add-webhook = + 调用 Webhook
ui-recovery-card-run = { $n }. 运行程序
ui-recovery-card-webhook = { $n }. 调用 Webhook
ui-recovery-remove-action = 移除恢复操作 { $n }
ui-recovery-after-failures = 失败几次检查后运行
ui-recovery-after-failures-help = 留空：在故障告警触发时运行。
ui-recovery-after-failures-placeholder = 故障告警触发时
ui-recovery-max-attempts = 每次故障的尝试次数
ui-recovery-max-attempts-help = 默认 3。
ui-recovery-cooldown = 尝试间隔
ui-recovery-cooldown-help = 默认 5m。
ui-recovery-timeout = 超时放弃
ui-recovery-timeout-help = 程序将被终止，调用将被放弃。默认 30s。
ui-recovery-argv = 程序和参数
ui-recovery-argv-help = 每个参数一个输入框，按输入原样传递。不经过 shell：引号、$VARIABLES、管道、; 和 * 都没有特殊含义。程序可以从环境变量中读取 LOOKOUT_MONITOR、LOOKOUT_ATTEMPT 和 LOOKOUT_INCIDENT。
ui-recovery-program = 程序
ui-recovery-argument = 参数 { $n }
ui-recovery-remove-argument = 移除参数 { $n }
ui-recovery-add-argument = + 参数
ui-recovery-webhook = 要 POST 到的 URL
ui-recovery-webhook-help = 会收到一个 JSON POST 请求，其中包含监控、其目标、事件和尝试次数。

## 保存恢复操作前的确认
ui-consent-heading = { $n ->
    [1] 保存此恢复操作？
   *[other] 保存这 { $n } 个恢复操作？
}
ui-consent-intro = 每个操作都会以你的身份运行：每当此监控的目标失败时就会运行，不再询问。请逐一阅读：这里显示的就是将要运行的内容。
ui-consent-confirm = { $n ->
    [1] 保存并启用此操作
   *[other] 保存并启用这 { $n } 个操作
}
ui-consent-back = 返回
# 位于将要运行的操作之前。
ui-consent-field = { $field }：

## 维护时段页面
ui-maintenance-heading = 维护时段
ui-maintenance-intro = 在维护时段内，相关监控仍会被检查，但状态显示为“维护中”：不发出告警、不创建事件，这段时间也不计入停机时间。
ui-maintenance-caption = 维护时段，进行中的排在前面
ui-maintenance-col-now = 当前
ui-maintenance-col-repeats = 重复
ui-maintenance-monitors = 监控
ui-maintenance-starts = 开始
ui-maintenance-lasts = 持续
ui-maintenance-empty = 没有维护时段。计划对某个服务进行维护时添加一个，这样它的检查就不会惊动任何人。
ui-maintenance-no-monitors = 还没有监控。
ui-maintenance-start-now = 立即
ui-maintenance-start-at = 指定时间
ui-maintenance-start-at-label = 开始日期和时间
ui-maintenance-duration-help = 例如 30m 或 2h。重复的时段每次持续这么久。
ui-maintenance-rrule = 重复（可选）
ui-maintenance-rrule-help = 从开始时间起算的 iCalendar RRULE，例如 FREQ=DAILY 或 FREQ=WEEKLY;BYDAY=SU。留空：仅一次。
ui-maintenance-form-heading = 添加维护时段
ui-maintenance-add = 添加时段
ui-maintenance-remove-label = 移除 { $names } 的维护时段
ui-maintenance-really-remove = 确定移除？

## 汇总页面
ui-summary-heading = 汇总
ui-summary-since = 自 { $time } 起
ui-summary-period = 时间范围
ui-summary-incidents-started = 新发生的事件
ui-summary-resolved = 已解决 { $n } 个
ui-summary-downtime = 停机时间
ui-summary-downtime-detail = 所有监控累计
ui-summary-mttr = MTTR
ui-summary-mttr-detail = 平均解决时间
ui-summary-mttd = MTTD
ui-summary-mttd-detail = 平均发现时间
ui-summary-monitors = 监控
ui-summary-monitors-caption = 各监控在此期间的情况
ui-summary-col-monitor = 监控
ui-summary-col-uptime = 可用率
ui-summary-col-incidents = 事件
ui-summary-col-incident = 事件
ui-summary-col-started = 开始时间
ui-summary-col-lasted = 持续时间
ui-summary-no-monitors = 没有监控。
ui-summary-incidents = 事件（{ $n }）
ui-summary-incidents-caption = 此期间的事件，进行中的排在前面
ui-summary-no-incidents = 此期间没有事件。
ui-summary-warning = （警告）
# 进行中事件到目前为止的持续时间。
ui-summary-lasting = 已持续 { $duration }

## 备份页面
ui-backups-heading = 备份
ui-backups-intro = Lookout 每天复制一次数据库，保留最近 7 份，位于 { $dir }。
ui-backups-col-day = 日期
ui-backups-col-size = 大小
ui-backups-none = 还没有备份：Lookout 会在启动时创建一份，之后每天一份。
ui-backups-restore = 恢复 { $date }…
ui-backups-question-label = 恢复 { $date } 的备份？
ui-backups-question = Lookout 会暂停检查片刻，用 { $date } 的备份替换当前数据库，然后重新启动。该日期之后的监控、事件和历史记录都会被替换；当前数据库会重命名后保留在旁边，不会被删除。
ui-backups-confirm = 恢复并重启
ui-backups-restoring = 正在恢复 { $date } 的备份；Lookout 稍后将重新启动…

## 导入和导出页面
# 此页面的窗口标题（“<标题> — Lookout”）。
ui-import-title = 导入和导出
ui-import-heading = 导入监控
ui-import-intro = 支持 Uptime Kuma 备份、Kener 或 Gatus 配置，以及 Lookout 导出文件。选择文件，或将它拖放到此窗口的任意位置。添加任何内容之前，你都会先看到将要添加的内容。
ui-import-file = 文件
ui-import-format = 格式
ui-import-format-auto = 根据文件判断
ui-import-format-uptime-kuma = Uptime Kuma 备份（JSON）
ui-import-format-kener = Kener（YAML 或 JSON）
ui-import-format-gatus = Gatus（YAML）
ui-import-format-lookout = Lookout 导出文件（JSON）
# 产品名称：各语言相同。
ui-tool-lookout = Lookout
ui-tool-kener = Kener
ui-tool-uptime-kuma = Uptime Kuma
ui-tool-gatus = Gatus
ui-import-summary = { $name }：将导入 { $n } 个监控
ui-import-summary-from = { $name }：将从 { $tool } 导入 { $n } 个监控
ui-import-nothing = { $name }：没有可导入的内容
ui-import-nothing-from = { $name }：没有可从 { $tool } 导入的内容
ui-import-confirm = 导入 { $n } 个监控
ui-import-confirm-with-actions = 导入 { $n } 个监控及 { $actions } 个恢复操作
ui-import-done = 已导入 { $n } 个监控。
ui-import-done-from = 已从 { $tool } 导入 { $n } 个监控。
ui-import-col-name = 名称
ui-import-col-target = 目标
ui-import-col-every = 间隔
ui-import-paused = { $name }（已暂停）
# 位于监控名称之后：列出它的原因。
ui-import-reason = ：{ $reason }
ui-import-consent-heading = 此文件中有 { $n } 个恢复操作
ui-import-consent-intro = 每个操作都会以你的身份运行：每当其监控的目标失败时就会运行，不再询问，而这些目标是由文件的作者选定的。请逐一阅读：这里显示的就是将要运行的内容。
ui-import-consent-field = { $monitor } { $field }：
ui-import-redacted = 文件中标为 REDACTED 的内容：请填入真实值，在此之前这些检查都会失败
ui-import-skipped = 未导入（{ $n } 个监控）
ui-import-unmapped = 未能迁移（{ $n } 项设置）
ui-import-too-large = { $name }：文件大于 { $mib } MiB；导入文件只包含监控定义，不包含数据
ui-import-not-text = { $name }：该文件不是文本（UTF-8）
ui-import-cannot-read = 无法读取 { $name }：{ $error }
ui-export-heading = 导出监控
ui-export-intro = 将所有监控导出为 Lookout 文件，内容与 `lookout export` 的输出相同，保存在你的“下载”文件夹中。
ui-export-redact = 隐去机密信息（请求头、令牌、密码、Webhook URL）：得到一个可以安全分享的文件
ui-export-button = 导出监控
ui-export-saved = 已将 { $n } 个监控保存到 { $path }。
ui-export-saved-with-commands = { $saved }其中包含 { $commands } 条恢复命令：看起来像机密的参数已标为 REDACTED，但单独出现的机密无法识别，分享前请仔细检查。

## 监控页面中表单下方的部分
ui-monitor-incidents = 事件
ui-monitor-incidents-label = 此监控的事件
ui-monitor-no-incidents = 无。

## 提示（页头下方的一行）
ui-notice-drop-one = 请一次只拖放一个文件。
ui-notice-drop-elsewhere = 请打开“导入”页面，从文件导入监控。
ui-notice-saved = 已保存 { $name }。
ui-notice-deleted = 监控已删除。
ui-notice-simulated = 已模拟 { $name } 的故障：其告警已触发；该规则不会创建事件。
ui-notice-simulated-incident = 已模拟 { $name } 的故障：事件 #{ $incident } 已创建并解决，作为演练保留（不计入可用率和汇总）。
ui-notice-report-saved = 报告已保存到 { $path }
ui-notice-maintenance-active = { $n ->
   *[other] 已添加维护时段：{ $names } 将从下次检查起显示为“维护中”。
}
ui-notice-maintenance-added = 已为 { $names } 添加维护时段。
ui-notice-maintenance-removed = 维护时段已移除。
ui-notice-offline-saved = 离线检测设置已保存：引擎将在一秒内采用。
ui-notice-offline-reset = 离线检测：已恢复默认参照目标。
ui-notice-could-not-load = 无法加载：{ $error }

## 页头和页脚（index.html）
ui-nav-label = 主导航
ui-nav-dashboard = 仪表板
ui-nav-summary = 汇总
ui-nav-maintenance = 维护
ui-nav-import = 导入
ui-footer-start-at-login = 登录时启动 Lookout
ui-footer-send-test = 发送测试通知
ui-footer-tray = 关闭此窗口后，Lookout 会继续在托盘中监视。
ui-footer-backups = 备份
ui-footer-offline = 离线检测
ui-language-label = 语言
ui-language-auto = 跟随系统
# 每种语言的名称都用该语言本身书写，在所有目录中相同。
ui-language-en = English
ui-language-zh-cn = 简体中文

## 数据库损坏时显示的窗口（damaged.html）
ui-damaged-title = Lookout：数据库已损坏
ui-damaged-heading = Lookout 无法打开它的数据库
ui-damaged-intro = 在你做出选择之前，Lookout 不会监视任何内容。无论选择哪种方式，损坏的文件都会被重命名并保留在原处，绝不会被删除。
ui-damaged-fresh-heading = 重新开始
ui-damaged-fresh-help = 一个全新的空数据库：你的监控和历史记录将从头开始。
ui-damaged-fresh-button = 重新开始
ui-damaged-restore-heading = 恢复每日备份
ui-damaged-no-backups = 没有每日备份。
ui-damaged-closing = 关闭此窗口将退出 Lookout。
ui-damaged-backup = { $date }（{ $size }）
ui-damaged-restore = 恢复 { $date }
ui-damaged-size-bytes = { $n } 字节
ui-damaged-size-kib = { $n } KiB
ui-damaged-size-mib = { $n } MiB
# 下面两条是动作的名称，用在“正在……”和“……失败”中。
ui-damaged-starting-fresh = 重新开始
ui-damaged-restoring = 恢复 { $date } 的备份
ui-damaged-working = 正在{ $what }…
ui-damaged-done = 完成。
ui-damaged-done-kept = 完成。损坏的文件已保留为 { $path }。
ui-damaged-failed = { $what }失败：{ $error }
ui-damaged-unknown = Lookout 无法说明出了什么问题：{ $error }

# The footer's Prometheus metrics setting.
ui-footer-metrics = Prometheus 指标
ui-metrics-intro = 为 Prometheus 提供 /metrics，以便集中监看多台机器。只填端口（9464）则仅本机可访问；填地址（0.0.0.0:9464）则其他机器也可访问。留空表示关闭。
ui-metrics-label = 监听地址
ui-metrics-save = 保存
ui-metrics-serving = 正在 { $addr } 上提供 /metrics。
ui-metrics-off = 已关闭：不提供 /metrics。
ui-notice-metrics-saved = Prometheus 指标设置已保存。
