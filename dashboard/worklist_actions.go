package dashboard

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"populace/measures"
)

// The workflow actions: POST forms (CSRF-checked by checkCSRF, care coordinators only by
// requireRole), each calling the measures package, which writes the change, its event and the
// audit record in one transaction. After a change the browser is sent back (POST-redirect-GET).

// gapAction changes one gap: assign, status, note or snooze.
func (s *Server) gapAction(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	defer s.workflowChanged() // after the write: worklists show it at once (worklist_index.go)
	g, err := s.findGap(ctx, chi.URLParam(r, "gap"))
	if err != nil {
		return err
	}
	actor := accountFrom(ctx).Name
	action := chi.URLParam(r, "action")
	switch action {
	case "assign":
		err = s.assignTo(r, g.key, r.PostFormValue("assignee"))
	case "status":
		err = measures.SetGapStatus(ctx, s.db, actor, g.key, measures.GapStatus(r.PostFormValue("status")), r.PostFormValue("reason"))
	case "note":
		err = measures.AddGapNote(ctx, s.db, actor, g.key, r.PostFormValue("note"))
	case "snooze":
		var until time.Time
		if v := strings.TrimSpace(r.PostFormValue("until")); v != "" {
			if until, err = time.Parse(time.DateOnly, v); err != nil {
				return badRequest("Give the snooze date as YYYY-MM-DD, or leave it empty to wake the gap.")
			}
		}
		err = measures.SnoozeGap(ctx, s.db, actor, g.key, until)
	default:
		return errNotFound
	}
	if err != nil {
		return workflowError(err)
	}
	http.Redirect(w, r, "/worklist/"+g.Ref+"?done="+action, http.StatusSeeOther)
	return nil
}

// assignTo assigns a gap to a care coordinator ("" unassigns); only enabled care-coordinator
// accounts can be chosen.
func (s *Server) assignTo(r *http.Request, key, assignee string) error {
	assignee = strings.TrimSpace(assignee)
	if assignee != "" {
		names, err := s.coordinators(r.Context())
		if err != nil {
			return err
		}
		if !slices.Contains(names, assignee) {
			return badRequest("Choose a care coordinator from the list.")
		}
	}
	return measures.AssignGap(r.Context(), s.db, accountFrom(r.Context()).Name, key, assignee)
}

// worklistAssign assigns every checked gap of the worklist to one care coordinator.
func (s *Server) worklistAssign(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	defer s.workflowChanged() // after the writes: worklists show them at once (worklist_index.go)
	if err := r.ParseForm(); err != nil {
		return badRequest("The form could not be read.")
	}
	refs := slices.Compact(slices.Sorted(slices.Values(r.PostForm["gap"])))
	if len(refs) == 0 {
		return badRequest("Tick at least one gap to assign.")
	}
	if len(refs) > worklistPerPage {
		return badRequest(fmt.Sprintf("Assign at most %d gaps at a time.", worklistPerPage))
	}
	for _, ref := range refs {
		if !validRef(ref) {
			return badRequest("The form named a gap that does not exist.")
		}
	}
	a := accountFrom(ctx)
	var keys []string
	err := s.db.Each(ctx, s.work.worklistKeys, []any{strings.Join(refs, ","), s.secret}, func(rows *sql.Rows) error {
		var key, provider string
		if err := rows.Scan(&key, &provider); err != nil {
			return err
		}
		if inScope(a, provider) {
			keys = append(keys, key)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("looking up gaps to assign: %w", err)
	}
	if len(keys) != len(refs) {
		return notFound("A gap in the form is not on your worklist any more: reload the worklist.")
	}
	for _, key := range keys {
		if err := s.assignTo(r, key, r.PostFormValue("assignee")); err != nil {
			return workflowError(err)
		}
	}
	http.Redirect(w, r, backTo(r.PostFormValue("back")), http.StatusSeeOther)
	return nil
}

// workflowError shows an invalid change (unknown status, not applicable without a reason,
// empty note) as a 400 with the reason, and an unknown gap as a 404.
func workflowError(err error) error {
	switch {
	case errors.Is(err, measures.ErrInvalidWorkflow):
		msg := err.Error()
		if i := strings.Index(msg, measures.ErrInvalidWorkflow.Error()+": "); i >= 0 {
			msg = msg[i+len(measures.ErrInvalidWorkflow.Error())+2:]
		}
		return badRequest("That change cannot be made: " + msg + ".")
	case errors.Is(err, measures.ErrUnknownGap):
		return notFound("There is no such care gap.")
	}
	return err
}

// backTo is a local worklist address from the form's "back" field, or the worklist.
func backTo(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Host != "" || u.Scheme != "" || u.Path != "/worklist" {
		return "/worklist"
	}
	return u.RequestURI()
}
