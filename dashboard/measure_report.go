package dashboard

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"populace/measures"
)

// The MeasureReport downloads reuse measures.WriteMeasureReports (what `populace results
// --format measurereport` writes): the reports of the latest run go to a temporary folder,
// are sent, and the folder is removed. Quality managers only; every download is audited.

// reportDownload writes the MeasureReports of the request's measure to a temporary folder and
// calls send with the measure's folder in it.
func (s *Server) reportDownload(w http.ResponseWriter, r *http.Request, object string, send func(dir string) error) error {
	ctx := r.Context()
	code := chi.URLParam(r, "measure")
	ms, err := s.catalog(ctx)
	if err != nil {
		return err
	}
	if len(measureGroups(ms, code)) == 0 {
		return notFound("There is no such measure in the catalog.")
	}
	run, err := s.latestRun(ctx)
	if err != nil {
		return err
	}
	if run == nil {
		return notFound("There are no results to export yet: run populace compute first.")
	}
	tmp, err := os.MkdirTemp("", "populace-measurereport-")
	if err != nil {
		return fmt.Errorf("creating report folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	if _, err := measures.WriteMeasureReports(ctx, s.db, measures.MeasureReportOptions{Dir: tmp, Measure: code, RunID: run.ID}); err != nil {
		return fmt.Errorf("writing MeasureReports of %s: %w", code, err)
	}
	if err := s.audit(ctx, "export", object, fmt.Sprintf("measure=%s run=%d", code, run.ID)); err != nil {
		return err
	}
	return send(filepath.Join(tmp, code))
}

// measureReportSummary sends the summary MeasureReport of one measure (FHIR R4 JSON),
// built directly: the individual reports are not written for it.
func (s *Server) measureReportSummary(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	code := chi.URLParam(r, "measure")
	ms, err := s.catalog(ctx)
	if err != nil {
		return err
	}
	if len(measureGroups(ms, code)) == 0 {
		return notFound("There is no such measure in the catalog.")
	}
	run, err := s.latestRun(ctx)
	if err != nil {
		return err
	}
	if run == nil {
		return notFound("There are no results to export yet: run populace compute first.")
	}
	var buf bytes.Buffer
	if err := measures.WriteSummaryMeasureReport(ctx, s.db, &buf, code, run.ID); err != nil {
		return fmt.Errorf("writing the summary MeasureReport of %s: %w", code, err)
	}
	if err := s.audit(ctx, "export", "measurereport_summary", fmt.Sprintf("measure=%s run=%d", code, run.ID)); err != nil {
		return err
	}
	downloadHeaders(w, "application/fhir+json", strings.ToLower(code)+"-summary-measurereport.json")
	_, _ = buf.WriteTo(w) // a failed write means the client went away
	return nil
}

// measureReportsZip sends the summary and every individual MeasureReport of one measure as a
// zip archive: summary.json and individual/<provider>/<patient id>.json.
func (s *Server) measureReportsZip(w http.ResponseWriter, r *http.Request) error {
	return s.reportDownload(w, r, "measurereport_zip", func(dir string) error {
		name := strings.ToLower(chi.URLParam(r, "measure")) + "-measurereports.zip"
		downloadHeaders(w, "application/zip", name)
		zw := zip.NewWriter(w)
		err := fs.WalkDir(os.DirFS(dir), ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(filepath.Join(dir, path))
			if err != nil {
				return err
			}
			f, err := zw.Create(path)
			if err != nil {
				return err
			}
			_, err = f.Write(b)
			return err
		})
		if err == nil {
			err = zw.Close()
		}
		if err != nil {
			s.abortDownload(r.Context(), "zip", err)
		}
		return nil
	})
}

// measureReportsNDJSON sends every individual MeasureReport of one measure, one per line.
func (s *Server) measureReportsNDJSON(w http.ResponseWriter, r *http.Request) error {
	return s.reportDownload(w, r, "measurereport_ndjson", func(dir string) error {
		name := strings.ToLower(chi.URLParam(r, "measure")) + "-measurereports.ndjson"
		downloadHeaders(w, "application/fhir+ndjson", name)
		var line bytes.Buffer
		err := fs.WalkDir(os.DirFS(filepath.Join(dir, "individual")), ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(filepath.Join(dir, "individual", path))
			if err != nil {
				return err
			}
			line.Reset()
			if err := json.Compact(&line, b); err != nil {
				return err
			}
			line.WriteByte('\n')
			_, err = w.Write(line.Bytes())
			return err
		})
		if err != nil && !os.IsNotExist(err) {
			s.abortDownload(r.Context(), "ndjson", err)
		}
		return nil
	})
}

func downloadHeaders(w http.ResponseWriter, contentType, name string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
}

// abortDownload logs a download that failed after its status was sent and aborts the
// connection, so the client sees a failed download rather than a short file.
func (s *Server) abortDownload(ctx context.Context, what string, err error) {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path names a patient
	}
	s.log.Error("sending MeasureReports", "request_id", middleware.GetReqID(ctx), "format", what, "err", err)
	panic(http.ErrAbortHandler)
}
