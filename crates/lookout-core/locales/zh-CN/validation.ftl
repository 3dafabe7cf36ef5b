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
