package measures_test

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
	"time"

	"populace/measures"
	"populace/warehouse"
)

// registryRow is what the registry says of one person and condition.
type registryRow struct {
	inRegistry, ever bool
	qualifiedBy      string
	exclusion        string
	encounters       int
}

func readRegistry(t *testing.T, db *warehouse.DB) map[string]registryRow {
	t.Helper()
	out := map[string]registryRow{}
	err := db.Each(t.Context(), `
		select p.patient_id, r.condition, r.is_in_registry, r.is_ever_diagnosed,
			coalesce(r.qualified_by, ''), coalesce(r.exclusion_reason, ''), r.qualifying_encounters
		from registries.registry as r
		join core.person_record as p on p.person_id = r.person_id`, nil, func(rows *sql.Rows) error {
		var patient, condition string
		var r registryRow
		if err := rows.Scan(&patient, &condition, &r.inRegistry, &r.ever, &r.qualifiedBy, &r.exclusion, &r.encounters); err != nil {
			return err
		}
		out[patient+"/"+condition] = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRegistryRules checks each rule's edges on hand-written patients, as of 2025-12-31:
// diabetes looks back 2 years (from 2024-01-01), hypertension 1 year (from 2025-01-01); both
// need 1 inpatient or 2 outpatient encounters at least a day apart, or an active problem-list
// entry for a person seen in the reference period, or (diabetes) two HbA1c of 6.5 % or more.
func TestRegistryRules(t *testing.T) {
	db := openWarehouse(t)
	f := newFeed("clinic")
	pt := func(id string) string { f.patient(id, "tok-"+id, "1970-05-05"); return id }

	p := pt("dm-two-outpatient-from-window-start")
	f.visitDiagnosis(p, "E11.9", "2024-01-01", "AMB")
	f.visitDiagnosis(p, "E11.65", "2024-01-02", "AMB")
	p = pt("dm-one-outpatient")
	f.visitDiagnosis(p, "E11.9", "2025-06-01", "AMB")
	p = pt("dm-two-outpatient-same-day")
	f.visitDiagnosis(p, "E11.9", "2025-06-01", "AMB")
	f.visitDiagnosis(p, "E11.9", "2025-06-01", "AMB")
	p = pt("dm-two-outpatient-before-window")
	f.visitDiagnosis(p, "E11.9", "2023-12-30", "AMB")
	f.visitDiagnosis(p, "E11.9", "2023-12-31", "AMB")
	p = pt("dm-one-inpatient")
	f.visitDiagnosis(p, "E119", "2025-03-01", "IMP")
	p = pt("dm-problem-list-seen")
	f.diagnosis(p, "E11.9", "", "2015-04-01", "active")
	f.encounter(p, "2025-05-01", "AMB", "")
	p = pt("dm-problem-list-not-seen")
	f.diagnosis(p, "E11.9", "", "2015-04-01", "active")
	f.encounter(p, "2023-05-01", "AMB", "")
	p = pt("dm-problem-list-resolved")
	f.diagnosis(p, "E11.9", "", "2015-04-01", "resolved")
	f.encounter(p, "2025-05-01", "AMB", "")
	p = pt("dm-two-high-hba1c")
	f.lab(p, "4548-4", "2025-02-01", 7.0, "%")
	f.lab(p, "4548-4", "2025-08-01", 6.5, "%")
	p = pt("dm-one-high-hba1c")
	f.lab(p, "4548-4", "2025-02-01", 7.0, "%")
	f.lab(p, "4548-4", "2025-08-01", 6.4, "%")
	p = pt("htn-one-before-one-in-window")
	f.visitDiagnosis(p, "I10", "2024-12-31", "AMB")
	f.visitDiagnosis(p, "I10", "2025-06-01", "AMB")
	p = pt("htn-two-in-window")
	f.visitDiagnosis(p, "I10", "2025-01-01", "AMB")
	f.visitDiagnosis(p, "I10", "2025-12-31", "EMER")
	p = pt("obesity-overweight-only")
	f.visitDiagnosis(p, "E66.3", "2025-02-01", "AMB")
	f.visitDiagnosis(p, "E66.3", "2025-03-01", "AMB")
	p = pt("asthma-with-cystic-fibrosis")
	f.visitDiagnosis(p, "J45.909", "2025-02-01", "AMB")
	f.visitDiagnosis(p, "J45.909", "2025-03-01", "AMB")
	f.visitDiagnosis(p, "E84.0", "2025-04-01", "AMB")
	p = pt("stroke-transient-global-amnesia")
	f.visitDiagnosis(p, "G45.4", "2025-02-01", "IMP")
	p = pt("dm-after-as-of")
	f.visitDiagnosis(p, "E11.9", "2026-01-01", "IMP")
	load(t, db, t.TempDir(), f)
	compute2025(t, db)

	got := readRegistry(t, db)
	tests := []struct {
		key         string
		present     bool
		inRegistry  bool
		ever        bool
		qualifiedBy string
	}{
		{"dm-two-outpatient-from-window-start/diabetes", true, true, true, "outpatient"},
		{"dm-one-outpatient/diabetes", true, false, true, ""},
		{"dm-two-outpatient-same-day/diabetes", true, false, true, ""},
		{"dm-two-outpatient-before-window/diabetes", true, false, true, ""},
		{"dm-one-inpatient/diabetes", true, true, true, "inpatient"},
		{"dm-problem-list-seen/diabetes", true, true, true, "problem_list"},
		{"dm-problem-list-not-seen/diabetes", true, false, true, ""},
		{"dm-problem-list-resolved/diabetes", true, false, true, ""},
		{"dm-two-high-hba1c/diabetes", true, true, false, "value"},
		{"dm-one-high-hba1c/diabetes", false, false, false, ""},
		{"htn-one-before-one-in-window/hypertension", true, false, true, ""},
		{"htn-two-in-window/hypertension", true, true, true, "outpatient"},
		{"obesity-overweight-only/obesity", false, false, false, ""},
		{"asthma-with-cystic-fibrosis/asthma", true, false, true, "outpatient"},
		{"stroke-transient-global-amnesia/stroke_tia", false, false, false, ""},
		{"dm-after-as-of/diabetes", false, false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			r, ok := got[tt.key]
			if ok != tt.present {
				t.Fatalf("registry row present = %v, want %v", ok, tt.present)
			}
			if !ok {
				return
			}
			if r.inRegistry != tt.inRegistry || r.ever != tt.ever || r.qualifiedBy != tt.qualifiedBy {
				t.Errorf("in registry %v, ever diagnosed %v, qualified by %q; want %v, %v, %q",
					r.inRegistry, r.ever, r.qualifiedBy, tt.inRegistry, tt.ever, tt.qualifiedBy)
			}
		})
	}
	if r := got["asthma-with-cystic-fibrosis/asthma"]; !strings.Contains(r.exclusion, "E84") {
		t.Errorf("asthma exclusion reason = %q, want the cystic fibrosis code", r.exclusion)
	}
	if r := got["dm-two-outpatient-from-window-start/diabetes"]; r.encounters != 2 {
		t.Errorf("qualifying encounters = %d, want 2", r.encounters)
	}
}

// TestAttribution: plurality of primary-care visits in the 24 months to 2025-12-31 across
// providers, a tie going to the most recent visit; older visits and ED visits do not count.
func TestAttribution(t *testing.T) {
	db := openWarehouse(t)
	a, b := newFeed("prov-a"), newFeed("prov-b")
	both := func(id string) {
		a.patient(id+"-a", "tok-"+id, "1960-01-01")
		b.patient(id+"-b", "tok-"+id, "1960-01-01")
	}

	both("tie")
	a.encounter("tie-a", "2025-01-10", "AMB", "dr-a1")
	a.encounter("tie-a", "2025-02-10", "AMB", "dr-a1")
	b.encounter("tie-b", "2025-01-05", "AMB", "dr-b1")
	b.encounter("tie-b", "2025-03-01", "AMB", "dr-b2")
	b.encounter("tie-b", "2025-03-01", "AMB", "dr-b2")
	a.encounter("tie-a", "2023-06-01", "AMB", "dr-a1") // before the 24 months
	a.encounter("tie-a", "2023-06-02", "AMB", "dr-a1")

	both("plural")
	a.encounter("plural-a", "2024-01-01", "AMB", "dr-a1") // first day of the 24 months
	a.encounter("plural-a", "2024-06-01", "AMB", "dr-a2")
	a.encounter("plural-a", "2024-07-01", "AMB", "dr-a2")
	b.encounter("plural-b", "2025-12-01", "AMB", "dr-b1")
	b.encounter("plural-b", "2025-12-02", "AMB", "dr-b1")
	b.encounter("plural-b", "2025-12-03", "EMER", "dr-b1") // emergency: not primary care
	load(t, db, t.TempDir(), a, b)
	compute2025(t, db)

	// The ranking, as kept to explain the attribution.
	type rank struct {
		provider string
		visits   int
		last     string
		rank     int
	}
	ranks := map[string][]rank{}
	err := db.Each(t.Context(), `
		select pr.patient_id, r.provider, r.visits, strftime(r.last_visit_date, '%Y-%m-%d'), r.attribution_rank
		from registries.attribution_rank as r
		join core.person_record as pr on pr.person_id = r.person_id and pr.provider = 'prov-a'
		order by 1, 5`, nil, func(rows *sql.Rows) error {
		var p string
		var r rank
		if err := rows.Scan(&p, &r.provider, &r.visits, &r.last, &r.rank); err != nil {
			return err
		}
		ranks[p] = append(ranks[p], r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]rank{
		// prov-a: 2 visits in the window, last 2025-02-10; prov-b: 3 visits (two encounters on
		// 2025-03-01), last 2025-03-01.
		"tie-a":    {{"prov-b", 3, "2025-03-01", 1}, {"prov-a", 2, "2025-02-10", 2}},
		"plural-a": {{"prov-a", 3, "2024-07-01", 1}, {"prov-b", 2, "2025-12-02", 2}},
	}
	for p, w := range want {
		if got := ranks[p]; len(got) != len(w) || got[0] != w[0] || got[1] != w[1] {
			t.Errorf("%s ranking = %v, want %v", p, got, w)
		}
	}

	// A true tie (same count), broken by the most recent visit, and the practitioner within
	// the organization by plurality.
	db2 := openWarehouse(t)
	c, d := newFeed("prov-c"), newFeed("prov-d")
	c.patient("x-c", "tok-x", "1960-01-01")
	d.patient("x-d", "tok-x", "1960-01-01")
	c.encounter("x-c", "2025-01-10", "AMB", "dr-c1")
	c.encounter("x-c", "2025-02-10", "AMB", "dr-c1")
	d.encounter("x-d", "2025-01-05", "AMB", "dr-d1")
	d.encounter("x-d", "2025-03-01", "AMB", "dr-d2")
	d.encounter("x-d", "2025-04-01", "AMB", "dr-d2")
	c.encounter("x-c", "2025-05-01", "AMB", "dr-c2")
	c.encounter("x-c", "2025-06-01", "AMB", "dr-c2")
	c.encounter("x-c", "2025-07-01", "AMB", "dr-c2")
	d.encounter("x-d", "2025-08-01", "AMB", "dr-d1")
	d.encounter("x-d", "2025-09-01", "AMB", "dr-d1")
	load(t, db2, t.TempDir(), c, d)
	compute2025(t, db2)
	var provider, practitioner, basis string
	var visits int
	if err := db2.SQL().QueryRowContext(t.Context(), `select attributed_provider, attributed_practitioner_id, basis, visits from registries.attribution`).
		Scan(&provider, &practitioner, &basis, &visits); err != nil {
		t.Fatal(err)
	}
	// 5 visits each; prov-d's last (2025-09-01) is later than prov-c's (2025-07-01). At prov-d,
	// dr-d1 has 3 visits to dr-d2's 2.
	if provider != "prov-d" || practitioner != "dr-d1" || basis != "tie, most recent visit" || visits != 5 {
		t.Errorf("attribution = %s / %s (%s, %d visits), want prov-d / dr-d1 (tie, most recent visit, 5)", provider, practitioner, basis, visits)
	}
}

// gapKey returns the key of the open gap of the given source and kind for a patient, or "".
func gapKey(t *testing.T, db *warehouse.DB, patient, source, kind string) string {
	t.Helper()
	var key string
	err := db.SQL().QueryRowContext(t.Context(), `
		select g.gap_key from gaps.care_gap as g
		join core.person_record as pr on pr.person_id = g.person_id
		where pr.patient_id = ? and g.source = ? and g.gap_kind = ?`, patient, source, kind).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// TestRegistryGapEdgesAndLifecycle: "diabetes, no HbA1c in 6 months" as of 2025-12-31 opens
// for a last HbA1c on 2025-06-30 and not for one on 2025-07-01; a gap closes when a new HbA1c
// arrives, and its workflow state, notes and history survive the recompute and the re-ingest.
func TestRegistryGapEdgesAndLifecycle(t *testing.T) {
	db := openWarehouse(t)
	dir := t.TempDir()
	f := newFeed("clinic")
	for _, p := range []string{"last-0630", "last-0701"} {
		f.patient(p, "tok-"+p, "1970-05-05")
		f.visitDiagnosis(p, "E11.9", "2025-01-10", "AMB")
		f.visitDiagnosis(p, "E11.9", "2025-02-10", "AMB")
		f.lab(p, "33914-3", "2025-03-01", 75, "mL/min/{1.73_m2}") // eGFR, so only the HbA1c gap varies
		f.lab(p, "9318-7", "2025-03-01", 12, "mg/g")
	}
	f.lab("last-0630", "4548-4", "2025-06-30", 7.1, "%")
	f.lab("last-0701", "4548-4", "2025-07-01", 7.1, "%")
	load(t, db, dir, f)
	run1 := compute2025(t, db)

	key := gapKey(t, db, "last-0630", "diabetes", "no_hba1c_6m")
	if key == "" {
		t.Fatal("last HbA1c on 2025-06-30: no 'no HbA1c in 6 months' gap as of 2025-12-31")
	}
	if k := gapKey(t, db, "last-0701", "diabetes", "no_hba1c_6m"); k != "" {
		t.Errorf("last HbA1c on 2025-07-01: gap %s open, want none", k)
	}
	var due string
	if err := db.SQL().QueryRowContext(t.Context(), `select strftime(due_date, '%Y-%m-%d') from gaps.care_gap where gap_key = ?`, key).Scan(&due); err != nil {
		t.Fatal(err)
	}
	if due != "2025-12-30" {
		t.Errorf("due date = %s, want 2025-12-30 (6 months after the last HbA1c)", due)
	}

	// Workflow: every change is kept and audited.
	ctx := t.Context()
	if err := measures.AssignGap(ctx, db, "coordinator-1", key, "nurse-7"); err != nil {
		t.Fatal(err)
	}
	if err := measures.SetGapStatus(ctx, db, "coordinator-1", key, measures.GapScheduled, ""); err != nil {
		t.Fatal(err)
	}
	if err := measures.AddGapNote(ctx, db, "coordinator-1", key, "lab booked"); err != nil {
		t.Fatal(err)
	}
	if err := measures.SnoozeGap(ctx, db, "coordinator-1", key, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := measures.SetGapStatus(ctx, db, "coordinator-1", key, measures.GapNotApplicable, ""); !errors.Is(err, measures.ErrInvalidWorkflow) {
		t.Errorf("not_applicable without a reason: %v, want ErrInvalidWorkflow", err)
	}
	if err := measures.SetGapStatus(ctx, db, "coordinator-1", "nobody|registry|diabetes|no_hba1c_6m", measures.GapDeclined, ""); !errors.Is(err, measures.ErrUnknownGap) {
		t.Errorf("unknown gap: %v, want ErrUnknownGap", err)
	}

	// A snoozed gap lists as snoozed until the day, then with its status.
	statusOf := func(today time.Time, status string) map[string]string {
		var buf bytes.Buffer
		if err := measures.WriteGapsCSV(ctx, db, &buf, measures.GapFilter{Status: status, Today: today}); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range recs[0] {
			col[h] = i
		}
		out := map[string]string{}
		for _, r := range recs[1:] {
			out[r[col["gap_key"]]] = r[col["status"]] + "/" + r[col["assignee"]] + "/" + r[col["notes"]] + "/" + r[col["close_reason"]]
		}
		return out
	}
	if got := statusOf(time.Date(2026, 1, 14, 0, 0, 0, 0, time.UTC), "")[key]; got != "snoozed/nurse-7/1/" {
		t.Errorf("before the snooze ends: %q, want snoozed/nurse-7/1/", got)
	}
	if got := statusOf(time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), "scheduled")[key]; got != "scheduled/nurse-7/1/" {
		t.Errorf("on the snooze day: %q, want scheduled/nurse-7/1/", got)
	}

	// A recompute on the same data keeps the gap, its opened date and its workflow.
	var opened1, opened2 string
	db.SQL().QueryRowContext(ctx, `select strftime(opened_date, '%Y-%m-%d') from gaps.care_gap where gap_key = ?`, key).Scan(&opened1)
	compute2025(t, db)
	db.SQL().QueryRowContext(ctx, `select strftime(opened_date, '%Y-%m-%d') from gaps.care_gap where gap_key = ?`, key).Scan(&opened2)
	if opened1 == "" || opened1 != opened2 {
		t.Errorf("opened date %q after the first run, %q after the second", opened1, opened2)
	}

	// New data (a later HbA1c, in a new file) closes the gap at the next compute.
	f2 := newFeed("clinic")
	f2.seq = 900
	f2.lab("last-0630", "4548-4", "2025-11-20", 6.9, "%")
	load(t, db, t.TempDir(), f2)
	run3 := compute2025(t, db)
	if k := gapKey(t, db, "last-0630", "diabetes", "no_hba1c_6m"); k != "" {
		t.Fatalf("gap %s still open after a new HbA1c", k)
	}
	closed := statusOf(time.Time{}, "closed")
	if got := closed[key]; got != "closed/nurse-7/1/met" {
		t.Errorf("closed list: %q, want closed/nurse-7/1/met", got)
	}
	w, err := measures.GapWorkflowOf(ctx, db, key)
	if err != nil {
		t.Fatal(err)
	}
	if w.Status != measures.GapScheduled || w.Assignee != "nurse-7" || len(w.Notes) != 1 || w.Notes[0].Text != "lab booked" || len(w.Events) != 4 {
		t.Errorf("workflow after closing: status %s, assignee %s, %d notes, %d events; want scheduled, nurse-7, 1, 4",
			w.Status, w.Assignee, len(w.Notes), len(w.Events))
	}
	var audited, historyRuns, episodes int
	db.SQL().QueryRowContext(ctx, `select count(*) from meta.audit_log where action = 'workflow' and detail like ?`, "gap "+key+":%").Scan(&audited)
	db.SQL().QueryRowContext(ctx, `select count(distinct run_id) from gaps.gap_history where gap_key = ?`, key).Scan(&historyRuns)
	db.SQL().QueryRowContext(ctx, `select count(*) from gaps.gap_episode where gap_key = ? and opened_run = ? and closed_run = ?`, key, run1, run3).Scan(&episodes)
	if audited != 4 || historyRuns != 2 || episodes != 1 {
		t.Errorf("audit entries %d (want 4), runs in history %d (want 2), episode run %d..%d %d (want 1)", audited, historyRuns, run1, run3, episodes)
	}
}

// TestGapChecksCatchBrokenState: the invariant checks fail a build whose gap state is broken.
func TestGapChecksCatchBrokenState(t *testing.T) {
	db := openWarehouse(t)
	f := newFeed("clinic")
	f.patient("p", "tok-p", "1970-05-05")
	f.visitDiagnosis("p", "E11.9", "2025-01-10", "AMB")
	f.visitDiagnosis("p", "E11.9", "2025-02-10", "AMB")
	load(t, db, t.TempDir(), f)
	compute2025(t, db)
	// Two open episodes of one gap: the gap would be open twice.
	if _, err := db.SQL().ExecContext(t.Context(), `
		insert into gaps.gap_episode (gap_key, person_id, source_type, source, gap_kind, opened_run, opened_at)
		select gap_key, person_id, source_type, source, gap_kind, opened_run, opened_at
		from gaps.gap_episode limit 1`); err != nil {
		t.Fatal(err)
	}
	_, err := measures.Compute(t.Context(), db, measures.ComputeOptions{
		Start: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), TrendMonths: -1,
	})
	if err == nil || !(strings.Contains(err.Error(), "gap_episode_consistent") || strings.Contains(err.Error(), "care_gap_key_unique")) {
		t.Errorf("compute over a gap with two open episodes: %v, want a gap check to fail", err)
	}
	// The failed run kept nothing: the gap history still holds the first run only.
	var runs int
	if err := db.SQL().QueryRowContext(t.Context(), `select count(distinct run_id) from gaps.gap_history`).Scan(&runs); err != nil || runs != 1 {
		t.Errorf("runs in gap history after a failed build = %d (%v), want 1", runs, err)
	}
}
