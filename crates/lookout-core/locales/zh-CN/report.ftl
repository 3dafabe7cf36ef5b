# 事件报告（`lookout report`、仪表盘的“导出报告”）和一段时间的摘要（`lookout summary`）。
# 引擎保存的内容（时间线条目、检查原因）按原样显示；JSON 从不经过这里。

## 报告、摘要和 CLI 表格共用。
# chrono 的 strftime 格式，使用 UTC：报告可能在其他时区阅读。
report-time = %Y年%-m月%-d日 %H:%M:%S UTC
report-none = 无
report-no-data = 无数据
report-ms = { $ms } 毫秒
report-state-open = 进行中
report-state-resolved = 已解决
report-severity-critical = 严重
report-severity-warning = 警告
report-rule-down = 故障
report-rule-degraded = 降级
# 引擎自己的标题，换一种语言再说一遍：“api 状态：故障”。
report-title = { $monitor } 状态：{ $status }
report-event-first-failure = 首次失败
report-event-triggered = 触发告警
report-event-reminder = 提醒
report-event-acknowledged = 已确认
report-event-note = 备注
report-event-resolved = 已解决
report-event-recovery-action = 恢复操作
report-event-notification = 通知
report-event-flapping = 状态反复
report-label-monitor = 监控
report-label-severity = 严重程度
report-label-state = 状态
report-label-downtime = 停机时长
report-mttr = MTTR（平均解决时间）：{ $value }
report-mttd = MTTD（平均发现时间）：{ $value }

## 单个事件的报告。
report-heading = 事件 #{ $id }：{ $title }
report-heading-drill = 事件 #{ $id }（演练）：{ $title }
report-drill-notice = 这是一次演练：模拟的故障（自检），没有触及服务本身。它不计入可用率、停机时长、事件数、MTTR 或 MTTD。
report-monitor-target = { $monitor }（{ $target }）
report-monitor-removed = { $monitor }（已删除）
report-label-rule = 规则
report-label-started = 开始时间（首次失败）
report-label-detected = 发现时间
report-label-resolved = 解决时间
report-label-acknowledged = 确认时间
report-rule = { $kind }：{ $failures } 次检查失败 / 失败阈值 { $threshold }
report-detected = { $time }（首次失败后 { $after }）
report-not-yet = 尚未解决
report-downtime-so-far = 已持续 { $duration }
report-not-acknowledged = 未确认
report-timeline = 时间线
report-col-time = 时间
report-col-event = 事件
report-col-details = 详情
report-notifications = 通知（{ $n }）
report-no-notifications = 此事件没有记录到任何通知或 Webhook 告警。
report-recovery = 恢复尝试（{ $n }）
report-no-recovery = 此事件没有运行任何恢复操作。
report-failed-checks = 失败的检查（{ $n }）
report-no-failed-checks = 这段时间内没有保存失败的检查。
report-col-latency = 延迟
report-col-reason = 原因
report-stats-heading = { $monitor } 最近 { $days } 天
report-stats-incidents = 事件：{ $count } 起（已解决 { $resolved } 起）

## 一段时间的摘要。
report-summary-heading = Lookout 摘要：最近 { $days } 天
report-period = { $from } 至 { $to }
report-no-monitors = 没有监控。
report-col-uptime = 可用率
report-col-incidents = 事件数
report-col-mttr = MTTR
report-summary-incidents = 事件（{ $n }）
report-summary-none = 这段时间内没有事件。
report-col-id = 编号
report-col-started = 开始时间
report-col-duration = 持续时间
report-col-title = 标题
report-summary-started = 这段时间内开始的事件：{ $count } 起（已解决 { $resolved } 起）
report-days-invalid = 必须在 1 到 { $max } 之间（汇总数据保留 { $max } 天），实际为 { $days }
