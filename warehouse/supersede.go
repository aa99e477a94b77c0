package warehouse

import (
	"context"
	"database/sql"
	"fmt"
)

// Versions of a resource. A provider re-sends a resource (same provider, type and id) when it
// changes; the warehouse keeps one version, the newest:
//
//  1. the later meta.lastUpdated (a version that states one beats one that does not),
//  2. then the higher meta.versionId when both are whole numbers,
//  3. then the later arrival (file, then line): a correction re-sent with the same stamp.
//
// So an older version delivered late does not replace a newer one, and counts never double.
// versionOrder is the SQL ordering, newest first, of raw.resource rows r of one resource.
const versionOrder = `r.last_updated desc nulls last,
	try_cast(json_extract_string(r.resource, '$.meta.versionId') as bigint) desc nulls last,
	r.file_id desc, r.line desc`

// Check is what the file being loaded must not keep, found before Commit from the rows it
// wrote: the older versions of a resource the file holds more than once, and (when asked)
// the records whose patient is neither in the file nor loaded before for the provider.
type Check struct {
	Superseded     []int64  // lines (NDJSON line or Bundle entry) of older duplicates
	UnknownPatient []Reject // Line and ResourceType of records referring to an absent patient
}

// Empty reports whether the check found nothing.
func (c Check) Empty() bool { return len(c.Superseded) == 0 && len(c.UnknownPatient) == 0 }

// Check inspects the rows written so far. The caller, which alone can map a line back to all
// the rows it produced, rolls back and loads the file again without those lines.
func (fl *FileLoad) Check(ctx context.Context, requirePatient bool) (Check, error) {
	var c Check
	// A grouping of the file's keys finds the few resources held twice; only their rows are
	// ordered by version (a window over every row of the file cost 5 s per million
	// resources, the grouping 0.4 s).
	err := each(ctx, fl.conn, `with twice as (
			select resource_type, id from raw.resource
			where file_id = ?
			group by resource_type, id
			having count(*) > 1
		)
		select line from (
			select r.line, row_number() over (partition by r.resource_type, r.id order by `+versionOrder+`) as pos
			from raw.resource as r
			join twice as t on t.resource_type = r.resource_type and t.id = r.id
			where r.file_id = ?
		) where pos > 1 order by line`, []any{fl.fileID, fl.fileID}, func(rows *sql.Rows) error {
		var line int64
		if err := rows.Scan(&line); err != nil {
			return err
		}
		c.Superseded = append(c.Superseded, line)
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("finding resources %s holds twice: %w", fl.meta.Name, err)
	}
	if !requirePatient {
		return c, nil
	}
	err = each(ctx, fl.conn, `select r.line, r.resource_type from raw.resource as r
		where r.file_id = ? and r.resource_type <> 'Patient' and r.patient_id is not null
		and not exists (select 1 from core.patient as p where p.provider = ? and p.id = r.patient_id)
		order by r.line`, []any{fl.fileID, fl.meta.Provider}, func(rows *sql.Rows) error {
		var r Reject
		if err := rows.Scan(&r.Line, &r.ResourceType); err != nil {
			return err
		}
		c.UnknownPatient = append(c.UnknownPatient, r)
		return nil
	})
	if err != nil {
		return c, fmt.Errorf("finding records of %s without their patient: %w", fl.meta.Name, err)
	}
	return c, nil
}

// Stale is the number of resources of the committed file that were not kept because the
// warehouse already held a newer version.
func (fl *FileLoad) Stale() int64 { return fl.stale }

// supersede keeps, for every resource this file sent that the provider had sent before,
// only the newest version (see versionOrder), deleting the other versions' rows from every
// table. One narrow scan of raw.resource finds the re-sent keys; the per-table deletes run
// only when there are any, which keeps the common case (new resources only) from scanning
// every table per file. A file is assumed to hold one version per resource (see Check).
func (fl *FileLoad) supersede(ctx context.Context) error {
	if _, err := fl.conn.ExecContext(ctx, `create or replace temp table resent as
		select distinct r.resource_type, r.id
		from raw.resource as r
		join raw.resource as n
			on n.resource_type = r.resource_type and n.id = r.id
		where r.provider = ? and r.file_id <> ? and n.file_id = ?`,
		fl.meta.Provider, fl.fileID, fl.fileID); err != nil {
		return fmt.Errorf("finding re-sent resources: %w", err)
	}
	defer fl.conn.ExecContext(context.WithoutCancel(ctx), `drop table if exists temp.resent`)
	defer fl.conn.ExecContext(context.WithoutCancel(ctx), `drop table if exists temp.outdated`)
	var n int64
	if err := fl.conn.QueryRowContext(ctx, `select count(*) from temp.resent`).Scan(&n); err != nil {
		return fmt.Errorf("counting re-sent resources: %w", err)
	}
	if n == 0 {
		return nil
	}
	// Every version but the newest, by the file that holds it.
	if _, err := fl.conn.ExecContext(ctx, `create or replace temp table outdated as
		select resource_type, id, file_id from (
			select r.resource_type, r.id, r.file_id,
				row_number() over (partition by r.resource_type, r.id order by `+versionOrder+`) as pos
			from raw.resource as r
			join temp.resent as s on s.resource_type = r.resource_type and s.id = r.id
			where r.provider = ?
		) where pos > 1`, fl.meta.Provider); err != nil {
		return fmt.Errorf("ordering versions of re-sent resources: %w", err)
	}
	if err := fl.conn.QueryRowContext(ctx, `select count(*) from temp.outdated where file_id = ?`, fl.fileID).Scan(&fl.stale); err != nil {
		return fmt.Errorf("counting outdated resources: %w", err)
	}
	// Delete from this file's rows (cheap: the scan skips stored row groups by file_id) and
	// from earlier files only when they hold an outdated version, and only in the tables of
	// the types concerned (every Bundle of an exporter repeats its Organization and
	// Practitioners: scanning every core table for each file made loading quadratic).
	var older int64
	types := map[string]bool{}
	err := each(ctx, fl.conn, `select resource_type, count(*) filter (where file_id <> ?) from temp.outdated group by resource_type`,
		[]any{fl.fileID}, func(rows *sql.Rows) error {
			var typ string
			var n int64
			if err := rows.Scan(&typ, &n); err != nil {
				return err
			}
			types[typ] = true
			older += n
			return nil
		})
	if err != nil {
		return fmt.Errorf("reading outdated resources: %w", err)
	}
	deletes := []struct{ table, typ string }{{"raw.resource", ""}, {"core.coding", ""}}
	for table, typ := range resourceTypeOf {
		if types[typ] {
			deletes = append(deletes, struct{ table, typ string }{table, typ})
		}
	}
	scopes := []struct {
		cond string
		run  bool
	}{{"t.file_id = ?", fl.stale > 0}, {"t.file_id <> ?", older > 0}}
	for _, scope := range scopes {
		if !scope.run {
			continue
		}
		for _, d := range deletes {
			var err error
			if d.typ == "" {
				_, err = fl.conn.ExecContext(ctx, `delete from `+d.table+` as t where t.provider = ? and `+scope.cond+`
					and exists (select 1 from temp.outdated as o
						where o.resource_type = t.resource_type and o.id = t.id and o.file_id = t.file_id)`,
					fl.meta.Provider, fl.fileID)
			} else {
				_, err = fl.conn.ExecContext(ctx, `delete from `+d.table+` as t where t.provider = ? and `+scope.cond+`
					and exists (select 1 from temp.outdated as o
						where o.resource_type = ? and o.id = t.id and o.file_id = t.file_id)`,
					fl.meta.Provider, fl.fileID, d.typ)
			}
			if err != nil {
				return fmt.Errorf("superseding %s: %w", d.table, err)
			}
		}
	}
	return nil
}
