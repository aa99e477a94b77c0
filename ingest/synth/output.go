package synth

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Resource types written, one NDJSON file each per provider. Every provider folder holds all
// of them; a file may be empty.
var resourceTypes = [numTypes]string{
	"Organization", "Practitioner", "Patient", "Coverage", "Encounter", "Condition",
	"Observation", "Procedure", "MedicationRequest", "Immunization",
}

const (
	tOrganization = iota
	tPractitioner
	tPatient
	tCoverage
	tEncounter
	tCondition
	tObservation
	tProcedure
	tMedicationRequest
	tImmunization
	numTypes
)

// chunk is the output of a run of consecutive persons: one buffer per provider and resource
// type, written to the files in chunk order so the files do not depend on scheduling.
type chunk struct {
	idx    int
	bufs   []jw // [provider*numTypes + type]
	counts [numTypes]int64
	shared int
}

func newChunk(providers int) *chunk { return &chunk{bufs: make([]jw, providers*numTypes)} }

func (c *chunk) reset(idx int) {
	c.idx, c.counts, c.shared = idx, [numTypes]int64{}, 0
	for i := range c.bufs {
		c.bufs[i].b = c.bufs[i].b[:0]
	}
}

// out returns the buffer for one resource of type typ at provider prov and counts it; the
// caller appends exactly one JSON object and then calls end.
func (c *chunk) out(prov, typ int) *jw {
	c.counts[typ]++
	return &c.bufs[prov*numTypes+typ]
}

// end terminates the NDJSON line.
func (w *jw) end() { w.b = append(w.b, '\n') }

// files holds the open NDJSON files of all providers.
type files struct {
	f []*os.File
	w []*bufio.Writer
}

// createFiles creates out/<provider>/<Type>.ndjson for every provider and type, truncating
// existing files.
func createFiles(out string, provs []provider) (*files, error) {
	fs := &files{}
	for _, p := range provs {
		dir := filepath.Join(out, p.id)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fs.close()
			return nil, fmt.Errorf("creating provider folder %s: %w", p.id, err)
		}
		for _, typ := range resourceTypes {
			f, err := os.Create(filepath.Join(dir, typ+".ndjson"))
			if err != nil {
				fs.close()
				return nil, fmt.Errorf("creating %s for provider %s: %w", typ, p.id, err)
			}
			fs.f = append(fs.f, f)
			fs.w = append(fs.w, bufio.NewWriterSize(f, 64<<10))
		}
	}
	return fs, nil
}

// write appends a chunk's buffers to the files.
func (fs *files) write(c *chunk) error {
	for i := range c.bufs {
		if len(c.bufs[i].b) == 0 {
			continue
		}
		if _, err := fs.w[i].Write(c.bufs[i].b); err != nil {
			return fmt.Errorf("writing %s: %w", fs.f[i].Name(), err)
		}
	}
	return nil
}

// finish flushes and closes every file.
func (fs *files) finish() error {
	var errs []error
	for i, w := range fs.w {
		if err := w.Flush(); err != nil {
			errs = append(errs, fmt.Errorf("flushing %s: %w", fs.f[i].Name(), err))
		}
	}
	return errors.Join(append(errs, fs.close())...)
}

// close closes the files without flushing; safe to call twice.
func (fs *files) close() error {
	var errs []error
	for i, f := range fs.f {
		if f == nil {
			continue
		}
		if err := f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("closing %s: %w", f.Name(), err))
		}
		fs.f[i] = nil
	}
	return errors.Join(errs...)
}
