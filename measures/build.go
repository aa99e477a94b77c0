package measures

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"time"

	"populace/warehouse"
)

// personTables are the relations through which every per-person model reaches its persons.
// A person slice of the build sees only its persons' rows of these (buildSlices).
var personTables = []string{"core.person_record", "core.person"}

// defaultSlicePersons is how many persons a slice of the build holds when ComputeOptions
// does not say: a network up to this size is built in one piece. At 1M persons, slices of
// 100,000 peaked at 7.5-8.2 GiB RSS under a 6 GB cap (6.4 GiB under 5.5 GB) and slices of
// 143,000 at 7.7 GiB, in the same time (docs/benchmarks.md); a 100,000-person network is one
// slice.
const defaultSlicePersons = 100_000

// A buildPlan orders a build in three phases. Persons are independent in every measure, so
// the models that read persons are built slice by slice of the network's persons, which
// bounds the memory a build needs whatever the network's size; what reads no person is built
// once before them, and the Network models (aggregates over all persons) once after them.
type buildPlan struct {
	before, slice, after []model
	// gathered names the slice models whose rows are collected across slices: published ones
	// (into the warehouse) and those an after-model or an after-check reads.
	gathered map[string]bool
	// Checks of per-person invariants run in every slice; the others after the slices.
	sliceChecks, afterChecks []check
}

// The phases of a build.
const (
	phaseBefore = iota
	phaseSlice
	phaseAfter
)

// planBuild assigns every model and check to its phase.
// sliced names the tables a slice restricts besides the person tables (findSlicedTables): a
// model that reads one, or a person table, or a model that does, is built per slice.
func planBuild(models []model, checks []check, sliced []string) (buildPlan, error) {
	plan := buildPlan{gathered: map[string]bool{}}
	phase := map[string]int{} // a relation that is no model is there before the build
	for _, m := range models {
		p := phaseBefore
		for _, d := range m.Deps {
			switch {
			case phase[d] == phaseAfter:
				p = phaseAfter
			case phase[d] == phaseSlice || slices.Contains(personTables, d):
				p = max(p, phaseSlice)
			}
		}
		for _, ref := range relationRef.FindAllString(stripComments(m.SQL), -1) {
			if slices.Contains(sliced, ref) {
				p = max(p, phaseSlice)
			}
		}
		if slices.Contains(personTables, m.Name) {
			p = phaseBefore
		}
		if m.Network {
			p = phaseAfter
		}
		phase[m.Name] = p
		switch p {
		case phaseBefore:
			plan.before = append(plan.before, m)
		case phaseSlice:
			plan.slice = append(plan.slice, m)
			if m.Published {
				plan.gathered[m.Name] = true
			}
		case phaseAfter:
			plan.after = append(plan.after, m)
			for _, d := range m.Deps {
				if phase[d] == phaseSlice {
					plan.gathered[d] = true
				}
			}
		}
	}
	for _, c := range checks {
		refs := relationRef.FindAllString(stripComments(c.SQL), -1)
		perSlice := false
		for _, r := range refs {
			if phase[r] == phaseAfter {
				perSlice = false
				break
			}
			if phase[r] == phaseSlice {
				perSlice = true
			}
		}
		if perSlice {
			plan.sliceChecks = append(plan.sliceChecks, c)
			continue
		}
		plan.afterChecks = append(plan.afterChecks, c)
		for _, r := range refs {
			if phase[r] == phaseSlice {
				plan.gathered[r] = true
			}
		}
	}
	// What runs once every slice is done can read no model that lives only in a slice.
	for _, text := range readWhenKept() {
		for _, r := range relationRef.FindAllString(stripComments(text), -1) {
			if phase[r] == phaseSlice && !plan.gathered[r] {
				return plan, fmt.Errorf("the run's history reads %s, which lives only in a person slice", r)
			}
		}
	}
	return plan, nil
}

// catalogs names the databases a build works in: the warehouse (home), and in memory: the
// rows of the current person slice (slice), intermediate models (scratch) and what is
// gathered across person slices (gather).
type catalogs struct {
	home, slice, scratch, gather string
}

func (c catalogs) in(catalog, name string) string { return quoteIdent(catalog) + "." + name }

// historyStage names the table in gather that holds the rows of history[i] (a perSlice one)
// until the run is kept.
func (c catalogs) historyStage(i int) string {
	return c.in(c.gather, fmt.Sprintf("main.history_%d", i))
}

// onBuildConn runs fn on one connection of the warehouse with three in-memory databases
// attached for this build (slice, scratch, gather) and a search path that finds a relation
// in that order, then in the warehouse (home). Intermediate models live in scratch:
// writing a table into the warehouse file (compressed, checkpointed) cost about twice as much
// as the query that fills it, and most models are read only by the models after them. Both
// are detached when fn returns.
func onBuildConn(ctx context.Context, db *warehouse.DB, runID int64, fn func(conn *sql.Conn, cat catalogs) error) (err error) {
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		return fmt.Errorf("connecting for the build: %w", err)
	}
	defer conn.Close()
	cat := catalogs{
		slice:   fmt.Sprintf("populace_build_%d_slice", runID),
		scratch: fmt.Sprintf("populace_build_%d", runID),
		gather:  fmt.Sprintf("populace_build_%d_gather", runID),
	}
	if err := conn.QueryRowContext(ctx, `select current_database()`).Scan(&cat.home); err != nil {
		return fmt.Errorf("naming the warehouse catalog: %w", err)
	}
	defer func() {
		// The connection goes back to the pool: it must not keep a path into a detached catalog.
		bg := context.WithoutCancel(ctx)
		_, resetErr := conn.ExecContext(bg, `reset search_path`)
		errs := []error{resetErr}
		for _, c := range []string{cat.slice, cat.scratch, cat.gather} {
			_, detachErr := conn.ExecContext(bg, `detach database if exists `+quoteIdent(c))
			errs = append(errs, detachErr)
		}
		if e := errors.Join(errs...); e != nil {
			err = errors.Join(err, fmt.Errorf("releasing the build catalogs: %w", e))
		}
	}()
	var path []string
	for _, c := range []string{cat.slice, cat.scratch, cat.gather} {
		// Models compressed like the warehouse: as fast to build here (59.5 s against 59.7 s at
		// 100k persons) and a tenth less peak memory. A slice's rows are written once and read
		// by every model: uncompressed, a 3-slice build of 100k persons took 131 s of CPU
		// instead of 134 s.
		opt := ` (compress)`
		if c == cat.slice {
			opt = ``
		}
		if _, err := conn.ExecContext(ctx, `attach ':memory:' as `+quoteIdent(c)+opt); err != nil {
			return fmt.Errorf("attaching the build catalog: %w", err)
		}
		for _, root := range modelRoots {
			if _, err := conn.ExecContext(ctx, `create schema `+quoteIdent(c)+`.`+root); err != nil {
				return fmt.Errorf("creating build schema %s: %w", root, err)
			}
			path = append(path, quoteIdent(c)+"."+root)
		}
	}
	// Then every schema of the warehouse: a qualified name is looked up along the path only.
	err = eachRow(ctx, conn, `select schema_name from duckdb_schemas() where database_name = ? order by schema_name`,
		[]any{cat.home}, func(rows *sql.Rows) error {
			var schema string
			if err := rows.Scan(&schema); err != nil {
				return err
			}
			path = append(path, quoteIdent(cat.home)+"."+quoteIdent(schema))
			return nil
		})
	if err != nil {
		return fmt.Errorf("listing the warehouse schemas: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `set search_path = `+quoteLiteral(strings.Join(path, ","))); err != nil {
		return fmt.Errorf("setting the build search path: %w", err)
	}
	// No model relies on the order of a table's rows; keeping it makes DuckDB buffer large
	// results that it could otherwise write as they come (a setting of the whole database,
	// restored after the build).
	if _, err := conn.ExecContext(ctx, `set preserve_insertion_order = false`); err != nil {
		return fmt.Errorf("setting the build's insertion order: %w", err)
	}
	defer func() {
		if _, resetErr := conn.ExecContext(context.WithoutCancel(ctx), `reset preserve_insertion_order`); resetErr != nil {
			err = errors.Join(err, fmt.Errorf("resetting the insertion order: %w", resetErr))
		}
	}()
	return fn(conn, cat)
}

// A builder builds the models of one run on the build connection.
type builder struct {
	conn  *sql.Conn
	cat   catalogs
	runID int64
	log   *slog.Logger
}

// exec runs one statement of the build.
func (b builder) exec(ctx context.Context, query string, args ...any) error {
	_, err := b.conn.ExecContext(ctx, query, args...)
	return err
}

// buildBefore builds the models that read no person, once. An intermediate is dropped after
// its last reader among them, unless a later phase or the history reads it.
func (b builder) buildBefore(ctx context.Context, plan buildPlan, after []string) error {
	later := map[string]bool{}
	for _, m := range append(slices.Clone(plan.slice), plan.after...) {
		for _, d := range m.Deps {
			later[d] = true
		}
	}
	for _, text := range after {
		for _, ref := range relationRef.FindAllString(stripComments(text), -1) {
			later[ref] = true
		}
	}
	return b.buildModels(ctx, plan.before, later, b.homeOrScratch)
}

// homeOrScratch is where a model is built when nothing gathers it: a published model in the
// warehouse, an intermediate in scratch.
func (b builder) homeOrScratch(m model) string {
	if m.Published {
		return b.cat.in(b.cat.home, m.Name)
	}
	return b.cat.in(b.cat.scratch, m.Name)
}

// buildModels builds models in order into target(m). An intermediate in scratch is dropped as
// soon as the last model that reads it is built, unless keep names it, so the build holds
// only the steps still ahead of it in memory.
func (b builder) buildModels(ctx context.Context, models []model, keep map[string]bool, target func(model) string) error {
	lastUse := map[string]int{}
	for i, m := range models {
		for _, d := range m.Deps {
			lastUse[d] = i
		}
	}
	inScratch := map[string]bool{}
	for i, m := range models {
		t := time.Now()
		to := target(m)
		if !m.Published {
			// An intermediate kept in the warehouse by an earlier version would be stale.
			if err := b.exec(ctx, `drop table if exists `+b.cat.in(b.cat.home, m.Name)); err != nil {
				return fmt.Errorf("dropping the stale %s: %w", m.Name, err)
			}
		}
		inScratch[m.Name] = to == b.cat.in(b.cat.scratch, m.Name)
		if err := b.exec(ctx, `create or replace table `+to+` as `+m.SQL); err != nil {
			return fmt.Errorf("building %s (sql/%s): %w", m.Name, m.File, err)
		}
		b.log.Debug("model built", "run", b.runID, "model", m.Name, "published", m.Published, "duration_ms", time.Since(t).Milliseconds())
		for _, d := range m.Deps {
			if lastUse[d] == i && inScratch[d] && !keep[d] {
				if err := b.exec(ctx, `drop table `+b.cat.in(b.cat.scratch, d)); err != nil {
					return fmt.Errorf("dropping %s after its last use: %w", d, err)
				}
			}
		}
	}
	return nil
}

// sliceCount is the number of person slices for a network of persons persons.
func sliceCount(persons int64, perSlice int) int {
	if perSlice <= 0 {
		perSlice = defaultSlicePersons
	}
	return max(1, int((persons+int64(perSlice)-1)/int64(perSlice)))
}

// buildSlices builds the per-person models once per slice of the network's persons (a person
// is in slice hash(person_id) % n). In a slice, the slice catalog holds the slice's rows of
// the person tables and of the tables keyed by patient or resource (sliceRows), found first
// on the search path, so every model sees only those persons. After each slice its checks
// run, its history rows are staged, and the gathered models are appended: published ones to
// a table beside the warehouse's, swapped in when every slice is done, the others to gather.
// In one slice (n == 1) published models are built straight into the warehouse.
func (b builder) buildSlices(ctx context.Context, plan buildPlan, tables slicedTables, n int) error {
	// Slices a build that stopped midway appended are no part of this one.
	for _, m := range plan.slice {
		if m.Published {
			if err := b.exec(ctx, `drop table if exists `+b.sliceTable(m.Name)); err != nil {
				return fmt.Errorf("dropping the slices of an unfinished build of %s: %w", m.Name, err)
			}
		}
	}
	for k := range n {
		t := time.Now()
		var sliced []string
		if n > 1 {
			var err error
			if sliced, err = b.sliceRows(ctx, tables, k, n); err != nil {
				return fmt.Errorf("slicing the persons (%d of %d): %w", k+1, n, err)
			}
			b.log.Debug("slice rows copied", "run", b.runID, "slice", k+1, "slices", n, "duration_ms", time.Since(t).Milliseconds())
		}
		keep := maps.Clone(plan.gathered)
		for _, c := range plan.sliceChecks {
			for _, r := range relationRef.FindAllString(stripComments(c.SQL), -1) {
				keep[r] = true
			}
		}
		for _, h := range history {
			if h.perSlice {
				for _, r := range relationRef.FindAllString(stripComments(h.query), -1) {
					keep[r] = true
				}
			}
		}
		target := func(m model) string {
			if m.Published && n > 1 {
				return b.cat.in(b.cat.scratch, m.Name)
			}
			return b.homeOrScratch(m)
		}
		if err := b.buildModels(ctx, plan.slice, keep, target); err != nil {
			return err
		}
		if err := b.runChecks(ctx, plan.sliceChecks); err != nil {
			return err
		}
		if err := b.gatherSlice(ctx, plan, k, n); err != nil {
			return err
		}
		// What the slice built is dropped before the next one (an already dropped one is gone).
		for _, m := range plan.slice {
			if !(m.Published && n == 1) {
				if err := b.exec(ctx, `drop table if exists `+b.cat.in(b.cat.scratch, m.Name)); err != nil {
					return fmt.Errorf("dropping %s after its slice: %w", m.Name, err)
				}
			}
		}
		for _, name := range sliced {
			if err := b.exec(ctx, `drop table `+b.cat.in(b.cat.slice, name)); err != nil {
				return fmt.Errorf("dropping the slice of %s: %w", name, err)
			}
		}
		b.log.Debug("slice built", "run", b.runID, "slice", k+1, "slices", n, "duration_ms", time.Since(t).Milliseconds())
	}
	if n > 1 {
		return b.swapGathered(ctx, plan)
	}
	return nil
}

// slicedTables are the warehouse's core tables whose rows a person slice restricts (besides
// the person tables): those keyed by patient (provider, patient_id, id) and core.patient,
// the parts of those kept apart (resourceParts), and those keyed by resource (provider,
// resource_type, id: core.coding).
type slicedTables struct {
	byPatient, byResource []string
	// lineage: the tables with the load's lineage columns (file_id, batch_id), which no model
	// reads and a slice leaves out.
	lineage map[string]bool
}

// columns is the select list of a slice of table t (alias t).
func (t slicedTables) columns(table string) string {
	if t.lineage[table] {
		return `t.* exclude (file_id, batch_id)`
	}
	return `t.*`
}

func (t slicedTables) all() []string {
	out := append(slices.Clone(t.byPatient), "core.patient")
	for part := range resourceParts {
		out = append(out, part)
	}
	return append(out, t.byResource...)
}

// findSlicedTables lists the warehouse's core tables by the columns that key them.
func findSlicedTables(ctx context.Context, conn *sql.Conn, home string) (slicedTables, error) {
	t := slicedTables{lineage: map[string]bool{}}
	err := eachRow(ctx, conn, `select schema_name || '.' || table_name, string_agg(column_name, ',')
		from duckdb_columns()
		where database_name = ? and schema_name = 'core'
			and column_name in ('provider', 'patient_id', 'resource_type', 'id', 'file_id', 'batch_id')
		group by all
		order by 1`, []any{home}, func(rows *sql.Rows) error {
		var name, list string
		if err := rows.Scan(&name, &list); err != nil {
			return err
		}
		cols := strings.Split(list, ",")
		has := func(want ...string) bool {
			for _, w := range want {
				if !slices.Contains(cols, w) {
					return false
				}
			}
			return true
		}
		t.lineage[name] = has("file_id", "batch_id")
		switch {
		case slices.Contains(personTables, name):
		case has("provider", "patient_id", "id"):
			t.byPatient = append(t.byPatient, name)
		case has("provider", "resource_type", "id"):
			t.byResource = append(t.byResource, name)
		}
		return nil
	})
	if err != nil {
		return t, fmt.Errorf("listing the tables a slice restricts: %w", err)
	}
	return t, nil
}

// sliceRows copies slice k's rows of the person tables and the sliced tables into the slice
// catalog and returns their names. Rows keyed by resource are kept for the slice's resources
// and for resource types no patient keys (Medication, Organization, ...), which any slice
// may reference. A model reading these sees the slice's rows only, and reads a slice's worth
// instead of the network's in every join.
func (b builder) sliceRows(ctx context.Context, t slicedTables, k, n int) ([]string, error) {
	var names []string
	create := func(name, query string, args ...any) error {
		if err := b.exec(ctx, `create table `+b.cat.in(b.cat.slice, name)+` as `+query, args...); err != nil {
			return fmt.Errorf("slicing %s: %w", name, err)
		}
		names = append(names, name)
		return nil
	}
	for _, pt := range personTables {
		if err := create(pt, `select * from `+b.cat.in(b.cat.home, pt)+` where hash(person_id) % ? = ?`, n, k); err != nil {
			return names, err
		}
	}
	records := b.cat.in(b.cat.slice, "core.person_record")
	resources := `select 'Patient' as resource_type, provider, patient_id as id from ` + records
	for _, name := range t.byPatient {
		if err := create(name, `select `+t.columns(name)+` from `+b.cat.in(b.cat.home, name)+` as t semi join `+records+
			` as r on r.provider = t.provider and r.patient_id = t.patient_id`); err != nil {
			return names, err
		}
		resources += ` union all select '` + fhirType(name) + `', provider, id from ` + b.cat.in(b.cat.slice, name)
	}
	if err := create("core.patient", `select `+t.columns("core.patient")+` from `+b.cat.in(b.cat.home, "core.patient")+` as t semi join `+records+
		` as r on r.provider = t.provider and r.patient_id = t.id`); err != nil {
		return names, err
	}
	// Parts of a sliced resource kept in a table of their own, keyed by the resource's id.
	for part, whole := range resourceParts {
		if err := create(part, `select `+t.columns(part)+` from `+b.cat.in(b.cat.home, part)+` as t semi join `+b.cat.in(b.cat.slice, whole)+
			` as w on w.provider = t.provider and w.id = t.id`); err != nil {
			return names, err
		}
	}
	if err := create("main.slice_resource", resources); err != nil {
		return names, err
	}
	// Resource types that carry a patient are sliced; the others (Medication, ...) are not.
	var types []string
	for _, name := range append(slices.Clone(t.byPatient), "core.patient") {
		types = append(types, quoteLiteral(fhirType(name)))
	}
	for _, name := range t.byResource {
		if err := create(name, `select `+t.columns(name)+` from `+b.cat.in(b.cat.home, name)+` as t
			where t.resource_type not in (`+strings.Join(types, ", ")+`)
				or exists (select 1 from `+b.cat.in(b.cat.slice, "main.slice_resource")+` as r
					where r.provider = t.provider and r.resource_type = t.resource_type and r.id = t.id)`); err != nil {
			return names, err
		}
	}
	return names, nil
}

// resourceParts are core tables that hold parts of a resource another core table holds, keyed
// by its provider and id (sliced with it).
var resourceParts = map[string]string{"core.observation_component": "core.observation"}

// fhirType is the FHIR resource type a core table holds: core.medication_request ->
// MedicationRequest.
func fhirType(table string) string {
	_, rel, _ := strings.Cut(table, ".")
	var b strings.Builder
	for part := range strings.SplitSeq(rel, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// sliceTable names the warehouse table a published model's slices are appended to.
func (b builder) sliceTable(name string) string {
	schema, rel, _ := strings.Cut(name, ".")
	return quoteIdent(b.cat.home) + "." + schema + "." + quoteIdent(rel+"__slices")
}

// gatherSlice stages slice k's history rows and appends its gathered models.
func (b builder) gatherSlice(ctx context.Context, plan buildPlan, k, n int) error {
	for i, h := range history {
		if !h.perSlice {
			continue
		}
		stage := b.cat.historyStage(i)
		if k == 0 {
			if err := b.exec(ctx, `create table `+stage+` as select * from `+b.cat.in(b.cat.home, h.table)+` limit 0`); err != nil {
				return fmt.Errorf("staging the history of %s: %w", h.what, err)
			}
		}
		if err := b.exec(ctx, `insert into `+stage+` `+h.query, b.runID); err != nil {
			return fmt.Errorf("staging the history of %s: %w", h.what, err)
		}
	}
	for _, m := range plan.slice {
		if !plan.gathered[m.Name] || (m.Published && n == 1) {
			continue
		}
		from := b.cat.in(b.cat.scratch, m.Name)
		to := b.cat.in(b.cat.gather, m.Name)
		if m.Published {
			to = b.sliceTable(m.Name)
		}
		q := `insert into ` + to + ` select * from ` + from
		if k == 0 {
			q = `create or replace table ` + to + ` as select * from ` + from
		}
		if err := b.exec(ctx, q); err != nil {
			return fmt.Errorf("gathering %s: %w", m.Name, err)
		}
	}
	return nil
}

// swapGathered replaces the published models with their gathered slices, all in one
// transaction, so a reader sees the last build's tables or this one's, never a part.
func (b builder) swapGathered(ctx context.Context, plan buildPlan) error {
	tx, err := b.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("beginning the swap of published models: %w", err)
	}
	for _, m := range plan.slice {
		if !m.Published {
			continue
		}
		_, rel, _ := strings.Cut(m.Name, ".")
		if _, err = tx.ExecContext(ctx, `drop table if exists `+b.cat.in(b.cat.home, m.Name)); err != nil {
			break
		}
		if _, err = tx.ExecContext(ctx, `alter table `+b.sliceTable(m.Name)+` rename to `+quoteIdent(rel)); err != nil {
			break
		}
	}
	if err != nil {
		return errors.Join(fmt.Errorf("publishing the gathered models: %w", err), tx.Rollback())
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("publishing the gathered models: %w", err)
	}
	return nil
}

// buildAfter builds the Network models, once, from the gathered slices.
func (b builder) buildAfter(ctx context.Context, plan buildPlan, after []string) error {
	keep := map[string]bool{}
	for _, text := range after {
		for _, ref := range relationRef.FindAllString(stripComments(text), -1) {
			keep[ref] = true
		}
	}
	return b.buildModels(ctx, plan.after, keep, b.homeOrScratch)
}

// runChecks runs invariant checks; a check that returns rows fails the build.
func (b builder) runChecks(ctx context.Context, checks []check) error {
	for _, c := range checks {
		t := time.Now()
		var n int64
		if err := b.conn.QueryRowContext(ctx, `select count(*) from (`+c.SQL+`)`).Scan(&n); err != nil {
			return fmt.Errorf("running check %s: %w", c.Name, err)
		}
		if n > 0 {
			return fmt.Errorf("check %s found %d offending rows (sql/checks/%s.sql)", c.Name, n, c.Name)
		}
		b.log.Debug("check passed", "run", b.runID, "check", c.Name, "duration_ms", time.Since(t).Milliseconds())
	}
	return nil
}

// quoteIdent quotes a DuckDB identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// quoteLiteral quotes a DuckDB string literal.
func quoteLiteral(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

// eachRow runs a query on conn and calls fn for every row.
func eachRow(ctx context.Context, conn *sql.Conn, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := conn.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
