# Why a check failed, as Lookout writes it down (in English: stored, in events and JSON) and
# as people read it (`lookout_core::i18n::said`). An English message must read one way only:
# no two variables side by side, and a variable's name says how it is worded again:
# `$reason…` another such text, `$span…` a length, `$status…` a status word.

# Between the reasons of one check.
reason-separator = {"; "}
reason-refused = connection refused
