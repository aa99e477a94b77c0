package dashboard

import (
	"database/sql"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
)

// EditsGoals reports whether the account may set measure goals, open patient lists and
// export them: quality managers.
func (a *account) EditsGoals() bool { return a.Can(RoleQualityManager) }

type goalEditView struct {
	layout
	Code    string
	Groups  []goalField
	Message string // why the form was refused
}

// goalField is one measure group's goal input.
type goalField struct {
	measure
	Value string // as typed, in percent
}

// InputID is the input's id and name: goal-<group index>.
func (f goalField) InputID() string { return "goal-" + strconv.Itoa(f.GroupIndex) }

// formatGoalInput shows a 0..1 goal as the percent the form takes: 15 or 72.5.
func formatGoalInput(goal sql.NullFloat64) string {
	if !goal.Valid {
		return ""
	}
	return strconv.FormatFloat(math.Round(goal.Float64*1000)/10, 'f', -1, 64)
}

// goalEdit shows the goal form of one measure: a goal in percent per group. Quality managers
// only (the route checks the role).
func (s *Server) goalEdit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.goalForm(r)
	if err != nil {
		return err
	}
	for i := range v.Groups {
		v.Groups[i].Value = formatGoalInput(v.Groups[i].Goal)
	}
	return s.render(w, http.StatusOK, "goal_edit", v)
}

func (s *Server) goalForm(r *http.Request) (goalEditView, error) {
	code := chi.URLParam(r, "measure")
	ms, err := s.catalog(r.Context())
	if err != nil {
		return goalEditView{}, err
	}
	groups := measureGroups(ms, code)
	if len(groups) == 0 {
		return goalEditView{}, notFound("There is no such measure in the catalog.")
	}
	l, err := s.pageLayout(r, "Goal of "+code, "measures")
	if err != nil {
		return goalEditView{}, err
	}
	v := goalEditView{layout: l, Code: code}
	for _, g := range groups {
		v.Groups = append(v.Groups, goalField{measure: g})
	}
	return v, nil
}

// goalSave stores the goals posted for one measure: each changed group gets a row in
// measures.goal_history and one in the audit log, in one transaction. The CSRF token is
// checked by the router (checkCSRF) and the role by the route and again here.
func (s *Server) goalSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := accountFrom(ctx)
	if !a.EditsGoals() {
		return &httpError{http.StatusForbidden, "Your role does not give access to this page."}
	}
	v, err := s.goalForm(r)
	if err != nil {
		return err
	}
	type update struct {
		m        measure
		goal     float64
		previous sql.NullFloat64
	}
	var updates []update
	var problems []string
	for i, g := range v.Groups {
		typed := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(r.PostFormValue(g.InputID())), "%"))
		v.Groups[i].Value = typed
		pct, err := strconv.ParseFloat(typed, 64)
		if err != nil || math.IsNaN(pct) || pct < 0 || pct > 100 {
			problems = append(problems, fmt.Sprintf("The goal of %s must be a number from 0 to 100.", g.Label()))
			continue
		}
		goal := math.Round(pct*10) / 1000 // one decimal of a percent
		if g.Goal.Valid && math.Abs(g.Goal.Float64-goal) < 1e-9 {
			continue
		}
		updates = append(updates, update{m: g.measure, goal: goal, previous: g.Goal})
	}
	if len(problems) > 0 {
		v.Message = strings.Join(problems, " ")
		return s.render(w, http.StatusBadRequest, "goal_edit", v)
	}
	now := time.Now().UTC()
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		for _, u := range updates {
			var previous any
			if u.previous.Valid {
				previous = u.previous.Float64
			}
			if _, err := tx.ExecContext(ctx, s.queries.goalInsert, u.m.Measure, u.m.GroupIndex, u.goal, previous, a.Name, now); err != nil {
				return fmt.Errorf("storing goal of %s: %w", u.m.Label(), err)
			}
			detail := fmt.Sprintf("measure=%s group=%d goal=%s previous=%s", u.m.Measure, u.m.GroupIndex,
				formatPercent(sql.NullFloat64{Float64: u.goal, Valid: true}), formatPercent(u.previous))
			if _, err := tx.ExecContext(ctx, s.queries.auditInsert, now, a.Name, "edit", "measure_goal", detail); err != nil {
				return fmt.Errorf("writing audit record for the goal of %s: %w", u.m.Label(), err)
			}
		}
		return nil
	})
	// Goals show on the aggregate pages: rebuild them from the next request on.
	s.agg.invalidate()
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/measures/"+v.Code+"?goal=saved", http.StatusSeeOther)
	return nil
}
