package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"
)

// Feed is one provider's delivery channel: an inbox folder polled on a schedule. Files
// loaded (or found already loaded) move to Archive; files rejected whole move to Quarantine
// with a report beside them.
type Feed struct {
	ID         string // provider id the files are loaded under
	Inbox      string
	Schedule   string // cron expression (the scheduler validates it)
	Archive    string // default <Inbox>/.archive
	Quarantine string // default <Inbox>/.quarantine
	// Options of the loads: the feed's own linkage system, reject-share limit and strictness
	// over the defaults it was read with.
	Options Options
	// Retries is how many more times a failed run (failing warehouse, unreadable file, move
	// that failed) is tried, waiting Backoff, then twice as long each time (at most MaxBackoff).
	Retries    int
	Backoff    time.Duration
	MaxBackoff time.Duration
}

// Default retry policy of a feed.
const (
	DefaultRetries    = 3
	DefaultBackoff    = 5 * time.Second
	DefaultMaxBackoff = time.Minute
)

// ProviderID is the form of a provider (feed) id.
var ProviderID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// feedFile is the JSON form of a feeds file:
//
//	{"feeds": [{"id": "clinic-a", "inbox": "/srv/feeds/clinic-a", "schedule": "*/10 * * * *",
//	            "archive": "...", "quarantine": "...", "max_reject_share": 0.2,
//	            "linkage_system": "urn:...", "strict": true, "retries": 3, "retry_backoff": "30s"}]}
//
// Only id and inbox are required; relative folders are relative to the feeds file.
type feedFile struct {
	Feeds []feedJSON `json:"feeds"`
}

type feedJSON struct {
	ID             string   `json:"id"`
	Inbox          string   `json:"inbox"`
	Schedule       string   `json:"schedule"`
	Archive        string   `json:"archive"`
	Quarantine     string   `json:"quarantine"`
	MaxRejectShare *float64 `json:"max_reject_share"`
	LinkageSystem  *string  `json:"linkage_system"`
	Strict         *bool    `json:"strict"`
	Retries        *int     `json:"retries"`
	RetryBackoff   string   `json:"retry_backoff"`
}

// ReadFeeds reads a feeds file (JSON, see feedFile). def gives every setting a feed leaves
// out (schedule, options, retry policy); Inbox, Archive and Quarantine of def are ignored.
func ReadFeeds(path string, def Feed) ([]Feed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading feeds file: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var ff feedFile
	if err := dec.Decode(&ff); err != nil {
		return nil, fmt.Errorf("reading feeds file %s: %w", path, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("reading feeds file %s: data after the JSON object", path)
	}
	base := filepath.Dir(path)
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(base, p)
	}
	var feeds []Feed
	var errs []error
	for i, fj := range ff.Feeds {
		f := def
		f.ID, f.Inbox, f.Archive, f.Quarantine = fj.ID, rel(fj.Inbox), rel(fj.Archive), rel(fj.Quarantine)
		if fj.Schedule != "" {
			f.Schedule = fj.Schedule
		}
		if fj.MaxRejectShare != nil {
			f.Options.MaxRejectShare = *fj.MaxRejectShare
		}
		if fj.LinkageSystem != nil {
			f.Options.LinkageSystem = *fj.LinkageSystem
		}
		if fj.Strict != nil {
			f.Options.Strict = *fj.Strict
		}
		if fj.Retries != nil {
			f.Retries = *fj.Retries
		}
		if fj.RetryBackoff != "" {
			d, err := time.ParseDuration(fj.RetryBackoff)
			if err != nil || d <= 0 {
				errs = append(errs, fmt.Errorf("feed %d (%s): retry_backoff %q is not a positive duration", i+1, fj.ID, fj.RetryBackoff))
			}
			f.Backoff = d
		}
		feeds = append(feeds, f.withDefaults())
	}
	if len(ff.Feeds) == 0 {
		errs = append(errs, errors.New("no feeds"))
	}
	if err := errors.Join(append(errs, ValidateFeeds(feeds))...); err != nil {
		return nil, fmt.Errorf("feeds file %s: %w", path, err)
	}
	return feeds, nil
}

// InboxFeeds makes one feed per provider folder of inbox (the folder name is the provider
// id; hidden folders and names that are not ids are ignored), each with the settings of def.
func InboxFeeds(inbox string, def Feed) ([]Feed, error) {
	entries, err := os.ReadDir(inbox)
	if err != nil {
		return nil, fmt.Errorf("reading inbox %s: %w", inbox, err)
	}
	var feeds []Feed
	for _, e := range entries {
		if e.IsDir() && ProviderID.MatchString(e.Name()) {
			f := def
			f.ID, f.Inbox, f.Archive, f.Quarantine = e.Name(), filepath.Join(inbox, e.Name()), "", ""
			feeds = append(feeds, f.withDefaults())
		}
	}
	sort.Slice(feeds, func(i, j int) bool { return feeds[i].ID < feeds[j].ID })
	return feeds, ValidateFeeds(feeds)
}

func (f Feed) withDefaults() Feed {
	if f.Archive == "" && f.Inbox != "" {
		f.Archive = filepath.Join(f.Inbox, ".archive")
	}
	if f.Quarantine == "" && f.Inbox != "" {
		f.Quarantine = filepath.Join(f.Inbox, ".quarantine")
	}
	if f.Backoff <= 0 {
		f.Backoff = DefaultBackoff
	}
	if f.MaxBackoff <= 0 {
		f.MaxBackoff = DefaultMaxBackoff
	}
	return f
}

// ValidateFeeds reports feeds that cannot work: bad or repeated ids, inboxes that are not
// folders, an inbox shared by two feeds, limits out of range.
func ValidateFeeds(feeds []Feed) error {
	var errs []error
	ids, inboxes := map[string]bool{}, map[string]string{}
	for i, f := range feeds {
		name := fmt.Sprintf("feed %d (%s)", i+1, f.ID)
		if !ProviderID.MatchString(f.ID) {
			errs = append(errs, fmt.Errorf("%s: id must be letters, digits, '.', '_' or '-'", name))
		}
		if ids[f.ID] {
			errs = append(errs, fmt.Errorf("%s: id used twice", name))
		}
		ids[f.ID] = true
		if f.Inbox == "" {
			errs = append(errs, fmt.Errorf("%s: no inbox", name))
		} else if st, err := os.Stat(f.Inbox); err != nil || !st.IsDir() {
			errs = append(errs, fmt.Errorf("%s: inbox %s is not a folder", name, f.Inbox))
		}
		if other, ok := inboxes[filepath.Clean(f.Inbox)]; ok && f.Inbox != "" {
			errs = append(errs, fmt.Errorf("%s: inbox shared with feed %s", name, other))
		}
		inboxes[filepath.Clean(f.Inbox)] = f.ID
		if s := f.Options.MaxRejectShare; s < 0 || s > 1 {
			errs = append(errs, fmt.Errorf("%s: max_reject_share %v is not between 0 and 1", name, s))
		}
		if f.Retries < 0 || f.Retries > 20 {
			errs = append(errs, fmt.Errorf("%s: retries %d is not between 0 and 20", name, f.Retries))
		}
	}
	return errors.Join(errs...)
}
