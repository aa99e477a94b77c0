package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// gapsPerPage is the care-gap list's page size.
const gapsPerPage = 50

type careGapListView struct {
	layout
	Measure     measure   // the measure shown (its first group carries title and version)
	Measures    []measure // one per code, for the measure picker
	Ready       bool      // gaps.care_gap has been built
	Total       int64
	PeriodStart time.Time
	PeriodEnd   time.Time
	Gaps        []careGap
	Page        int
	Pages       int
	First       int // 1-based position of the first row shown
}

type careGap struct {
	PersonID      string
	Provider      string
	PatientID     string
	GroupIndex    int
	PeriodStart   time.Time
	PeriodEnd     time.Time
	Gap           string
	Action        string
	EvidenceDate  sql.NullTime
	EvidenceCode  string
	EvidenceValue string
	Age           string
	Gender        string
}

// HasPrevious and HasNext drive the pagination links.
func (v careGapListView) HasPrevious() bool { return v.Page > 1 }
func (v careGapListView) HasNext() bool     { return v.Page < v.Pages }
func (v careGapListView) Last() int         { return v.First + len(v.Gaps) - 1 }

// careGapList lists who has a care gap for one measure: in the denominator but not meeting
// it, or for an inverse measure (CMS122) in its numerator, with the evidence behind it.
// Patient-level: every view is written to the audit log before anything is shown.
func (s *Server) careGapList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ms, err := s.catalog(ctx)
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return notFound("The measure catalog is empty.")
	}
	code := r.URL.Query().Get("measure")
	if code == "" {
		code = ms[0].Measure
	}
	groups := measureGroups(ms, code)
	if len(groups) == 0 {
		return notFound("There is no such measure in the catalog.")
	}
	page := 1
	if p := r.URL.Query().Get("page"); p != "" {
		if page, err = strconv.Atoi(p); err != nil || page < 1 {
			return badRequest("The page number must be a whole number, 1 or more.")
		}
	}

	l, err := s.pageLayout(r, "Care gaps: "+code, "gaps")
	if err != nil {
		return err
	}
	v := careGapListView{layout: l, Measure: groups[0], Measures: measureCodes(ms), Page: page, Pages: 1}
	if l.Fresh.Run != nil {
		v.PeriodStart, v.PeriodEnd = l.Fresh.Run.PeriodStart, l.Fresh.Run.PeriodEnd
		if v.Ready, err = s.careGapReady(ctx); err != nil {
			return err
		}
	}
	if v.Ready {
		if err := s.loadCareGaps(ctx, &v, code); err != nil {
			return err
		}
	}
	if err := s.audit(ctx, "view", "care_gaps", fmt.Sprintf("measure=%s page=%d", code, page)); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "care_gap_list", v)
}

// loadCareGaps fills v with the total and the requested page of code's gaps.
func (s *Server) loadCareGaps(ctx context.Context, v *careGapListView, code string) error {
	scope := worklistScope(accountFrom(ctx))
	var start, end sql.NullTime
	if err := s.db.SQL().QueryRowContext(ctx, s.queries.careGapCount, code, scope, scope).Scan(&v.Total, &start, &end); err != nil {
		return fmt.Errorf("counting care gaps of %s: %w", code, err)
	}
	if start.Valid && end.Valid {
		v.PeriodStart, v.PeriodEnd = start.Time, end.Time
	}
	v.Pages = max(1, int((v.Total+gapsPerPage-1)/gapsPerPage))
	if v.Page > v.Pages {
		return notFound(fmt.Sprintf("There is no page %d: this list has %d.", v.Page, v.Pages))
	}
	offset := (v.Page - 1) * gapsPerPage
	v.First = offset + 1
	err := s.db.Each(ctx, s.queries.careGapPage, []any{code, scope, scope, gapsPerPage, offset}, func(rows *sql.Rows) error {
		var g careGap
		var provider, patient, gap, action, evCode, evValue, age, gender sql.NullString
		if err := rows.Scan(&g.PersonID, &provider, &patient, &g.GroupIndex, &g.PeriodStart, &g.PeriodEnd,
			&gap, &action, &g.EvidenceDate, &evCode, &evValue, &age, &gender); err != nil {
			return err
		}
		g.Provider, g.PatientID, g.Gap, g.Action = provider.String, patient.String, gap.String, action.String
		g.EvidenceCode, g.EvidenceValue, g.Age, g.Gender = evCode.String, evValue.String, age.String, gender.String
		v.Gaps = append(v.Gaps, g)
		return nil
	})
	if err != nil {
		return fmt.Errorf("querying care gaps of %s: %w", code, err)
	}
	return nil
}

func (s *Server) careGapReady(ctx context.Context) (bool, error) {
	var ready bool
	if err := s.db.SQL().QueryRowContext(ctx, s.queries.careGapReady).Scan(&ready); err != nil {
		return false, fmt.Errorf("checking the care-gap table: %w", err)
	}
	return ready, nil
}

// worklistScope is the providers whose gaps an account may list, as the gap queries take
// it: "*" for all (quality managers), else the care coordinator's assigned providers
// ("" when none are assigned: an empty list).
func worklistScope(a *account) string {
	if a != nil && a.Role == RoleCareCoordinator {
		return strings.Join(a.Providers, ",")
	}
	return "*"
}
