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
