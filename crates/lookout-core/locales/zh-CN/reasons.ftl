# 检查失败的原因（见 en/reasons.ftl）。

reason-separator = ；
reason-refused = 连接被拒绝
