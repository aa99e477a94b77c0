package dashboard

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unique"
)

// The worklist's scan decides untouched gaps once per view (worklistIndex.page); it must
// return what the straightforward scan (pageReference, the version before) returns for every
// filter, scope, workflow state and page.
func TestWorklistPageMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ix := &worklistIndex{pos: map[string]int32{}, providers: codes{}, sources: codes{}, risks: codes{}}
	providers, sources, risks := []string{"north", "south", "east"}, []string{"CMS122", "CMS165", "diabetes"}, []string{"", "low", "rising", "high"}
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range 2000 {
		g := indexedGap{key: fmt.Sprintf("gap-%d", i), person: fmt.Sprintf("p-%d", i%700), patient: fmt.Sprintf("pt-%d", i)}
		prov, src, risk := providers[rng.IntN(3)], sources[rng.IntN(3)], risks[rng.IntN(4)]
		none := unique.Make("")
		g.sourceType, g.kind, g.gap, g.action, g.priority, g.practitioner = none, none, none, none, none, none
		g.evidenceCode, g.evidenceValue = none, unique.Make(fmt.Sprint(i))
		g.provider, g.source, g.risk = unique.Make(prov), unique.Make(src), unique.Make(risk)
		if rng.IntN(3) == 0 {
			g.overdueSince = sql.NullTime{Time: day.AddDate(0, 0, -rng.IntN(90)), Valid: true}
		}
		ix.pos[g.key] = int32(len(ix.gaps))
		ix.gaps = append(ix.gaps, g)
		ix.provider = append(ix.provider, uint16(ix.providers.code(prov)))
		ix.source = append(ix.source, uint16(ix.sources.code(src)))
		ix.risk = append(ix.risk, uint8(ix.risks.code(risk)))
		ix.overdue = append(ix.overdue, g.overdueSince.Valid)
	}
	states := map[string]gapState{}
	for i := range 300 {
		st := gapState{status: []string{"", "open", "outreach_attempted", "scheduled", "closed", "not_applicable"}[rng.IntN(6)]}
		if rng.IntN(3) == 0 {
			st.assignee = []string{"casey", "dana"}[rng.IntN(2)]
		}
		if rng.IntN(4) == 0 {
			st.snoozedUntil = sql.NullTime{Time: day.AddDate(0, 0, rng.IntN(20)-10), Valid: true}
		}
		states[fmt.Sprintf("gap-%d", rng.IntN(2000)+i%2)] = st
	}
	states["gap-not-in-index"] = gapState{status: "closed"}
	for _, status := range worklistStatuses() {
		for _, scope := range []string{"*", "north", "south,east", "nowhere"} {
			for _, f := range []worklistFilter{
				{}, {Source: "CMS122"}, {Provider: "south"}, {Risk: "high", Overdue: true}, {Assignee: "casey"},
				{Source: "unknown"}, {Overdue: true, Provider: "east", Source: "diabetes"},
			} {
				f.Status = status
				for _, offset := range []int{0, 50, 950} {
					name := strings.Join([]string{status, scope, f.describe(), fmt.Sprint(offset)}, " ")
					wantTotal, want := ix.pageReference(f, scope, states, day, offset, 50)
					gotTotal, got := ix.page(f, scope, states, day, offset, 50)
					if gotTotal != wantTotal || !reflect.DeepEqual(got, want) {
						t.Fatalf("%s: %d gaps, want %d; page:\n%+v\nwant:\n%+v", name, gotTotal, wantTotal, got, want)
					}
				}
			}
		}
	}
}

func (ix *worklistIndex) pageReference(f worklistFilter, scope string, states map[string]gapState, today time.Time, offset, limit int) (int64, []worklistGap) {
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
	var total int64
	var out []worklistGap
	m := 0
	for i := range ix.gaps {
		var st gapState
		for m < len(marks) && int(marks[m].pos) < i {
			m++
		}
		if m < len(marks) && int(marks[m].pos) == i {
			st = marks[m].st
		}
		if allowed != nil && !allowed[ix.provider[i]] ||
			wantSource >= 0 && int(ix.source[i]) != wantSource ||
			wantProvider >= 0 && int(ix.provider[i]) != wantProvider ||
			wantRisk >= 0 && int(ix.risk[i]) != wantRisk ||
			f.Overdue && !ix.overdue[i] {
			continue
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
