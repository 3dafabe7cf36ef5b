# `lookout` 命令给人看的文字。脚本读取的是 JSON、退出码以及 `error: ` / `hint: ` / `note: `
# 前缀，这些从不经过这里。

## 共用。
# chrono 的 strftime 格式，使用本地时区：表格中的时间。
cli-time-format = %Y年%-m月%-d日 %H:%M:%S
# “无法判断”，`check` 和 `status` 因此以 3 退出。
cli-status-unknown = 待定
cli-ms = { $ms } 毫秒
cli-ago = { $duration }前
cli-col-id = 编号
cli-col-name = 名称
cli-col-status = 状态
cli-col-since = 变更时间
cli-col-latency = 延迟
cli-col-reason = 原因
cli-col-state = 状态
cli-col-severity = 严重程度
cli-col-monitor = 监控
cli-col-monitors = 监控
cli-col-started = 开始时间
cli-col-duration = 时长
cli-col-title = 标题
cli-col-target = 目标
cli-col-interval = 间隔
cli-col-snoozed = 静音至
cli-col-thresholds = 阈值
cli-col-key = 设置项
cli-col-value = 值
cli-col-source = 来源
cli-col-format = 格式
cli-col-url = URL
cli-col-result = 结果
cli-col-channel = 通道
cli-col-detail = 详情
cli-col-start = 开始
cli-col-rrule = 重复规则
cli-col-active = 生效中
cli-col-next-start = 下次开始
cli-col-time = 时间
cli-col-kind = 类型
cli-col-message = 消息

## 错误和提示（打印在 `error: ` 和 `hint: ` 之后）。
cli-runtime-failed = 无法启动异步运行时：{ $error }
cli-stdout-failed = 无法写入标准输出：{ $error }
cli-no-data-dir = 没有数据目录：请使用 --data-dir DIR 或设置 LOOKOUT_DATA_DIR
cli-not-found = 未找到 { $what }
cli-database-error = 数据库 { $path }：{ $message }
cli-monitor-exists = 已存在名为“{ $name }”的监控
cli-monitor-field = 监控“{ $monitor }”：{ $field }: { $message }
cli-nothing-changed = { $error }；未做任何更改
cli-hint-damaged-kept = Lookout 没有改动 { $path }。
cli-hint-damaged-fresh = 如要重新开始，请把它连同 -wal 和 -shm 文件（如有）移到一旁（mv { $path } { $path }.damaged; mv { $path }-wal { $path }.damaged-wal; mv { $path }-shm { $path }.damaged-shm），然后再次运行该命令：会创建一个新的空数据库。
cli-hint-damaged-backup = 如要改为恢复备份，请运行 `lookout restore FILE`；最新的每日备份是 { $backup }。
cli-hint-damaged-restore = 如要改为恢复备份，请运行 `lookout restore FILE`。

## lookout status、incidents、ack。
cli-status-overall = 总体状态：{ $status }
cli-no-incidents = 没有事件。
cli-drill-title = [演练] { $title }
cli-incident-not-found = 未找到事件 { $id }
cli-acknowledged = 已确认事件 { $id }

## lookout monitors、export。
cli-no-monitor = 没有名为“{ $name }”的监控
cli-monitor-added = 已添加监控“{ $name }”：每 { $interval } 检查一次 { $target }
cli-monitor-push-url = 任务运行完成后调用 { $url }（需要 `lookout run` 或桌面应用在运行）
cli-monitor-removed = 已删除监控“{ $name }”
cli-monitor-paused = 已暂停监控“{ $name }”
cli-monitor-resumed = 已恢复监控“{ $name }”
cli-monitor-resumed-unsnoozed = 已恢复监控“{ $name }”（静音已解除：告警会重新发出）
cli-snooze-too-short = 至少为 1s，或为 `forever`
cli-snooze-too-long = 太长了；如要“直到恢复”，请使用 `forever`
cli-snoozed-until-resumed = 直到恢复
cli-monitor-snoozed = 已将监控“{ $name }”静音至 { $until }：仍会检查，但不发告警
cli-monitor-snoozed-forever = 已将监控“{ $name }”静音，直到恢复（`lookout monitors resume NAME`）：仍会检查，但不发告警
cli-no-monitors = 没有监控。可用 `lookout monitors add --name NAME --target URL` 添加。
cli-monitor-broken = 已损坏
cli-monitors-broken-note = 已损坏的监控不会被检查：它保存的定义已无法通过校验。请用 `lookout monitors remove NAME` 删除后重新添加。
cli-monitors-heartbeat-urls = 心跳 URL（任务运行完成后调用它的 URL；加上 ?status=down&msg=... 可报告失败）：
cli-export-redacted-commands = 文件中保留了 { $n } 条恢复命令（看似机密的参数已替换为 REDACTED，但单独出现的机密无法识别）：分享前请先检查

## lookout import。
cli-import-would = 将导入 { $n } 个监控（试运行：未写入任何内容）
cli-import-would-from = 将从 { $source } 导入 { $n } 个监控（试运行：未写入任何内容）
cli-import-done = 已导入 { $n } 个监控
cli-import-done-from = 已从 { $source } 导入 { $n } 个监控
cli-import-paused = { $name }（已暂停）
cli-import-thresholds-down = 故障 { $failure }/{ $success }
cli-import-thresholds-degraded = ，降级 { $failure }/{ $success }
cli-import-thresholds-note = （阈值为“失败/成功”：连续失败多少次后告警，连续通过多少次后解除）
cli-import-refused = { $file }：包含 { $n } 个恢复操作，每当被监控的目标失败时，它们会以你的身份运行（而目标由文件的作者选定）；请先检查它们，然后用 --allow-recovery 导入，或将它们从文件中删除
cli-import-recovery-needs-consent = { $n } 个恢复操作，各自在其目标失败时以你的身份运行（导入需要 --allow-recovery）：
cli-import-recovery-listed = { $n } 个恢复操作，各自在其目标失败时以你的身份运行：
cli-import-recovery-imported = 已导入 { $n } 个恢复操作，各自在其目标失败时以你的身份运行：
cli-import-redacted = 文件中有 { $n } 个值为 REDACTED（这是脱敏导出）：请填入真实值，在此之前这些检查和操作都会失败：
cli-import-skipped = 未导入（{ $n } 个监控）：
cli-import-unmapped = 未迁移（{ $n } 项设置）：

## lookout backup、restore。
cli-backup-is-dir = 是一个目录；请指定备份文件名
cli-backup-exists = 已存在；如要替换，请加上 --force
cli-backup-no-database = 没有可备份的数据库：{ $path } 不存在
cli-backed-up = 已将 { $from } 备份到 { $to }
cli-restored = 已将 { $file } 恢复到 { $database }（{ $n } 个监控）
cli-restore-kept = 被替换的数据库保留为 { $path }

## lookout settings。
cli-setting-applies-now = 正在运行的引擎约一秒内生效
cli-setting-applies-next-start = 引擎下次启动时生效
cli-setting-default = 默认
cli-setting-set = 已设置（默认为 { $default }）
cli-setting-changed = { $key } = { $value }（{ $when }）
cli-setting-unset = { $key } 已恢复默认值：{ $value }（{ $when }）

## lookout channels。
cli-channel-not-found = 没有 URL 为 { $url } 的告警通道
cli-channels-unreadable = 数据库 { $path }：无法读取保存的告警通道：{ $error }
cli-channel-added = 已添加告警通道 { $url }（{ $format }）
cli-channel-changed = 已修改告警通道 { $url }（{ $format }）
cli-channel-unchanged = 告警通道 { $url }（{ $format }）已存在
cli-channel-removed = 已删除告警通道 { $url }
cli-no-channels = 没有告警通道。可用 `lookout channels add URL [--format kener|slack|discord]` 添加。
cli-no-channels-to-test = 没有可测试的告警通道：请用 `lookout channels add URL` 添加
cli-channel-ok = 成功
cli-channel-failed = 失败
cli-channel-delivered = 已送达
cli-channels-all-work = 所有通道均正常（共 { $total } 个）。
cli-channels-some-failed = { $total } 个通道中有 { $failed } 个失败。

## lookout maintenance。
cli-maintenance-start-required = 为必填项：--start now 或 --start 2025-03-01T22:00:00Z
cli-maintenance-duration-required = 为必填项：--duration 1h
cli-maintenance-monitor-required = 至少需要一个：--monitor NAME（可重复）
cli-maintenance-added = 已为 { $monitors } 添加维护窗口 { $id }：{ $start } 起，持续 { $duration }
cli-maintenance-added-repeating = 已为 { $monitors } 添加维护窗口 { $id }：{ $start } 起，持续 { $duration }，按 { $rrule } 重复
cli-maintenance-active-now = 现已生效：这些监控显示为维护中，不会发出任何告警
cli-maintenance-next-start = 下次开始：{ $time }
cli-maintenance-over = 注意：此窗口已经结束
cli-no-maintenance = 没有维护窗口。可用 `lookout maintenance add --monitor NAME --start now --duration 1h` 添加。
cli-maintenance-active-until = 是，至 { $time }
cli-maintenance-inactive = 否
cli-maintenance-not-found = 未找到维护窗口 { $id }
cli-maintenance-removed = 已删除维护窗口 { $id }

## lookout simulate。
cli-simulate-no-engine = 无法为模拟启动引擎：{ $error }
cli-simulate-not-up = { $name } 当前为{ $status }；请对状态正常的监控模拟故障
cli-simulate-not-up-because = { $name } 当前为{ $status }（{ $reason }）；请对状态正常的监控模拟故障
cli-simulated-running = 已在正在运行的引擎（桌面应用或 `lookout run`）中模拟“{ $name }”的故障；服务本身未受影响。
cli-simulated-in-process = 已在为此启动的引擎（之前没有引擎在运行）中模拟“{ $name }”的故障；服务本身未受影响。
cli-simulated-alert-resolved = 告警：已触发，随后已解除。
cli-simulated-alert-held = 告警：已触发；解除通知被暂缓（状态反复限制）。
cli-simulated-alert-none = 告警：没有发出（监控已静音、上级监控故障，或受状态反复限制）。
cli-simulated-no-incident = 事件：无（它的故障规则不创建事件）。
cli-simulated-incident-resolved = 事件 { $id }：“{ $title }”，已创建并已解决。
cli-simulated-incident-open = 事件 { $id }：“{ $title }”，已创建，仍在进行中。
cli-simulated-kept-as-drill = 它作为演练保留：`lookout incidents` 会将它标记为 [演练] 列出；可用率、`lookout summary` 以及 MTTR / MTTD 数据都不计入它。

## lookout run。
cli-run-signals = 无法监听信号：{ $error }
cli-run-engine-failed = 无法启动引擎：{ $error }

## lookout --help，各 id 的规则见 crates/lookout-cli/src/help.rs。英文帮助是 clap 从 cli.rs 的
## 文档注释生成的；中文帮助全部来自这里。
cli-help- = Lookout：监控你的服务，可无界面运行，也可在脚本中使用
cli-help---data-dir = 存放 lookout.db 的数据目录（默认：$LOOKOUT_DATA_DIR，否则为 ~/.local/share/lookout）
cli-help-check = 立即探测 TARGET 一次，输出状态、延迟和原因（退出码：0 正常，1 降级，2 故障，3 待定）
cli-help-check-TARGET = 要探测的目标：https://host/path、tcp://host:port 等
cli-help-check--timeout = 超过此时长即放弃（如 500ms、2s；默认 10s）
cli-help-check--json = 输出 `{ "{" }"target","status","latency_ms","reason","details"{ "}" }`
cli-help-check--condition = 必须成立的 Gatus 条件，否则为故障（可重复）：'[STATUS] == 200'、'[BODY].status == UP'、'[RESPONSE_TIME] < 500' 等
cli-help-check--degraded-condition = 不成立时检查结果为降级而非故障的条件（可重复）
cli-help-check--degraded-latency = 检查通过但耗时超过此值时为降级（如 500ms）
cli-help-check--keyword = HTTP：响应正文必须包含 TEXT
cli-help-check--invert-keyword = HTTP：与 --keyword 合用时，响应正文必须不包含它
cli-help-check--ignore-tls = TLS 和 HTTPS：不验证证书链和主机名
cli-help-check--cert-warn-days = TLS 和 HTTPS：证书在 N 天内到期时为降级（默认 14）
cli-help-check--grace = 心跳（push://）：D 内没有收到推送即为故障（默认：检查间隔）
cli-help-monitors = 添加、列出、删除、暂停或恢复监控
cli-help-monitors-add = 添加一个监控（先校验；出错时不写入任何内容）
cli-help-monitors-add--name = 监控的名称，其他命令用它指代该监控
cli-help-monitors-add--target = 要探测的目标：https://host/path、tcp://host:port 等
cli-help-monitors-add--interval = 两次检查开始之间的间隔，1s 到 24h（默认 60s）
cli-help-monitors-add--timeout = 不超过检查间隔（默认 10s，且不超过间隔）
cli-help-monitors-add--failure-threshold = 连续多少次故障后触发故障告警（默认 1）
cli-help-monitors-add--success-threshold = 连续多少次通过后解除（默认 1）
cli-help-monitors-add--severity = 故障告警及其事件的严重程度（默认 critical）
cli-help-monitors-add--condition = 必须成立的 Gatus 条件，否则为故障（可重复）：'[STATUS] == 200'、'[BODY].status == UP'、'[RESPONSE_TIME] < 500' 等
cli-help-monitors-add--degraded-condition = 不成立时检查结果为降级而非故障的条件（可重复）
cli-help-monitors-add--degraded-latency = 检查通过但耗时超过此值时为降级（如 500ms）
cli-help-monitors-add--keyword = HTTP：响应正文必须包含 TEXT
cli-help-monitors-add--invert-keyword = HTTP：与 --keyword 合用时，响应正文必须不包含它
cli-help-monitors-add--ignore-tls = TLS 和 HTTPS：不验证证书链和主机名
cli-help-monitors-add--cert-warn-days = TLS 和 HTTPS：证书在 N 天内到期时为降级（默认 14）
cli-help-monitors-add--grace = 心跳（push://）：D 内没有收到推送即为故障（默认：检查间隔）
cli-help-monitors-list = 列出监控（`--json`：`import` 可读取的格式）
cli-help-monitors-list--json = 输出 JSON
cli-help-monitors-remove = 删除一个监控及其历史记录
cli-help-monitors-remove-NAME = 监控的名称
cli-help-monitors-pause = 停止检查一个监控
cli-help-monitors-pause-NAME = 监控的名称
cli-help-monitors-resume = 恢复检查已暂停的监控，并解除其静音
cli-help-monitors-resume-NAME = 监控的名称
cli-help-monitors-snooze = 暂时压下一个监控的通知：它仍会被检查，状态和事件都照常记录，只是告警要等静音结束（或 `monitors resume`）才发出
cli-help-monitors-snooze-NAME = 监控的名称
cli-help-monitors-snooze--for = 静音多久：1h、4h、8h 等，或 `forever`（直到 `monitors resume NAME`）
cli-help-import = 添加 Lookout 导出文件或 Kener、Uptime Kuma、Gatus 文件中的监控；只要有一个监控无效，就一个也不写入。无法迁移的内容会连同原因一并列出。包含恢复操作（命令、webhook）的文件会被拒绝，除非加上 --allow-recovery
cli-help-import-FILE = 要读取的文件（`-` 表示标准输入）
cli-help-import--from = 文件的格式（省略时自动识别）
cli-help-import--dry-run = 显示将导入什么、有什么无法导入，但不写入任何内容
cli-help-import--allow-recovery = 同时导入文件中的恢复操作：每当被监控的目标失败，其中的命令会以你的身份运行，其 webhook 会收到监控的名称和目标。不加此项时，包含恢复操作的文件会被拒绝，并逐一列出这些操作
cli-help-export = 以 JSON `{ "{" }"monitors":[...]{ "}" }` 输出所有监控，即 `import` 可读取的格式
cli-help-export--redact = 输出可安全分享的文件：机密信息（请求头的值、请求正文、目标中的用户信息和查询参数值、webhook 路径、推送令牌）替换为 REDACTED。文件仍可导入；导入时会列出需要填写的内容
cli-help-run = 在前台运行引擎，每个事件在标准输出上输出一行 JSON，直到收到 SIGINT 或 SIGTERM
cli-help-run--verbose = 每次检查也输出一个 `check_completed` 事件
cli-help-run--push-port = 在 127.0.0.1:PORT 上监听心跳（`push://` 监控），并记住该端口用于推送 URL（默认：上次设置的端口，否则为 47811）
cli-help-run--metrics-listen = 在 http://ADDR/metrics 提供 Prometheus 指标（默认：`metrics_listen` 设置，未设置则关闭）。只给端口或 `:PORT` 时监听 127.0.0.1；给出地址则按原样使用（对网络开放用 `0.0.0.0:9464`）
cli-help-run--metrics-instance = 每个指标上的 `instance` 标签（默认：本机主机名）
cli-help-status = 所有监控的当前状态（退出码：0 正常，1 降级，2 故障，3 待定或无数据）
cli-help-status--json = 输出 JSON
cli-help-incidents = 列出事件，进行中的在前，新的在前
cli-help-incidents--json = 输出 JSON
cli-help-incidents--open = 只列出仍在进行中的事件
cli-help-report = 以 Markdown 文档、HTML 页面或 JSON 输出一个事件：发现经过、触发的规则、通知、恢复尝试、停机时长、失败的检查，以及 30 天内的 MTTD 和 MTTR
cli-help-report-INCIDENT_ID = 事件编号，即 `lookout incidents` 列出的编号
cli-help-report--format = 输出格式
cli-help-report--format-html = 独立完整的 HTML 文档
cli-help-maintenance = 维护窗口，一次性或周期性：检查照常进行，但不发告警、不创建事件，状态显示为维护中，这段时间也不计入停机时长
cli-help-maintenance-add = 为一个或多个监控添加维护窗口（先校验；出错时不写入任何内容）
cli-help-maintenance-add--monitor = 窗口覆盖的监控（可重复；至少一个）
cli-help-maintenance-add--start = 开始时间：`now` 或 RFC 3339 时间（2025-03-01T22:00:00Z、2025-03-01T23:00:00+01:00）
cli-help-maintenance-add--duration = 持续多久（周期性窗口指每一次）：30m、2h 等
cli-help-maintenance-add--rrule = 从开始时间起按 iCalendar RRULE 重复：FREQ=WEEKLY;BYDAY=SU
cli-help-maintenance-list = 列出维护窗口：监控、开始时间、时长、重复规则、当前是否生效、下次开始时间
cli-help-maintenance-list--json = 输出 JSON
cli-help-maintenance-remove = 按编号删除维护窗口
cli-help-maintenance-remove-ID = 窗口编号，即 `lookout maintenance list` 列出的编号
cli-help-channels = Webhook 告警通道，与桌面通知并行：`lookout run`（以及桌面应用）的每条告警都会 POST 到每个通道，失败时退避重试
cli-help-channels-add = 添加告警通道（若该 URL 已有通道，则修改其格式）
cli-help-channels-add-URL = 接收告警 POST 的 http:// 或 https:// URL
cli-help-channels-add--format = 请求正文：Kener 的告警格式、Slack 的 `{ "{" }"text"{ "}" }` 或 Discord 的 `{ "{" }"content"{ "}" }`
cli-help-channels-list = 列出告警通道，编号与 `channels test` 的报告一致
cli-help-channels-list--json = 输出 JSON
cli-help-channels-remove = 删除该 URL 的告警通道
cli-help-channels-remove-URL = 通道的 URL
cli-help-channels-test = 通过每个通道发送一条测试告警，并报告哪些成功（有任何失败则退出码为 1）
cli-help-summary = 按需汇总最近 N 天：每个监控的可用率（来自汇总数据）、期间的事件、MTTR 和 MTTD
cli-help-summary--days = 统计周期，从现在往前的天数（汇总数据最多保留 365 天）
cli-help-summary--format = 输出格式
cli-help-simulate = 模拟监控 NAME 发生故障：以试运行方式走一遍故障规则、事件、通知和恢复操作，然后恢复，不会触及服务本身。由在该数据目录上运行的引擎（桌面应用或 `lookout run`）执行，否则由为此启动的引擎执行。该监控必须处于正常状态
cli-help-simulate-NAME = 监控的名称
cli-help-simulate--json = 输出 JSON
cli-help-settings = 查看或修改与桌面应用共用的设置（`push_port`、`reference_targets`）；正在运行的引擎约一秒内生效
cli-help-settings-list = 列出每项设置：生效的值，以及是否为默认值
cli-help-settings-list--json = 输出 JSON
cli-help-settings-set = 将 KEY 设为 VALUE（先校验；出错时不写入任何内容）
cli-help-settings-set-long =
    将 KEY 设为 VALUE（先校验；出错时不写入任何内容）。

    push_port：心跳监听器在 127.0.0.1 上的端口（引擎下次启动时生效）。reference_targets：host:port,host:port,...（IPv6 写作 [::1]:53），其中至少两个、且全部连接失败时，才认为本机离线；`none` 表示只做路由检查。
cli-help-settings-set-KEY = 设置项名称，即 `lookout settings list` 列出的名称
cli-help-settings-set-VALUE = 新的值
cli-help-settings-unset = 清除 KEY 的值，使其恢复默认值
cli-help-settings-unset-KEY = 设置项名称，即 `lookout settings list` 列出的名称
cli-help-ack = 确认一个事件，可附加备注
cli-help-ack-INCIDENT_ID = 事件编号，即 `lookout incidents` 列出的编号
cli-help-ack--note = 随确认一起保存的备注
cli-help-backup = 将数据库的一致副本写入 FILE：一个独立完整、只有你能读取的文件；桌面应用或 `lookout run` 正在该数据目录上运行时也可使用
cli-help-backup-FILE = 要写入的文件
cli-help-backup--force = FILE 已存在时替换它
cli-help-restore = 用备份文件 FILE 替换数据库。会先检查 FILE（必须是完好的 Lookout 数据库，否则不做任何更改）；当前数据库保留在旁边，名为 lookout.db.replaced-TIME。桌面应用或 `lookout run` 正在该数据目录上运行时会被拒绝。每日备份位于 DATA_DIR/backups。若备份包含当前数据库没有的恢复操作，会被拒绝（退出码 2，并逐一列出），除非加上 --allow-recovery
cli-help-restore-FILE = 要换上的备份文件
cli-help-restore--allow-recovery = 恢复当前数据库没有的恢复操作（命令、webhook）：每当被监控的目标失败，它们会以你的身份运行

## clap 自己的用语。
cli-clap-usage = 用法：
cli-clap-commands = 命令：
cli-clap-arguments = 参数：
cli-clap-options = 选项：
cli-clap-help = 显示帮助
cli-clap-help-more = 显示帮助（用 '--help' 查看更多）
cli-clap-help-summary = 显示帮助（用 '-h' 查看摘要）
cli-clap-version = 显示版本
cli-clap-help-command = 显示此帮助，或指定子命令的帮助
cli-clap-help-command-arg = 要显示帮助的子命令
cli-clap-default = [默认值：{ $value }]
cli-clap-possible = [可选值：{ $values }]
cli-clap-possible-heading = 可选值：
# 在可选值列表中，接在值的名称之后。
cli-clap-value-help = ：{ $help }
# 顶层帮助末尾：cli.rs 的 EXIT_CODES。
cli-exit-codes =
    退出码：
      check、status   遵循 Nagios 插件约定：0 正常，1 降级，2 故障，3 待定
                      （目标无效、没有数据、数据库无法读取或已损坏，均为待定）
      其他命令        0 完成，1 未找到或数据库 / 运行时失败，2 输入无效
                      （每个问题都以 `error: FIELD: MESSAGE` 打印，且不写入任何内容）

## clap 的用法错误（见 en/cli.ftl）。
cli-usage-unknown-argument = 意外的参数“{ $arg }”
cli-usage-unknown-subcommand = 无法识别的子命令“{ $name }”
cli-usage-missing = 缺少以下必需的参数：{ $args }
cli-usage-invalid-choice = “{ $arg }”的值“{ $value }”无效 [可选值：{ $values }]
cli-usage-invalid-value = “{ $arg }”的值“{ $value }”无效
cli-usage-invalid-because = “{ $arg }”的值“{ $value }”无效：{ $error }
cli-usage-conflict = 参数“{ $arg }”不能与“{ $other }”同时使用
cli-usage-tip = 提示：相近的有“{ $suggestion }”
cli-usage-more = 更多信息请试试 '--help'。
