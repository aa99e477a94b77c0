package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"populace/ingest"
)

// progressBar shows the load of each file on a terminal: a bar of the bytes read, the
// size and the resources so far, redrawn at most ten times a second on one line. When
// stderr is not a terminal it draws nothing and logs each batch at debug level instead.
// Files loading at the same time share the line: it shows the one that reported last, and
// each file's final line stays.
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer
	log   *slog.Logger
	tty   bool
	drawn bool
	last  time.Time
}

func newProgressBar(w io.Writer, log *slog.Logger) *progressBar {
	return &progressBar{w: w, log: log, tty: isTerminal(w)}
}

// isTerminal reports whether w is a character device (a terminal), without a dependency.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progressBar) update(pr ingest.Progress) {
	if !pr.Done {
		p.log.Debug("batch loaded", "provider", pr.Provider, "file", pr.File, "batch", pr.Batches, "rows", pr.Resources)
	}
	if !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if !pr.Done && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	fmt.Fprint(p.w, "\r\033[K"+renderProgress(pr, 30))
	p.drawn = !pr.Done
	if pr.Done {
		fmt.Fprintln(p.w)
	}
}

// finish ends a bar left on the line.
func (p *progressBar) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

// renderProgress is one line: file, bar of width cells, percentage, bytes and resources.
func renderProgress(pr ingest.Progress, width int) string {
	frac := 0.0
	if pr.Size > 0 {
		frac = min(float64(pr.Bytes)/float64(pr.Size), 1)
	}
	if pr.Done {
		frac = 1
	}
	full := int(frac * float64(width))
	return fmt.Sprintf("%s [%s%s] %3d%% %s/%s %s resources", pr.File, strings.Repeat("#", full), strings.Repeat("-", width-full),
		int(frac*100), mb(pr.Bytes), mb(pr.Size), thousands(pr.Resources))
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// thousands writes n with thousands separators: 1234567 -> 1,234,567.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
