package dashboard

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
)

// timelineLimit bounds the events a person page shows (newest first).
const timelineLimit = 500

type personShowView struct {
	layout
	Ref                              string
	PersonID                         string // pseudonymous; shown on the page, never in a URL
	Records                          []personRecord
	BirthDate                        sql.NullTime
	Gender                           string
	Deceased                         bool
	AttributedProvider, Practitioner string
	AttributionExplanation           string
	RiskTier, RiskExplanation        string
	RiskScore                        sql.NullInt64
	Timeline                         []timelineEvent
	TimelineLimit                    int
	Gaps                             []worklistGap
	Registries                       []personRegistry
}

type personRecord struct{ Provider, PatientID string }

type timelineEvent struct {
	At                                    sql.NullTime
	Kind, Provider, Status, Code, Display string
	Detail                                string
}

type personRegistry struct {
	Condition, Name, QualifiedBy, Exclusion, KeyValues string
	InRegistry                                         bool
	FirstDiagnosed, LastQualifying                     sql.NullTime
	OpenGaps                                           int64
}

// personShow is the patient page: the longitudinal record across providers (each event with
// its source provider), open gaps, registry memberships, attribution and risk. The URL holds
// only the person's opaque id. A care coordinator sees only persons of their providers; any
// other id is a 404, as for an unknown one. Every view is audit-logged.
func (s *Server) personShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ref := chi.URLParam(r, "person")
	if !validRef(ref) {
		return notFound("There is no such person.")
	}
	id, found, err := s.personByRef(ctx, ref) // opaque_lookup.go
	if err != nil {
		return err
	}
	if !found {
		return notFound("There is no such person among your patients.")
	}
	scope := worklistScope(accountFrom(ctx))
	v := personShowView{Ref: ref, TimelineLimit: timelineLimit}
	var provider, patient, gender, attProv, prac, attExpl, tier, riskExpl sql.NullString
	var records int64
	var deceased sql.NullBool
	var inScope bool
	err = s.db.SQL().QueryRowContext(ctx, s.work.personLookup, scope, scope, scope, id).Scan(
		&v.PersonID, &provider, &patient, &records, &v.BirthDate, &gender, &deceased, &attProv, &prac, &attExpl,
		&tier, &v.RiskScore, &riskExpl, &inScope)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !inScope) {
		return notFound("There is no such person among your patients.")
	}
	if err != nil {
		return fmt.Errorf("looking up person: %w", err)
	}
	v.Gender, v.Deceased = gender.String, deceased.Bool
	v.AttributedProvider, v.Practitioner, v.AttributionExplanation = attProv.String, prac.String, attExpl.String
	v.RiskTier, v.RiskExplanation = tier.String, riskExpl.String

	err = s.db.Each(ctx, s.work.personRecords, []any{v.PersonID}, func(rows *sql.Rows) error {
		var rec personRecord
		if err := rows.Scan(&rec.Provider, &rec.PatientID); err != nil {
			return err
		}
		v.Records = append(v.Records, rec)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying person records: %w", err)
	}
	err = s.db.Each(ctx, s.work.personTimeline, []any{v.PersonID, timelineLimit}, func(rows *sql.Rows) error {
		var e timelineEvent
		var status, code, display, detail sql.NullString
		if err := rows.Scan(&e.At, &e.Kind, &e.Provider, &status, &code, &display, &detail); err != nil {
			return err
		}
		e.Status, e.Code, e.Display, e.Detail = status.String, code.String, display.String, detail.String
		v.Timeline = append(v.Timeline, e)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying person timeline: %w", err)
	}
	err = s.db.Each(ctx, s.work.personGaps, []any{time.Now().UTC().Format(time.DateOnly), v.PersonID}, func(rows *sql.Rows) error {
		var g worklistGap
		var key string
		var gap, action, prio, evValue, status, assignee sql.NullString
		if err := rows.Scan(&key, &g.SourceType, &g.Source, &gap, &action, &prio, &g.Due, &g.OverdueSince,
			&g.EvidenceDate, &evValue, &status, &assignee); err != nil {
			return err
		}
		g.Ref, g.Gap, g.Action, g.Priority, g.EvidenceValue = s.gapRef(key), gap.String, action.String, prio.String, evValue.String
		g.Status, g.Assignee = status.String, assignee.String
		v.Gaps = append(v.Gaps, g)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying person gaps: %w", err)
	}
	err = s.db.Each(ctx, s.work.personRegistries, []any{v.PersonID}, func(rows *sql.Rows) error {
		var g personRegistry
		var qual, excl, kv sql.NullString
		if err := rows.Scan(&g.Condition, &g.Name, &g.InRegistry, &qual, &excl, &g.FirstDiagnosed, &g.LastQualifying,
			&kv, &g.OpenGaps); err != nil {
			return err
		}
		g.QualifiedBy, g.Exclusion, g.KeyValues = qual.String, excl.String, kv.String
		v.Registries = append(v.Registries, g)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying person registries: %w", err)
	}
	if v.layout, err = s.pageLayout(r, "Patient record", "worklist"); err != nil {
		return err
	}
	if err := s.audit(ctx, "view", "person", "person "+ref); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "person_show", v)
}
