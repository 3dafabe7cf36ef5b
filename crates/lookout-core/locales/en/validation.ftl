# What is wrong with a field: validation messages, shown next to the field or after its name.
# Values are passed as text exactly as typed; `$error` is a library's own explanation.

## Shared by many fields.
field-required = is required
field-between = must be between { $min } and { $max }, got { $value }
field-at-most = must be at most { $max }, got { $value }
field-at-least = must be at least { $min }, got { $value }
field-too-long = is longer than { $max } { $max ->
    [one] character
   *[other] characters
}
field-control-chars = must not contain control characters
field-no-nul = must not contain NUL characters
field-http-url = must be an http:// or https:// URL
field-not-a-url = "{ $value }" is not a URL: { $error }
field-name-exists = a monitor named "{ $name }" already exists
# A field and what is wrong with it: `interval: must be ...`.
field-error = { $field }: { $message }
# A field error of a named monitor: `monitor "api": interval: must be ...`.
field-in-monitor = monitor "{ $monitor }": { $error }

## Durations.
field-not-a-duration = "{ $value }" is not a duration ({ $error }); write it like 500ms, 30s, 5m or 1h

## The import file.
field-file-syntax = line { $line }, column { $column }: { $error }
