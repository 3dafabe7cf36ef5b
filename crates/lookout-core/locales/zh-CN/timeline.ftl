# 事件时间线条目（见 en/timeline.ftl）。

timeline-first-failure = 首次检查失败：{$reason}
