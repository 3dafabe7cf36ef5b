# An incident's timeline entries, as Lookout writes them down (in English: stored, in events
# and JSON) and as people read them (`lookout_core::i18n::said`). See reasons.ftl for the rules.

timeline-first-failure = First failed check: {$reason}
