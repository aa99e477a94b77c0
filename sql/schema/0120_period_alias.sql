-- 0120: a trend period identical to the primary period is computed once. Its parameters row
-- names the period it is the same as (same_as = 'primary'); the models evaluate only rows
-- without same_as, and the summary reports the alias with the counts of the period it names,
-- so the trend keeps its last month.
alter table meta.parameters add column same_as varchar;
