-- care_gap_count: how many care gaps one measure has, and the period they were found in,
-- for the gap list's pagination and header.
-- Grain: one row. Parameters: measure, providers (comma-separated worklist scope; '*' = all).
select
    count(*) as gaps,
    min(period_start) as period_start,
    max(period_end) as period_end
from gaps.care_gap
where measure = ?
  and (? = '*' or list_contains(string_split(?, ','), provider))
