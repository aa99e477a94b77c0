package dashboard

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"populace/measures"
)

type gapShowView struct {
	layout
	Gap       worklistGap
	Workflow  measures.GapWorkflow
	Statuses  []measures.GapStatus
	Assignees []string
	CanWork   bool
	Today     string
	Message   string // what the last action did (after a redirect)
}

// foundGap is a care gap looked up by its opaque id, scope-checked.
type foundGap struct {
	key string
	worklistGap
}

// findGap resolves an opaque gap id to a gap the account may see. A gap outside the account's
// scope is reported exactly like a gap that does not exist.
func (s *Server) findGap(ctx context.Context, ref string) (foundGap, error) {
	var g foundGap
	if !validRef(ref) {
		return g, notFound("There is no such care gap.")
	}
	f, err := s.freshness(ctx)
	if err != nil {
		return g, err
	}
	built := false
	if f.Run != nil {
		if built, err = s.gapsBuilt(ctx); err != nil {
			return g, err
		}
	}
	if !built {
		return g, notFound("There is no such care gap in the latest compute run.")
	}
	key, found, err := s.gapByRef(ctx, f.Run.ID, ref) // opaque_lookup.go
	if err != nil {
		return g, err
	}
	if !found {
		return g, notFound("There is no such care gap in the latest compute run.")
	}
	var person string
	var provider, patient, kind, gap, action, prio, evCode, evValue, wlProvider, prac, risk sql.NullString
	err = s.db.SQL().QueryRowContext(ctx, s.work.worklistGap, key).Scan(&g.key, &person, &provider, &patient,
		&g.SourceType, &g.Source, &kind, &gap, &action, &prio, &g.Opened, &g.Due, &g.OverdueSince, &g.EvidenceDate,
		&evCode, &evValue, &wlProvider, &prac, &risk)
	if errors.Is(err, sql.ErrNoRows) {
		return g, notFound("There is no such care gap in the latest compute run.")
	}
	if err != nil {
		return g, fmt.Errorf("looking up care gap: %w", err)
	}
	if !inScope(accountFrom(ctx), wlProvider.String) {
		return g, notFound("There is no such care gap in the latest compute run.")
	}
	g.Ref, g.PersonRef = ref, s.personRef(person)
	g.PatientID, g.Provider, g.Kind, g.Gap, g.Action, g.Priority = patient.String, wlProvider.String, kind.String, gap.String, action.String, prio.String
	g.EvidenceCode, g.EvidenceValue, g.Practitioner, g.Risk = evCode.String, evValue.String, prac.String, risk.String
	return g, nil
}

// gapShow shows one care gap with its workflow state, notes and history, and (for care
// coordinators) the forms that change it. Patient-level: audit-logged.
func (s *Server) gapShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	g, err := s.findGap(ctx, chi.URLParam(r, "gap"))
	if err != nil {
		return err
	}
	wf, err := measures.GapWorkflowOf(ctx, s.db, g.key)
	if err != nil {
		return err
	}
	l, err := s.pageLayout(r, "Care gap: "+g.Gap, "worklist")
	if err != nil {
		return err
	}
	a := accountFrom(ctx)
	v := gapShowView{layout: l, Gap: g.worklistGap, Workflow: wf, Statuses: measures.GapStatuses,
		CanWork: a.Can(RoleCareCoordinator), Today: time.Now().UTC().Format(time.DateOnly), Message: flashMessage(r.URL.Query().Get("done"))}
	v.Gap.Status, v.Gap.StatusReason, v.Gap.Assignee = string(wf.Status), wf.StatusReason, wf.Assignee
	if v.CanWork {
		if v.Assignees, err = s.coordinators(ctx); err != nil {
			return err
		}
	}
	if err := s.audit(ctx, "view", "care_gap", "gap "+g.Ref); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "gap_show", v)
}

// flashMessage is the confirmation shown after a workflow action redirected back.
func flashMessage(done string) string {
	switch done {
	case "assign":
		return "Assignment saved."
	case "status":
		return "Status saved."
	case "note":
		return "Note added."
	case "snooze":
		return "Snooze saved."
	}
	return ""
}
