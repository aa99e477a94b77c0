-- workflow_notes: the notes on one gap, oldest first. Parameter: gap_key.
select noted_at, actor, note
from gaps.workflow_note
where gap_key = ?
order by noted_at
