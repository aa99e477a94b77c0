package synth

import (
	"errors"
	"fmt"
	"time"
)

// DefaultLinkageSystem is the Patient.identifier system that carries the shared pseudonymous
// linkage token.
const DefaultLinkageSystem = "urn:populace:linkage-token"

// Defaults applied to zero-valued Options fields.
const (
	DefaultPatients  = 1000
	DefaultProviders = 5
	maxProviders     = 99
)

// Options configures Generate. Zero values get the documented defaults.
type Options struct {
	Out       string // output directory; one folder per provider is created inside it
	Patients  int    // distinct persons (default 1000); shared persons have one Patient per provider
	Providers int    // provider organisations, prov-01..prov-NN (default 5, at most 99)
	Seed      uint64 // same Options and Seed give byte-identical files

	// Start and End bound the history window. Both are taken as calendar days (UTC): every
	// event falls on a day in [Start, End]. Default End is 2025-12-31, Start is End - 3 years.
	Start, End time.Time

	// LinkageSystem is the Patient.identifier system carrying the shared pseudonymous token
	// (default DefaultLinkageSystem).
	LinkageSystem string

	// Codes are the value-set codes to draw from, keyed by canonical URL; nil means
	// StarterCodes(). Large imported expansions are narrowed deterministically (see palette).
	Codes CodeSet
}

// Summary counts what Generate wrote.
type Summary struct {
	Providers int
	Patients  int              // distinct persons
	Records   int              // resources written, all types and providers
	Resources map[string]int64 // resources written per resource type
	Shared    int              // persons seen by more than one provider
}

// withDefaults validates opt and fills in defaults.
func (opt Options) withDefaults() (Options, error) {
	if opt.Out == "" {
		return opt, errors.New("checking options: no output directory")
	}
	if opt.Patients < 0 || opt.Providers < 0 {
		return opt, errors.New("checking options: negative patient or provider count")
	}
	if opt.Patients == 0 {
		opt.Patients = DefaultPatients
	}
	if opt.Providers == 0 {
		opt.Providers = DefaultProviders
	}
	if opt.Providers > maxProviders {
		return opt, fmt.Errorf("checking options: %d providers, at most %d", opt.Providers, maxProviders)
	}
	if opt.End.IsZero() {
		opt.End = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	opt.End = day(opt.End)
	if opt.Start.IsZero() {
		opt.Start = opt.End.AddDate(-3, 0, 0)
	}
	opt.Start = day(opt.Start)
	if !opt.Start.Before(opt.End) {
		return opt, errors.New("checking options: start of the history window is not before its end")
	}
	if opt.LinkageSystem == "" {
		opt.LinkageSystem = DefaultLinkageSystem
	}
	return opt, nil
}

// day truncates t to its calendar day in UTC.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
