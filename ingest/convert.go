package ingest

import (
	"context"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"populace/warehouse"
)

// batchWriter receives each full record batch; the converter releases it afterwards.
type batchWriter func(table string, rec arrow.RecordBatch) error

// converter turns decoded resources into rows of the raw and core tables, keeps the
// per-type counts and the rejects, and hands a table's rows to write whenever BatchRows of
// them are ready. It knows nothing of files or the database.
type converter struct {
	ctx     context.Context
	opt     Options
	deid    deidPolicy
	write   batchWriter
	tables  map[*tableDef]*table
	order   []*table // creation order, so batches are written in a stable order
	counts  map[string]int64
	rejects []warehouse.Reject
	// skip holds lines not to load: "" for an older duplicate, else a reject code.
	skip       map[int64]string
	superseded int64

	// The resource being converted: its rows wait in pending until it is accepted.
	rt, id  string
	pending []row
	badDate bool
	buf     []byte       // the resource's JSON, reused
	one     converted    // add's result, reused
	dec     *jsonDecoder // a parse worker's decoder
}

// row is one pending table row: values by column position.
type row struct {
	t    *tableDef
	vals []any
}

// set assigns column name; a name the table lacks is a programming error.
func (r row) set(name string, v any) {
	i, ok := r.t.index[name]
	if !ok {
		panic("ingest: table " + r.t.name + " has no column " + name)
	}
	r.vals[i] = v
}

func newConverter(ctx context.Context, opt Options, write batchWriter) *converter {
	if opt.BatchRows <= 0 {
		opt.BatchRows = DefaultBatchRows
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	return &converter{ctx: ctx, opt: opt, deid: newDeidPolicy(opt, now), write: write, tables: map[*tableDef]*table{}, counts: map[string]int64{}}
}

// worker returns a converter for a parse worker: it shares the options, the policy and the
// lines to skip, and only ever converts (see convert); its results go to c.accept.
func (c *converter) worker() *converter {
	return &converter{ctx: c.ctx, opt: c.opt, deid: c.deid, skip: c.skip, dec: newJSONDecoder()}
}

// row starts a pending row of the named table.
func (c *converter) row(name string) row {
	def := tableDefs[name]
	if def == nil {
		panic("ingest: unknown table " + name)
	}
	r := row{t: def, vals: make([]any, len(def.index))}
	c.pending = append(c.pending, r)
	return r
}

// reject records a rejected record. reason must never hold field values.
func (c *converter) reject(line int64, resourceType, code, reason string) {
	c.rejects = append(c.rejects, warehouse.Reject{Line: line, ResourceType: resourceType, Code: code, Reason: reason})
}

// converted is one resource's conversion: its rows when accepted, else its reject (or,
// for a line the pre-commit check excluded, the skip code).
type converted struct {
	line    int64
	rt      string
	rows    []row
	reject  warehouse.Reject // Code "" when there is none
	skipped bool             // an excluded line; skipCode as in converter.skip
	skip    string
}

func (out *converted) rejectWith(line int64, rt, code, reason string) {
	out.rows = nil
	out.reject = warehouse.Reject{Line: line, ResourceType: rt, Code: code, Reason: reason}
}

// add converts one decoded resource found at line (NDJSON line, or Bundle entry index + 1)
// and accepts it. Problems with the resource become rejects; the error is only a failure
// to write a batch.
func (c *converter) add(line int64, m map[string]any) error {
	c.convert(line, m, nil, &c.one)
	return c.accept(&c.one)
}

// convert de-identifies and flattens one resource into out, touching nothing shared: parse
// workers run it in parallel, each with its own converter (see worker). delivered, when not
// nil, is the resource's JSON as delivered, vouched for by the caller as saying no more
// than m (see storable); when de-identification changes nothing it is stored as it is
// instead of being encoded again.
func (c *converter) convert(line int64, m map[string]any, delivered []byte, out *converted) {
	*out = converted{line: line, rows: out.rows[:0]}
	if code, ok := c.skip[line]; ok {
		out.skipped, out.skip = true, code
		out.rt, _ = m["resourceType"].(string)
		return
	}
	rt, _ := m["resourceType"].(string)
	out.rt = rt
	if rt == "" {
		out.rejectWith(line, "", "missing_resource_type", "resource has no resourceType")
		return
	}
	id, _ := m["id"].(string)
	if id == "" {
		out.rejectWith(line, rt, "missing_id", "resource has no id")
		return
	}
	changed := c.deid.apply(rt, m)

	c.rt, c.id, c.badDate = rt, id, false
	c.pending = out.rows
	raw := c.row("raw.resource")
	raw.set("line", line)
	raw.set("resource_type", rt)
	raw.set("id", id)
	raw.set("last_updated", c.ts(obj(m["meta"])["lastUpdated"]))
	patient := resourcePatient(rt, m)
	raw.set("patient_id", patient)
	if f, ok := flatteners[rt]; ok {
		f.flatten(c, m)
		if f.needsSubject && patient == nil {
			out.rejectWith(line, rt, "missing_subject", "resource has no patient reference")
			return
		}
	}
	if c.badDate {
		out.rejectWith(line, rt, "invalid_date", "a date, dateTime or instant element is not a valid FHIR date")
		return
	}
	if c.opt.Strict {
		if el := missingRequired(rt, m); el != "" {
			out.rejectWith(line, rt, "missing_required", rt+"."+el+" is required and missing")
			return
		}
	}
	if !changed && delivered != nil {
		raw.set("resource", string(delivered))
	} else {
		c.buf = appendJSON(c.buf[:0], m)
		raw.set("resource", string(c.buf))
	}
	out.rows = c.pending
	c.pending = nil
}

// accept adds a converted resource to the tables (or its reject to the rejects), in the
// order of the file, and writes every table that has BatchRows rows.
func (c *converter) accept(out *converted) error {
	if out.line%1024 == 0 {
		if err := c.ctx.Err(); err != nil {
			return abortError{err}
		}
	}
	switch {
	case out.skipped:
		if out.skip == "" {
			c.superseded++
		} else {
			c.reject(out.line, out.rt, out.skip, "the record's patient is neither in the file nor loaded before for the provider")
		}
		return nil
	case out.reject.Code != "":
		c.rejects = append(c.rejects, out.reject)
		return nil
	}
	for _, r := range out.rows {
		t := c.tables[r.t]
		if t == nil {
			t = newTable(r.t)
			c.tables[r.t] = t
			c.order = append(c.order, t)
		}
		t.appendRow(r.vals)
	}
	c.counts[out.rt]++
	for _, t := range c.order {
		if t.rows >= c.opt.BatchRows {
			if err := c.flushTable(t, c.opt.BatchRows); err != nil {
				return err
			}
		}
	}
	return nil
}

// resourcePatient is the Patient id a resource belongs to: its own id for a Patient, else
// its subject, patient or beneficiary reference.
func resourcePatient(rt string, m map[string]any) any {
	if rt == "Patient" {
		return m["id"]
	}
	for _, k := range [...]string{"subject", "patient", "beneficiary"} {
		if p := patientRef(m[k]); p != nil {
			return p
		}
	}
	return nil
}

// flushTable writes t's rows; next is how many rows its next batch is expected to hold (0
// at the end of the file).
func (c *converter) flushTable(t *table, next int) error {
	if t.rows == 0 {
		return nil
	}
	rec := t.take(next)
	defer rec.Release()
	if err := c.write(t.name, rec); err != nil {
		return abortError{err}
	}
	return nil
}

// flush writes every table's remaining rows.
func (c *converter) flush() error {
	for _, t := range c.order {
		if err := c.flushTable(t, 0); err != nil {
			return err
		}
	}
	return nil
}

// release frees the builders; the converter is unusable afterwards.
func (c *converter) release() {
	for _, t := range c.order {
		t.b.Release()
	}
	c.order, c.tables = nil, nil
}

// ts converts a dateTime/instant value; an unparseable one marks the resource invalid_date.
func (c *converter) ts(v any) any {
	s, ok := v.(string)
	if !ok {
		if v != nil {
			c.badDate = true
		}
		return nil
	}
	t, err := parseDateTime(s)
	if err != nil {
		c.badDate = true
		return nil
	}
	return t
}

// date converts a date value.
func (c *converter) date(v any) any {
	s, ok := v.(string)
	if !ok {
		if v != nil {
			c.badDate = true
		}
		return nil
	}
	t, err := parseDate(s)
	if err != nil {
		c.badDate = true
		return nil
	}
	return t
}

// period converts a Period's start and end.
func (c *converter) period(v any) (start, end any) {
	p := obj(v)
	return c.ts(p["start"]), c.ts(p["end"])
}

// coding adds one Coding to core.coding.
func (c *converter) coding(element string, seq int, v any) {
	cd := obj(v)
	if cd == nil {
		return
	}
	r := c.row("core.coding")
	r.set("resource_type", c.rt)
	r.set("id", c.id)
	r.set("element", element)
	r.set("seq", int32(seq))
	r.set("system", str(cd["system"]))
	r.set("code", str(cd["code"]))
	r.set("display", str(cd["display"]))
}

// concept adds every Coding of a CodeableConcept.
func (c *converter) concept(element string, seq int, v any) {
	for _, cd := range list(obj(v)["coding"]) {
		c.coding(element, seq, cd)
	}
}

// concepts adds every Coding of a repeating CodeableConcept, seq being the position.
// A single CodeableConcept where an array was expected is taken as position 0.
func (c *converter) concepts(element string, v any) {
	if l, ok := v.([]any); ok {
		for i, cc := range l {
			c.concept(element, i, cc)
		}
		return
	}
	c.concept(element, 0, v)
}
