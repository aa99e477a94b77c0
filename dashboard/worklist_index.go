package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
	"unique"
)

// The worklist in memory. Sorting a quarter of a million gaps per page view cost over 100 ms
// of CPU in DuckDB; the order and the gaps change only with a compute run, so the dashboard
// loads them once per run (worklist_index.sql, already in worklist order) and filters and
// pages them here. The workflow state, which coordinators change all day, is read from the
// warehouse on every view (worklist_workflow.sql, a small table). The filters are those of
// worklist_export.sql, which streams the same list.

// indexedGap is one gap as the worklist shows it; repeated texts are interned.
type indexedGap struct {
	key, person, patient                    string
	sourceType, source, kind, gap, action   unique.Handle[string]
	priority, provider, practitioner, risk  unique.Handle[string]
	opened, due, overdueSince, evidenceDate sql.NullTime
	evidenceCode, evidenceValue             unique.Handle[string]
}

type worklistIndex struct {
	run  int64
	gaps []indexedGap
	pos  map[string]int32 // gap key -> position in gaps

	refsOnce sync.Once
	refs     map[refKey]int32 // opaque gap id -> position in gaps, built on first use (opaque_lookup.go)

	// The filtered columns, small codes per gap, so a page view scans a few bytes per gap.
	provider, source []uint16
	risk             []uint8
	overdue          []bool
	providers        codes // provider name -> code
	sources          codes
	risks            codes
}

// codes numbers the distinct values of a column from 1 (0: none).
type codes map[string]int

func (c codes) code(v string) int {
	if v == "" {
		return 0
	}
	n, ok := c[v]
	if !ok {
		n = len(c) + 1
		c[v] = n
	}
	return n
}

// gapState is a gap's workflow state as the worklist filters on it.
type gapState struct {
	status, reason, assignee string
	snoozedUntil             sql.NullTime
}

// index returns the worklist of run, loading it when the run is new. Loads are serialised:
// concurrent first views wait for one load.
func (s *Server) index(ctx context.Context, run int64) (*worklistIndex, error) {
	s.wl.load.Lock()
	defer s.wl.load.Unlock()
	if ix := s.wl.index.Load(); ix != nil && ix.run == run {
		return ix, nil
	}
	ix := &worklistIndex{run: run, pos: map[string]int32{}, providers: codes{}, sources: codes{}, risks: codes{}}
	in := func(s sql.NullString) unique.Handle[string] { return unique.Make(s.String) }
	err := s.db.Each(ctx, s.work.worklistIndex, nil, func(rows *sql.Rows) error {
		var g indexedGap
		var patient, st, src, kind, gap, action, prio, evCode, evValue, prov, prac, risk sql.NullString
		if err := rows.Scan(&g.key, &g.person, &patient, &st, &src, &kind, &gap, &action, &prio, &g.opened, &g.due,
			&g.overdueSince, &g.evidenceDate, &evCode, &evValue, &prov, &prac, &risk); err != nil {
			return err
		}
		g.patient = patient.String
		g.sourceType, g.source, g.kind, g.gap, g.action, g.priority = in(st), in(src), in(kind), in(gap), in(action), in(prio)
		g.evidenceCode, g.evidenceValue, g.provider, g.practitioner, g.risk = in(evCode), in(evValue), in(prov), in(prac), in(risk)
		ix.pos[g.key] = int32(len(ix.gaps))
		ix.gaps = append(ix.gaps, g)
		ix.provider = append(ix.provider, uint16(ix.providers.code(prov.String)))
		ix.source = append(ix.source, uint16(ix.sources.code(src.String)))
		ix.risk = append(ix.risk, uint8(ix.risks.code(risk.String)))
		ix.overdue = append(ix.overdue, g.overdueSince.Valid)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading the worklist: %w", err)
	}
	s.wl.index.Store(ix)
	return ix, nil
}

// workflowTTL bounds how long a read of the workflow states is reused. Every workflow change
// the dashboard makes drops it at once (workflowChanged); while the dashboard runs no other
// process can write the warehouse, so the TTL is only a safety net.
const workflowTTL = 5 * time.Second

// workflowSnapshot is one read of the workflow states.
type workflowSnapshot struct {
	gen     int64 // s.wl.workflowGen when the read started
	readAt  time.Time
	states  map[string]gapState // never changed once read
	version int64               // changes when states do: a re-read finding the same keeps it
}

// workflowChanged drops the reused workflow states: called after every workflow write.
func (s *Server) workflowChanged() { s.wl.workflowGen.Add(1) }

// workflowStates returns the workflow state of every touched gap, reusing a read for up to
// workflowTTL until the next change (concurrent requests share one read). Callers must not
// change its map.
func (s *Server) workflowStates(ctx context.Context) (*workflowSnapshot, error) {
	usable := func(w *workflowSnapshot) bool {
		return w != nil && w.gen == s.wl.workflowGen.Load() && time.Since(w.readAt) < workflowTTL
	}
	if w := s.wl.workflow.Load(); usable(w) {
		return w, nil
	}
	s.wl.workflowLoad.Lock()
	defer s.wl.workflowLoad.Unlock()
	if w := s.wl.workflow.Load(); usable(w) {
		return w, nil
	}
	w := &workflowSnapshot{gen: s.wl.workflowGen.Load(), readAt: time.Now(), states: map[string]gapState{}}
	err := s.db.Each(ctx, s.work.worklistWorkflow, nil, func(rows *sql.Rows) error {
		var key string
		var st gapState
		var status, reason, assignee sql.NullString
		if err := rows.Scan(&key, &status, &reason, &assignee, &st.snoozedUntil); err != nil {
			return err
		}
		st.status, st.reason, st.assignee = status.String, reason.String, assignee.String
		w.states[key] = st
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading workflow states: %w", err)
	}
	if old := s.wl.workflow.Load(); old != nil {
		w.version = old.version + 1
		if maps.Equal(old.states, w.states) {
			w.version = old.version // rendered worklist pages stay valid (worklist_page_cache.go)
		}
	}
	s.wl.workflow.Store(w)
	return w, nil
}

// page filters the index and returns the number of matching gaps and the gaps at
// [offset, offset+limit), with their workflow state.
func (ix *worklistIndex) page(f worklistFilter, scope string, states map[string]gapState, today time.Time, offset, limit int) (int64, []worklistGap) {
	if len(ix.providers) > 1<<16-2 || len(ix.sources) > 1<<16-2 || len(ix.risks) > 254 {
		panic("worklist index: too many distinct values") // cannot happen: providers, measures, tiers
	}
	// want returns the code a filter value must have (-1 = any); a value no gap has matches
	// nothing.
	unknown := false
	want := func(c codes, v string) int {
		if v == "" {
			return -1
		}
		n, ok := c[v]
		unknown = unknown || !ok
		return n
	}
	wantSource, wantProvider, wantRisk := want(ix.sources, f.Source), want(ix.providers, f.Provider), want(ix.risks, f.Risk)
	if unknown {
		return 0, nil
	}
	var allowed []bool // by provider code; nil = all
	if scope != "*" {
		allowed = make([]bool, len(ix.providers)+1)
		for _, p := range strings.Split(scope, ",") {
			if c, ok := ix.providers[p]; ok {
				allowed[c] = true
			}
		}
	}
	// The touched gaps in index order, merged into the scan.
	type touched struct {
		pos int32
		st  gapState
	}
	var marks []touched
	for key, st := range states {
		if p, ok := ix.pos[key]; ok {
			marks = append(marks, touched{p, st})
		}
	}
	slices.SortFunc(marks, func(a, b touched) int { return int(a.pos - b.pos) })
	day := today.Format(time.DateOnly)
	// Most gaps are untouched (status open, no assignee, not snoozed): whether those show is
	// the same for every one of them, decided once here.
	untouchedShown := (f.Status == "all" || f.Status == "active" || f.Status == "open") && f.Assignee == ""
	var total int64
	var out []worklistGap
	m := 0
	for i := range ix.gaps {
		if allowed != nil && !allowed[ix.provider[i]] ||
			wantSource >= 0 && int(ix.source[i]) != wantSource ||
			wantProvider >= 0 && int(ix.provider[i]) != wantProvider ||
			wantRisk >= 0 && int(ix.risk[i]) != wantRisk ||
			f.Overdue && !ix.overdue[i] {
			continue
		}
		for m < len(marks) && int(marks[m].pos) < i {
			m++
		}
		touched := m < len(marks) && int(marks[m].pos) == i
		if !touched && !untouchedShown {
			continue
		}
		if !touched && (total < int64(offset) || len(out) >= limit) {
			total++ // counted, not on this page
			continue
		}
		var st gapState
		if touched {
			st = marks[m].st
		}
		status := st.status
		if status == "" {
			status = "open"
		}
		if st.snoozedUntil.Valid && st.snoozedUntil.Time.Format(time.DateOnly) > day {
			status = "snoozed"
		}
		switch f.Status {
		case "all":
		case "active":
			if status != "open" && status != "outreach_attempted" && status != "scheduled" {
				continue
			}
		default:
			if status != f.Status {
				continue
			}
		}
		if f.Assignee != "" && st.assignee != f.Assignee {
			continue
		}
		if total >= int64(offset) && len(out) < limit {
			g := &ix.gaps[i]
			out = append(out, worklistGap{
				PatientID: g.patient, Provider: g.provider.Value(), SourceType: g.sourceType.Value(), Source: g.source.Value(),
				Kind: g.kind.Value(), Gap: g.gap.Value(), Action: g.action.Value(), Priority: g.priority.Value(),
				Opened: g.opened, Due: g.due, OverdueSince: g.overdueSince, EvidenceDate: g.evidenceDate,
				EvidenceCode: g.evidenceCode.Value(), EvidenceValue: g.evidenceValue.Value(),
				Practitioner: g.practitioner.Value(), Risk: g.risk.Value(), Status: status,
				StatusReason: st.reason, Assignee: st.assignee, SnoozedUntil: st.snoozedUntil,
				key: g.key, person: g.person,
			})
		}
		total++
	}
	return total, out
}
