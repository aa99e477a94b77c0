package dashboard

import (
	"encoding/csv"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5/middleware"
)

// patientCSVHeader is the first line of every patient-list export.
var patientCSVHeader = []string{
	"person_id", "provider", "patient_id", "measure", "measure_version", "group_index",
	"period_start", "period_end", "initial_population", "denominator", "denominator_exclusion",
	"denominator_exception", "numerator", "exclusion_reason", "evidence_date", "evidence_code",
	"evidence_value", "evidence",
}

// measurePatientsCSV streams one population list of a measure group as CSV, row by row as
// the warehouse returns them (nothing is held in memory). Quality managers only; the export
// is written to the audit log before the first byte is sent.
func (s *Server) measurePatientsCSV(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	run, err := s.latestRun(ctx)
	if err != nil {
		return err
	}
	if run == nil {
		return notFound("There are no results to export yet: run populace compute first.")
	}
	req, err := s.readPatientListRequest(ctx, r, run)
	if err != nil {
		return err
	}
	if err := s.audit(ctx, "export", "measure_patients_csv", req.detail()); err != nil {
		return err
	}
	m := req.group
	name := fmt.Sprintf("%s-group%d-%s-run%d.csv", strings.ToLower(m.Measure), m.GroupIndex+1, req.population.Code, run.ID)
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)

	cw := csv.NewWriter(w)
	flusher, _ := w.(http.Flusher)
	bit := func(b bool) string {
		if b {
			return "1"
		}
		return "0"
	}
	_ = cw.Write(patientCSVHeader)
	rowsWritten := 0
	version, start, end := m.Version, formatDate(run.PeriodStart), formatDate(run.PeriodEnd)
	err = s.eachPatient(ctx, req, math.MaxInt64, 0, func(p patientRow) error {
		rec := []string{p.PersonID, p.Provider, p.PatientID, m.Measure, version, strconv.Itoa(m.GroupIndex),
			start, end, bit(p.InitialPopulation), bit(p.Denominator), bit(p.DenominatorExclusion),
			bit(p.DenominatorException), bit(p.Numerator), p.ExclusionReason, evidenceDate(p.EvidenceDate),
			p.EvidenceCode, p.EvidenceValue, p.EvidenceItems}
		if err := cw.Write(rec); err != nil {
			return err
		}
		if rowsWritten++; rowsWritten%1000 == 0 {
			cw.Flush()
			if flusher != nil {
				flusher.Flush()
			}
		}
		return cw.Error()
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err != nil {
		// The status line is sent: abort the connection so the client sees a failed download,
		// not a short file that looks complete.
		s.log.Error("exporting patients", "request_id", middleware.GetReqID(ctx), "measure", m.Measure, "rows", rowsWritten, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}
