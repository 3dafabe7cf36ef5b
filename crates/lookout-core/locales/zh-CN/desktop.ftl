# 桌面应用自己的文字：托盘、窗口、桌面通知。

tray-tooltip = Lookout — { $summary }
tray-open = 打开
tray-snooze-1h = 静音 1 小时
tray-snooze-4h = 静音 4 小时
tray-snooze-8h = 静音 8 小时
tray-snooze-forever = 静音，直到手动恢复
tray-resume-notifications = 恢复通知
tray-monitor = { $status } — { $name }
tray-monitor-snoozed = { $status } — { $name }（已静音）
tray-no-monitors = 还没有监控
tray-more = …另外 { $n } 个
tray-open-dashboard = 打开仪表盘
tray-add-monitor = 添加监控…
tray-maintenance = 维护窗口…
tray-summary = 每周摘要…
tray-pause-all = 全部暂停
tray-resume-all = 全部恢复
tray-test-notification = 发送测试通知
tray-quit = 退出

desktop-window-title = Lookout
desktop-damaged-title = Lookout：数据库已损坏
desktop-notification-open = 在仪表盘中打开
desktop-selftest-channels = Webhook 通道
desktop-already-started = Lookout 已经启动
desktop-already-stopping = Lookout 正在停止
desktop-not-a-backup = { $path } 不是每日备份
desktop-replaced-kept = 被替换的数据库保留为 { $path }。
desktop-could-not-save = 无法保存 { $path }：{ $error }
desktop-snooze-minutes = 至少为 1
desktop-nothing-imported = { $error }；未导入任何内容
desktop-restored = 已恢复 { $date } 的备份：{ $n } 个监控。{ $kept }
desktop-restore-failed = 无法恢复 { $date } 的备份：{ $error }。数据库保持原样。
desktop-metrics-bind = 无法在 { $addr } 上提供 /metrics：{ $error }
