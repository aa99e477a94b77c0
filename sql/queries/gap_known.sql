-- gap_known: whether a gap key has ever been found by a successful compute.
-- Parameter: gap_key.
select count(*) > 0
from gaps.gap_episode
where gap_key = ?
