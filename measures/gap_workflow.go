package measures

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"populace/warehouse"
)

// GapStatus is where the care team's work on a gap stands. A gap nobody touched is open.
type GapStatus string

// The workflow statuses of a care gap.
const (
	GapOpen               GapStatus = "open"
	GapOutreachAttempted  GapStatus = "outreach_attempted"
	GapScheduled          GapStatus = "scheduled"
	GapCompletedElsewhere GapStatus = "completed_elsewhere"
	GapDeclined           GapStatus = "declined"
	GapNotApplicable      GapStatus = "not_applicable" // needs a reason
)

// GapStatuses lists the statuses a coordinator can set, in workflow order.
var GapStatuses = []GapStatus{GapOpen, GapOutreachAttempted, GapScheduled, GapCompletedElsewhere, GapDeclined, GapNotApplicable}

// Valid reports whether s is one of GapStatuses.
func (s GapStatus) Valid() bool {
	for _, v := range GapStatuses {
		if s == v {
			return true
		}
	}
	return false
}

// ErrUnknownGap reports a gap key that no successful compute has found.
var ErrUnknownGap = errors.New("unknown care gap")

// ErrInvalidWorkflow reports a workflow change that cannot be made as asked (unknown status,
// not applicable without a reason, empty note, no actor). Callers show it as a usage error.
var ErrInvalidWorkflow = errors.New("invalid workflow change")

// GapWorkflow is the workflow state of one gap, with its notes and every change made to it.
type GapWorkflow struct {
	GapKey       string
	Assignee     string
	Status       GapStatus
	StatusReason string
	SnoozedUntil time.Time // zero: not snoozed
	UpdatedAt    time.Time // zero: never touched
	UpdatedBy    string
	Notes        []GapNote
	Events       []GapEvent
}

// GapNote is a note on a gap.
type GapNote struct {
	At    time.Time
	Actor string
	Text  string
}

// GapEvent is one workflow change: who changed what, when, from what to what.
type GapEvent struct {
	At                 time.Time
	Actor, Action      string
	OldValue, NewValue string
}

// AssignGap assigns a gap to a care-team member ("" unassigns it).
func AssignGap(ctx context.Context, db *warehouse.DB, actor, gapKey, assignee string) error {
	assignee = strings.TrimSpace(assignee)
	return changeGap(ctx, db, actor, gapKey, "assign", func(w *GapWorkflow) (string, string, error) {
		old := w.Assignee
		w.Assignee = assignee
		return old, assignee, nil
	})
}

// SetGapStatus sets a gap's workflow status; not_applicable needs a reason, which is kept.
func SetGapStatus(ctx context.Context, db *warehouse.DB, actor, gapKey string, status GapStatus, reason string) error {
	reason = strings.TrimSpace(reason)
	if !status.Valid() {
		return fmt.Errorf("%w: status %q is not one of %v", ErrInvalidWorkflow, status, GapStatuses)
	}
	if status == GapNotApplicable && reason == "" {
		return fmt.Errorf("%w: status not_applicable needs a reason", ErrInvalidWorkflow)
	}
	return changeGap(ctx, db, actor, gapKey, "status", func(w *GapWorkflow) (string, string, error) {
		old := describeStatus(w.Status, w.StatusReason)
		w.Status, w.StatusReason = status, reason
		return old, describeStatus(status, reason), nil
	})
}

// SnoozeGap hides a gap from the open list until the given day; a zero day wakes it.
func SnoozeGap(ctx context.Context, db *warehouse.DB, actor, gapKey string, until time.Time) error {
	return changeGap(ctx, db, actor, gapKey, "snooze", func(w *GapWorkflow) (string, string, error) {
		old := formatDay(w.SnoozedUntil)
		w.SnoozedUntil = until
		return old, formatDay(until), nil
	})
}

// AddGapNote adds a note to a gap. The audit log records that a note was added, not its text.
func AddGapNote(ctx context.Context, db *warehouse.DB, actor, gapKey, note string) error {
	note = strings.TrimSpace(note)
	if note == "" {
		return fmt.Errorf("%w: the note is empty", ErrInvalidWorkflow)
	}
	return changeGap(ctx, db, actor, gapKey, "note", func(w *GapWorkflow) (string, string, error) {
		w.Notes = append(w.Notes, GapNote{Text: note})
		return "", fmt.Sprintf("note %d", len(w.Notes)), nil
	})
}

func describeStatus(s GapStatus, reason string) string {
	if s == "" {
		s = GapOpen
	}
	if reason != "" {
		return string(s) + " (" + reason + ")"
	}
	return string(s)
}

func formatDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// changeGap applies one change to a gap's workflow state in one transaction: the new state,
// the workflow event, the note (for "note") and the audit log entry are written together.
func changeGap(ctx context.Context, db *warehouse.DB, actor, gapKey, action string, change func(*GapWorkflow) (old, new string, err error)) error {
	actor = strings.TrimSpace(actor)
	if actor == "" {
		return fmt.Errorf("%w: no actor", ErrInvalidWorkflow)
	}
	q := map[string]string{}
	for _, name := range []string{"gap_known", "workflow_state", "workflow_upsert", "workflow_event_insert", "workflow_note_insert", "workflow_audit_insert"} {
		text, err := queryText(name)
		if err != nil {
			return err
		}
		q[name] = text
	}
	now := time.Now().UTC()
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		var known bool
		if err := tx.QueryRowContext(ctx, q["gap_known"], gapKey).Scan(&known); err != nil {
			return fmt.Errorf("looking up gap: %w", err)
		}
		if !known {
			return ErrUnknownGap
		}
		w, err := readState(ctx, tx, q["workflow_state"], gapKey)
		if err != nil {
			return err
		}
		notes := len(w.Notes)
		old, next, err := change(&w)
		if err != nil {
			return err
		}
		var snoozed any
		if !w.SnoozedUntil.IsZero() {
			snoozed = w.SnoozedUntil.Format(time.DateOnly)
		}
		if _, err := tx.ExecContext(ctx, q["workflow_upsert"], gapKey, nullString(w.Assignee), string(w.Status),
			nullString(w.StatusReason), snoozed, now, actor); err != nil {
			return fmt.Errorf("writing workflow state: %w", err)
		}
		if len(w.Notes) > notes {
			if _, err := tx.ExecContext(ctx, q["workflow_note_insert"], gapKey, now, actor, w.Notes[len(w.Notes)-1].Text); err != nil {
				return fmt.Errorf("writing note: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, q["workflow_event_insert"], gapKey, now, actor, action, nullString(old), nullString(next)); err != nil {
			return fmt.Errorf("writing workflow event: %w", err)
		}
		detail := fmt.Sprintf("gap %s: %s %q -> %q", gapKey, action, old, next)
		if action == "note" {
			detail = fmt.Sprintf("gap %s: note added", gapKey)
		}
		if _, err := tx.ExecContext(ctx, q["workflow_audit_insert"], now, actor, "care_gap", detail); err != nil {
			return fmt.Errorf("writing audit log: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("changing gap workflow (%s): %w", action, err)
	}
	return nil
}

// readState reads the current state; a gap never touched is open. Notes are counted only.
func readState(ctx context.Context, tx *sql.Tx, query, gapKey string) (GapWorkflow, error) {
	w := GapWorkflow{GapKey: gapKey, Status: GapOpen}
	var assignee, status, reason, by sql.NullString
	var snoozed, updated sql.NullTime
	err := tx.QueryRowContext(ctx, query, gapKey).Scan(&assignee, &status, &reason, &snoozed, &updated, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return w, nil
	}
	if err != nil {
		return w, fmt.Errorf("reading workflow state: %w", err)
	}
	w.Assignee, w.StatusReason, w.UpdatedBy = assignee.String, reason.String, by.String
	if status.Valid {
		w.Status = GapStatus(status.String)
	}
	if snoozed.Valid {
		w.SnoozedUntil = snoozed.Time
	}
	if updated.Valid {
		w.UpdatedAt = updated.Time
	}
	return w, nil
}

// GapWorkflowOf returns a gap's workflow state with its notes and change history.
func GapWorkflowOf(ctx context.Context, db *warehouse.DB, gapKey string) (GapWorkflow, error) {
	var w GapWorkflow
	names := []string{"gap_known", "workflow_state", "workflow_notes", "workflow_events"}
	q := map[string]string{}
	for _, name := range names {
		text, err := queryText(name)
		if err != nil {
			return w, err
		}
		q[name] = text
	}
	err := db.InTx(ctx, func(tx *sql.Tx) error {
		var known bool
		if err := tx.QueryRowContext(ctx, q["gap_known"], gapKey).Scan(&known); err != nil {
			return fmt.Errorf("looking up gap: %w", err)
		}
		if !known {
			return ErrUnknownGap
		}
		var err error
		if w, err = readState(ctx, tx, q["workflow_state"], gapKey); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, q["workflow_notes"], gapKey)
		if err != nil {
			return fmt.Errorf("reading notes: %w", err)
		}
		for rows.Next() {
			var n GapNote
			if err := rows.Scan(&n.At, &n.Actor, &n.Text); err != nil {
				rows.Close()
				return err
			}
			w.Notes = append(w.Notes, n)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return fmt.Errorf("reading notes: %w", err)
		}
		rows, err = tx.QueryContext(ctx, q["workflow_events"], gapKey)
		if err != nil {
			return fmt.Errorf("reading workflow events: %w", err)
		}
		for rows.Next() {
			var e GapEvent
			var old, next sql.NullString
			if err := rows.Scan(&e.At, &e.Actor, &e.Action, &old, &next); err != nil {
				rows.Close()
				return err
			}
			e.OldValue, e.NewValue = old.String, next.String
			w.Events = append(w.Events, e)
		}
		return errors.Join(rows.Err(), rows.Close())
	})
	if err != nil {
		return w, fmt.Errorf("reading gap workflow: %w", err)
	}
	return w, nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
