# 导入其他工具的文件时未能迁移的内容及原因：跳过的监控、略去的设置、不符合其格式结构的文件，以及
# 需要用户同意的恢复操作。即时显示（`lookout import --dry-run`、仪表盘的导入摘要），不存储。

## 各格式共用，以及每个待导入监控都要经过的检查。

import-separator = ；
import-no-name = （无名称）
import-invalid = 在 Lookout 中无效：{ $errors }
import-timeout-clamped = 超时 { $timeout } 长于检查间隔；改用 { $interval }
import-nesting = 括号嵌套超过 { $max } 层；监控文件不会这样嵌套
import-no-url = 没有 url
import-not-a-monitor = 不是监控定义
import-group = 分组监控在 Lookout 中没有对应项
import-condition-unavailable = 条件“{ $condition }”：{ $placeholder } 不适用于 { $kind } 检查；已略去
import-condition-invalid = 条件“{ $condition }”：{ $error }；已略去

## Uptime Kuma

import-kuma-shape = 应为 "monitorList": [...]
import-kuma-upside-down = 反转模式（检查失败时为正常）在 Lookout 中没有对应项
import-kuma-headers = headers 不是 JSON 对象；未导入
import-kuma-auth = 认证设置未导入；请添加 Authorization 请求头
import-kuma-port-no-host = port 监控缺少 hostname 和 port
import-kuma-ping-no-host = ping 监控缺少 hostname
import-kuma-dns-no-host = dns 监控缺少 hostname
import-kuma-push = push 监控在 Lookout 中会获得新的推送 URL：请将其添加为 push:// 监控
import-kuma-other = Uptime Kuma 的“{ $kind }”监控在 Lookout 中没有对应项
import-kuma-json-query = json-query "{ $path }" { $op } "{ $expected }" 不是简单的路径比较；未导入

## Gatus

import-gatus-shape = 应为 "endpoints"：一个列表
import-gatus-external-name = （外部端点）
import-gatus-external = 外部端点的状态是推送过来的；请在 Lookout 中将其添加为 push:// 监控
import-gatus-graphql = graphql：请求体按原样发送，不会包装成 GraphQL 查询
import-gatus-scheme = { $scheme }:// 端点在 Lookout 中没有对应项
import-gatus-providers = 告警渠道（{ $providers }）未导入；Lookout 在桌面上通知
import-gatus-thresholds = 各告警的阈值不同；使用第一个（失败 { $failures } 次，成功 { $successes } 次）

## Kener

import-kener-shape-list = 应为监控列表，或带列表的 "monitors:"
import-kener-shape = 应为监控列表
import-kener-cron = cron“{ $cron }”不是固定间隔；改为每分钟检查一次
import-kener-triggers = alerts.{ $rule }.triggers：Kener 的触发器未导入；Lookout 在桌面上通知
import-kener-no-check = 没有检查（其状态由手动或 API 设置）
import-kener-heartbeat = 心跳监控在 Lookout 中会获得新的推送 URL：请将其添加为 push:// 监控
import-kener-no-equivalent = { $kind } 监控在 Lookout 中没有对应项
import-kener-unknown-type = 未知的 Kener 监控类型“{ $kind }”
import-kener-no-block = 没有 api、ping、tcp 或 dns 块（其状态由手动或 API 设置）
import-kener-env = { $part ->
        [header] 请求头中
        [body] 请求体中
       *[url] url 中
    }使用了 $VARIABLES，Kener 会从其环境中填入；Lookout 按原样发送
import-kener-eval = eval：Kener 的 JavaScript 判定无法在 Lookout 中运行；状态码 200-399 视为正常（可添加条件来检查响应体）
import-kener-host-eval = { $field }：Kener 的 JavaScript 判定无法在 Lookout 中运行
import-kener-api-no-url = api 块没有 url
import-kener-no-hosts = { $block } 块未列出任何主机
import-kener-tcp-no-port = tcp 主机没有端口
import-kener-dns-no-host = dns 块没有 host
import-kener-ssl-no-host = ssl 监控没有 host

## 需要用户同意的恢复操作：原样显示将要运行的内容，每个参数都已加引号。

import-consent-run = 运行 { $command }
import-consent-webhook = 将监控的名称和目标 POST 到 { $url }
