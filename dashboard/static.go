package dashboard

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

// staticFS holds our CSS and JS and the vendored ECharts (scripts/vendor-echarts.sh).
//
//go:embed static
var staticFS embed.FS

// staticAssets serves the embedded static files under /static/<hash>/, where hash covers
// every file: a new build with changed assets gets new URLs, so browsers may cache forever.
type staticAssets struct {
	files  fs.FS  // rooted at static/
	hash   string // hex prefix of the sha256 over all paths and contents
	prefix string // "/static/<hash>/"
}

func loadStatic(embedded fs.FS) (staticAssets, error) {
	files, err := fs.Sub(embedded, "static")
	if err != nil {
		return staticAssets{}, fmt.Errorf("loading static assets: %w", err)
	}
	h := sha256.New()
	err = fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := files.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(h, "%s\x00", path)
		_, err = io.Copy(h, f)
		return err
	})
	if err != nil {
		return staticAssets{}, fmt.Errorf("hashing static assets: %w", err)
	}
	hash := hex.EncodeToString(h.Sum(nil))[:16]
	return staticAssets{files: files, hash: hash, prefix: "/static/" + hash + "/"}, nil
}

// url is the address of the static file name (relative to static/).
func (a staticAssets) url(name string) string { return a.prefix + name }

// staticFile serves one embedded file. Old hashes are 404s rather than stale files.
func (s *Server) staticFile(w http.ResponseWriter, r *http.Request) error {
	name := chi.URLParam(r, "*")
	if chi.URLParam(r, "hash") != s.static.hash || name == "" || strings.HasSuffix(name, "/") {
		return errNotFound
	}
	info, err := fs.Stat(s.static.files, name)
	if err != nil || !info.Mode().IsRegular() {
		return errNotFound
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeFileFS(w, r, s.static.files, name)
	return nil
}
