-- worklist_keys: the gap keys and worklist providers of opaque gap ids (bulk assignment).
-- Grain: one row per gap found. Parameters: gap ids (comma-separated), secret.
select
    g.gap_key,
    coalesce(g.attributed_provider, g.provider) as worklist_provider
from gaps.care_gap as g
where list_contains(string_split(?, ','), substr(sha256(? || '|gap|' || g.gap_key), 1, 32))
