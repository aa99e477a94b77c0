package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"populace/measures"
)

// worklistPerPage is the worklist's page size.
const worklistPerPage = 50

// worklistFilter is what the worklist's form asks for; the same filter drives the page, its
// pagination links and the CSV export.
type worklistFilter struct {
	Source   string // a measure id or registry condition; "" = all
	Provider string // the provider whose worklist the gap is on; "" = all in scope
	Status   string // "active" (default), "" via "all", a workflow status or "snoozed"
	Overdue  bool
	Risk     string // low | rising | high; "" = all
	Assignee string
	Page     int
}

// worklistStatuses are the status filter's choices after "active" and "all".
func worklistStatuses() []string {
	out := []string{"active", "all"}
	for _, s := range measures.GapStatuses {
		out = append(out, string(s))
	}
	return append(out, "snoozed")
}

func parseWorklistFilter(q url.Values) (worklistFilter, error) {
	f := worklistFilter{
		Source: strings.TrimSpace(q.Get("source")), Provider: strings.TrimSpace(q.Get("provider")),
		Status: q.Get("status"), Overdue: q.Get("overdue") == "1", Risk: q.Get("risk"),
		Assignee: strings.TrimSpace(q.Get("assignee")), Page: 1,
	}
	if f.Status == "" {
		f.Status = "active"
	}
	if !slices.Contains(worklistStatuses(), f.Status) {
		return f, badRequest("Choose a status from the list.")
	}
	if f.Risk != "" && !slices.Contains([]string{"low", "rising", "high"}, f.Risk) {
		return f, badRequest("Choose a risk tier from the list.")
	}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return f, badRequest("The page number must be a whole number, 1 or more.")
		}
		f.Page = n
	}
	return f, nil
}

// query is the filter as URL parameters (page excluded), for links and the export.
func (f worklistFilter) query() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("source", f.Source)
	set("provider", f.Provider)
	set("status", f.Status)
	if f.Overdue {
		v.Set("overdue", "1")
	}
	set("risk", f.Risk)
	set("assignee", f.Assignee)
	return v
}

// PageURL is the worklist address of page n under this filter.
func (f worklistFilter) PageURL(n int) string {
	v := f.query()
	v.Set("page", strconv.Itoa(n))
	return "/worklist?" + v.Encode()
}

// ExportURL is the CSV export of this filter.
func (f worklistFilter) ExportURL() string { return "/worklist.csv?" + f.query().Encode() }

// args are the filter's bind parameters as the worklist queries take them.
func (f worklistFilter) args(today time.Time, scope string) []any {
	status := f.Status
	if status == "all" {
		status = ""
	}
	return []any{today.Format(time.DateOnly), scope, scope, f.Source, f.Source, f.Provider, f.Provider,
		status, status, status, f.Overdue, f.Risk, f.Risk, f.Assignee, f.Assignee}
}

// describe is the filter in words for the audit log (no identifiers).
func (f worklistFilter) describe() string {
	return fmt.Sprintf("source=%s provider=%s status=%s overdue=%t risk=%s assignee=%s page=%d",
		f.Source, f.Provider, f.Status, f.Overdue, f.Risk, f.Assignee, f.Page)
}

type worklistView struct {
	layout
	Filter      worklistFilter
	Ready       bool
	Total       int64
	Gaps        []worklistGap
	Page, Pages int
	First       int
	Sources     []choice
	Providers   []string
	Risks       []string
	Statuses    []string
	Assignees   []string // care coordinators gaps can be assigned to
	CanWork     bool     // the account may change workflow state (care coordinators)
	Today       string
}

type choice struct{ Value, Label string }

type worklistGap struct {
	Ref, PersonRef                            string
	PatientID, Provider                       string
	SourceType, Source, Kind, Gap, Action     string
	Priority                                  string
	Opened, Due, OverdueSince, EvidenceDate   sql.NullTime
	EvidenceCode, EvidenceValue, Practitioner string
	Risk, Status, StatusReason, Assignee      string
	SnoozedUntil                              sql.NullTime

	key, person string // never shown: pages use Ref and PersonRef
}

func (v worklistView) HasPrevious() bool { return v.Page > 1 }
func (v worklistView) HasNext() bool     { return v.Page < v.Pages }
func (v worklistView) Last() int         { return v.First + len(v.Gaps) - 1 }

// worklist is the care coordinator's gap worklist: measure and registry gaps of the
// account's providers with their workflow state, filtered, sorted by priority and due date and
// paginated on the server. Patient-level: every view is audit-logged before it is shown.
func (s *Server) worklist(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f, err := parseWorklistFilter(r.URL.Query())
	if err != nil {
		return err
	}
	l, err := s.pageLayout(r, "Gap worklist", "worklist")
	if err != nil {
		return err
	}
	a := accountFrom(ctx)
	today := time.Now().UTC()
	v := worklistView{layout: l, Filter: f, Page: f.Page, Pages: 1, Statuses: worklistStatuses(),
		CanWork: a.Can(RoleCareCoordinator), Today: today.Format(time.DateOnly)}
	if l.Fresh.Run != nil {
		if v.Ready, err = s.gapsBuilt(ctx); err != nil {
			return err
		}
	}
	if v.Ready && !s.noPageCache {
		content, err := s.worklistContent(ctx, &v, l.Fresh.Run.ID, worklistScope(a), today) // worklist_page_cache.go
		if err != nil {
			return err
		}
		if err := s.audit(ctx, "view", "worklist", f.describe()); err != nil {
			return err
		}
		return s.render(w, http.StatusOK, "cached", cachedView{layout: l, Content: content})
	}
	if v.Ready {
		ix, err := s.index(ctx, l.Fresh.Run.ID)
		if err != nil {
			return err
		}
		wf, err := s.workflowStates(ctx)
		if err != nil {
			return err
		}
		if err := s.loadWorklist(ctx, &v, ix, wf, worklistScope(a), today); err != nil {
			return err
		}
	}
	if err := s.audit(ctx, "view", "worklist", f.describe()); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "worklist", v)
}

// loadWorklist fills v with its page of ix under the workflow states wf.
func (s *Server) loadWorklist(ctx context.Context, v *worklistView, ix *worklistIndex, wf *workflowSnapshot, scope string, today time.Time) error {
	run := ix.run
	offset := (v.Page - 1) * worklistPerPage
	v.Total, v.Gaps = ix.page(v.Filter, scope, wf.states, today, offset, worklistPerPage)
	v.Pages = max(1, int((v.Total+worklistPerPage-1)/worklistPerPage))
	if v.Page > v.Pages {
		return notFound(fmt.Sprintf("There is no page %d: this list has %d.", v.Page, v.Pages))
	}
	v.First = offset + 1
	for i := range v.Gaps {
		v.Gaps[i].Ref, v.Gaps[i].PersonRef = s.gapRef(v.Gaps[i].key), s.personRef(v.Gaps[i].person)
	}
	c, err := s.worklistChoices(ctx, run, scope)
	if err != nil {
		return err
	}
	v.Sources, v.Providers, v.Risks = c.sources, c.providers, c.risks
	if v.CanWork {
		if v.Assignees, err = s.coordinators(ctx); err != nil {
			return err
		}
	}
	return nil
}

// coordinators lists the care-coordinator accounts gaps can be assigned to.
func (s *Server) coordinators(ctx context.Context) ([]string, error) {
	var names []string
	err := s.db.Each(ctx, s.work.coordinatorAccounts, nil, func(rows *sql.Rows) error {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		names = append(names, n)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing care coordinators: %w", err)
	}
	return names, nil
}

// inScope reports whether a provider's worklist is within the account's scope.
func inScope(a *account, provider string) bool {
	scope := worklistScope(a)
	return scope == "*" || slices.Contains(strings.Split(scope, ","), provider)
}

// choices are the worklist's filter options for one scope, which change only with a new
// compute run: they are cached per run and scope (worklistCache).
type choices struct {
	sources   []choice
	providers []string
	risks     []string
}

// worklistCache keeps what the worklist would otherwise ask the warehouse on every request
// although it only changes with a compute run.
type worklistCache struct {
	load  sync.Mutex                    // serialises index loads
	index atomic.Pointer[worklistIndex] // the latest run's worklist (worklist_index.go)

	pages        worklistPages                    // rendered pages (worklist_page_cache.go)
	workflow     atomic.Pointer[workflowSnapshot] // the last read of the workflow states
	workflowGen  atomic.Int64                     // bumped by every workflow change
	workflowLoad sync.Mutex                       // serialises reads of the workflow states
	mu           sync.Mutex
	built        bool               // gaps.care_gap exists (once built, it stays)
	run          int64              // the run the choices are for
	choices      map[string]choices // by scope
}

// gapsBuilt reports whether gaps.care_gap has been built, asking the warehouse until it has.
func (s *Server) gapsBuilt(ctx context.Context) (bool, error) {
	s.wl.mu.Lock()
	built := s.wl.built
	s.wl.mu.Unlock()
	if built {
		return true, nil
	}
	ready, err := s.careGapReady(ctx)
	if err != nil || !ready {
		return false, err
	}
	s.wl.mu.Lock()
	s.wl.built = true
	s.wl.mu.Unlock()
	return true, nil
}

func (s *Server) worklistChoices(ctx context.Context, run int64, scope string) (choices, error) {
	s.wl.mu.Lock()
	if s.wl.run == run {
		if c, ok := s.wl.choices[scope]; ok {
			s.wl.mu.Unlock()
			return c, nil
		}
	}
	s.wl.mu.Unlock()
	var c choices
	err := s.db.Each(ctx, s.work.worklistChoices, []any{scope, scope}, func(rows *sql.Rows) error {
		var kind, value string
		if err := rows.Scan(&kind, &value); err != nil {
			return err
		}
		switch kind {
		case "source":
			typ, src, _ := strings.Cut(value, ":")
			c.sources = append(c.sources, choice{Value: src, Label: src + " (" + typ + ")"})
		case "provider":
			c.providers = append(c.providers, value)
		case "risk_tier":
			c.risks = append(c.risks, value)
		}
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("querying worklist choices: %w", err)
	}
	s.wl.mu.Lock()
	defer s.wl.mu.Unlock()
	if s.wl.run != run || s.wl.choices == nil {
		s.wl.run, s.wl.choices = run, map[string]choices{}
	}
	s.wl.choices[scope] = c
	return c, nil
}
