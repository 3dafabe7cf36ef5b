# 各处共用：时长、日期、状态词、通知、设置。

## 时长：最多两个单位（`3分钟12秒`）。
duration-seconds = { $n }秒
duration-minutes = { $n }分钟
duration-hours = { $n }小时
duration-days = { $n }天
duration-pair = { $big }{ $small }
# chrono 的 strftime 格式：日期和时间、仅日期。
format-date-time = %Y年%-m月%-d日 %H:%M
format-date = %Y年%-m月%-d日
list-and = { $rest }和{ $last }
list-sep = 、

## 状态词，如“<监控> 状态：故障”。
status-up = 正常
status-down = 故障
status-degraded = 降级
status-maintenance = 维护中
status-paused = 已暂停
status-unknown = 待定
status-offline = 离线
status-triggered = 告警
status-resolved = 恢复
rule-title-down = 故障
rule-title-degraded = 降级

## 通知。
notice-simulated-prefix = [演练] { $summary }
notice-simulated-line = 这是一次模拟故障（自检），服务本身未受影响。
notice-failed-checks = { $n ->
   *[other] { $n } 次检查失败
}
notice-alert-summary = { $monitor } 状态：{ $state }
notice-alert-body = { $reason }
    自 { $since } 起（{ $checks }）
notice-reminder-summary = { $monitor } 仍为{ $state }
notice-reminder-body = { $reason }
    { $title }已持续 { $duration }，自 { $since } 起
notice-resolved-summary = { $monitor } 已恢复正常
notice-healed-body = { $reason }，故障历时 { $duration }。
notice-resolved-body = { $title }持续了 { $duration }（自 { $since } 起）
notice-offline-summary = 你已离线
notice-offline-body = { $reason }
    网络恢复后将继续检查；在此之前不会报告任何故障。
notice-online-summary = 你已恢复联网
notice-online-body = 正在检查所有监控；只有真实的故障才会告警。
notice-flapping-summary = { $monitor } 状态反复变化
notice-flapping-body = { $window }内发出了 { $n } 条通知；在其稳定之前，后续告警将暂缓。
notice-overdue-summary = { $monitor } 检查已逾期
notice-overdue-since = 自 { $since } 起没有检查结果
notice-overdue-never = 尚无检查结果
notice-overdue-body = { $last }（每 { $every } 检查一次）。Lookout 的检查可能已停滞，或本机负载过高。
notice-overdue-many-summary = { $n } 个监控检查已逾期
notice-overdue-many-body = { $list } 最近没有检查结果。Lookout 的检查可能已停滞，或本机负载过高。
notice-overdue-more = 另外 { $n } 个
notice-storage-fault-summary = Lookout 无法保存历史记录
notice-storage-fault-body = { $fault }。
    检查和告警照常进行；结果暂存在内存中，磁盘可写后立即写入。
notice-storage-recovered-summary = Lookout 已恢复保存历史记录
notice-storage-recovered-body = { $dropped ->
    [0] 所有暂存的结果都已写入。
   *[other] 所有暂存的结果都已写入，但因等待过久丢弃了 { $dropped } 条检查结果。
}
notice-engine-fault-summary = Lookout 发生内部错误
notice-engine-fault-body = { $task } 出错（{ $message }），已重新启动；监控照常进行。请报告此问题。
notice-no-reason = 未给出原因
notice-test-summary = Lookout 测试通知
notice-test-works = 通知功能正常。监控出现故障时，你会看到类似的通知。
notice-test-trying = 正在尝试 { $n } 个 Webhook 通道…
notice-test-no-channels = 尚未配置 Webhook 通道。
notice-test-channels = Webhook 通道：{ $total } 个中 { $ok } 个正常
notice-test-unreadable = 无法读取 Webhook 通道：{ $error }
notice-test-desktop = 桌面通知

## 设置。
setting-language-invalid = 必须是 auto、en 或 zh-CN，实际为“{ $value }”

## 总体状态（托盘提示、仪表盘顶部）：`5 个正常、1 个故障`。
health-offline = 本机已离线；恢复联网后继续检查
health-none = 没有监控
health-up = { $n } 个正常
health-degraded = { $n } 个降级
health-down = { $n } 个故障
health-pending = { $n } 个待定
health-maintenance = { $n } 个维护中
health-paused = { $n } 个已暂停
