package dashboard

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
)

// patientsPerPage is the patient list's page size.
const patientsPerPage = 50

type measurePatientsView struct {
	layout
	Measure     measure // the group listed
	Groups      []measure
	Population  population
	Populations []population
	Total       int64
	People      []patientRow
	Page        int
	Pages       int
	First       int
}

// patientRow is one person of a population list with the evidence behind their populations.
type patientRow struct {
	PersonID             string
	Provider             string
	PatientID            string
	InitialPopulation    bool
	Denominator          bool
	DenominatorExclusion bool
	DenominatorException bool
	Numerator            bool
	ExclusionReason      string
	EvidenceDate         sql.NullTime
	EvidenceCode         string
	EvidenceValue        string
	EvidenceItems        string
}

func (v measurePatientsView) HasPrevious() bool { return v.Page > 1 }
func (v measurePatientsView) HasNext() bool     { return v.Page < v.Pages }
func (v measurePatientsView) Last() int         { return v.First + len(v.People) - 1 }

// populationLink is a link from a measure page to one of its patient lists.
type populationLink struct {
	Show       bool // the account may open patient lists
	Measure    string
	Group      int
	Population string
	Label      string
}

func plinkArgs(v measureShowView, g measureGroupView, population string) populationLink {
	return populationLink{Show: v.User.EditsGoals(), Measure: g.Measure, Group: g.GroupIndex, Population: population, Label: g.Label()}
}

// patientListRequest is what a patient list or its CSV export asks for, read and checked.
type patientListRequest struct {
	group      measure
	groups     []measure
	population population
	run        *computeRun
}

// Detail describes the request for the audit log: filters, never identifiers.
func (p patientListRequest) detail() string {
	return fmt.Sprintf("measure=%s group=%d population=%s run=%d", p.group.Measure, p.group.GroupIndex, p.population.Code, p.run.ID)
}

// readPatientListRequest reads measure (path), group and population (query).
func (s *Server) readPatientListRequest(ctx context.Context, r *http.Request, run *computeRun) (patientListRequest, error) {
	ms, err := s.catalog(ctx)
	if err != nil {
		return patientListRequest{}, err
	}
	groups := measureGroups(ms, chi.URLParam(r, "measure"))
	if len(groups) == 0 {
		return patientListRequest{}, notFound("There is no such measure in the catalog.")
	}
	q := r.URL.Query()
	idx := 0
	if g := q.Get("group"); g != "" {
		if idx, err = strconv.Atoi(g); err != nil || idx < 0 || idx >= len(groups) {
			return patientListRequest{}, notFound(fmt.Sprintf("This measure has groups 0 to %d.", len(groups)-1))
		}
	}
	pop, ok := findPopulation(q.Get("population"))
	if q.Get("population") == "" {
		pop, ok = populations[len(populations)-1], true // not met: the people to reach
	}
	if !ok {
		return patientListRequest{}, badRequest("Choose a population: initial-population, denominator, denominator-exclusion, denominator-exception, numerator or not-met.")
	}
	return patientListRequest{group: groups[idx], groups: groups, population: pop, run: run}, nil
}

// measurePatients lists the people of one population of a measure group, with their
// evidence, a page at a time. Patient-level: quality managers only, and every view is
// written to the audit log before anything is shown.
func (s *Server) measurePatients(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	page := 1
	if p := r.URL.Query().Get("page"); p != "" {
		var err error
		if page, err = strconv.Atoi(p); err != nil || page < 1 {
			return badRequest("The page number must be a whole number, 1 or more.")
		}
	}
	l, err := s.pageLayout(r, "Patients", "measures")
	if err != nil {
		return err
	}
	req, err := s.readPatientListRequest(ctx, r, l.Fresh.Run)
	if err != nil {
		return err
	}
	l.Title = req.group.Label() + ": " + req.population.Label
	v := measurePatientsView{layout: l, Measure: req.group, Groups: req.groups, Population: req.population,
		Populations: populations, Page: page, Pages: 1}
	if req.run != nil {
		if err := s.loadPatients(ctx, &v, req); err != nil {
			return err
		}
		if err := s.audit(ctx, "view", "measure_patients", req.detail()+fmt.Sprintf(" page=%d", page)); err != nil {
			return err
		}
	}
	return s.render(w, http.StatusOK, "measure_patients", v)
}

func (s *Server) loadPatients(ctx context.Context, v *measurePatientsView, req patientListRequest) error {
	m := req.group
	if err := s.db.SQL().QueryRowContext(ctx, s.queries.patientCount, req.run.ID, m.Measure, m.GroupIndex, req.population.Code).Scan(&v.Total); err != nil {
		return fmt.Errorf("counting patients of %s: %w", m.Label(), err)
	}
	v.Pages = max(1, int((v.Total+patientsPerPage-1)/patientsPerPage))
	if v.Page > v.Pages {
		return notFound(fmt.Sprintf("There is no page %d: this list has %d.", v.Page, v.Pages))
	}
	offset := (v.Page - 1) * patientsPerPage
	v.First = offset + 1
	return s.eachPatient(ctx, req, patientsPerPage, offset, func(p patientRow) error {
		v.People = append(v.People, p)
		return nil
	})
}

// eachPatient calls fn for limit people of the request's list from offset, in list order.
func (s *Server) eachPatient(ctx context.Context, req patientListRequest, limit int64, offset int, fn func(patientRow) error) error {
	m := req.group
	args := []any{req.run.ID, m.Measure, m.GroupIndex, req.population.Code, limit, offset, req.run.ID, m.Measure, m.GroupIndex}
	err := s.db.Each(ctx, s.queries.patientList, args, func(rows *sql.Rows) error {
		var p patientRow
		if err := rows.Scan(&p.PersonID, &p.Provider, &p.PatientID, &p.InitialPopulation, &p.Denominator,
			&p.DenominatorExclusion, &p.DenominatorException, &p.Numerator, &p.ExclusionReason,
			&p.EvidenceDate, &p.EvidenceCode, &p.EvidenceValue, &p.EvidenceItems); err != nil {
			return err
		}
		return fn(p)
	})
	if err != nil {
		return fmt.Errorf("listing patients of %s: %w", m.Label(), err)
	}
	return nil
}

// evidenceDate formats a nullable evidence date.
func evidenceDate(d sql.NullTime) string {
	if !d.Valid {
		return ""
	}
	return d.Time.Format(time.DateOnly)
}
