-- workflow_note_insert: adds a note to a gap.
-- Parameters: gap_key, noted_at, actor, note.
insert into gaps.workflow_note (gap_key, noted_at, actor, note)
values (?, ?, ?, ?)
