package dashboard

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"sync"
)

// Finding a person or a gap by its opaque id in SQL meant a sha256 per row of core.person
// (about 100-200 ms at 100,000 persons) or gaps.care_gap on every page view. Both tables are
// rebuilt only by a compute run, so the dashboard maps opaque ids back to person ids and gap
// keys in memory, built once per run on first use (about 0.1 s for 100,000 persons or
// 240,000 gaps), and then reads the row by its key.

// refKey is an opaque id decoded: the first 16 bytes of its sha256.
type refKey [opaqueLen / 2]byte

func (s *Server) refKey(kind, value string) refKey {
	sum := sha256.Sum256([]byte(s.secret + "|" + kind + "|" + value))
	return refKey(sum[:opaqueLen/2])
}

// decodeRef decodes an opaque id from a URL; ok is false when it is not one.
func decodeRef(ref string) (k refKey, ok bool) {
	if len(ref) != opaqueLen {
		return k, false
	}
	_, err := hex.Decode(k[:], []byte(ref))
	return k, err == nil
}

// peopleByRef maps opaque person ids to person ids for one run.
type peopleByRef struct {
	mu     sync.Mutex // serialises builds
	run    int64
	people map[refKey]string
}

// personByRef returns the person id of an opaque person id in the latest run; ok is false
// when no person of that run has it (or there is no run).
func (s *Server) personByRef(ctx context.Context, ref string) (id string, ok bool, err error) {
	k, valid := decodeRef(ref)
	if !valid {
		return "", false, nil
	}
	f, err := s.freshness(ctx)
	if err != nil || f.Run == nil {
		return "", false, err
	}
	c := &s.people
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.people == nil || c.run != f.Run.ID {
		people := map[refKey]string{}
		err := s.db.Each(ctx, s.work.personIDs, nil, func(rows *sql.Rows) error {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			people[s.refKey("person", id)] = id
			return nil
		})
		if err != nil {
			return "", false, fmt.Errorf("mapping opaque person ids: %w", err)
		}
		c.run, c.people = f.Run.ID, people
	}
	id, ok = c.people[k]
	return id, ok, nil
}

// gapByRef returns the key of an opaque gap id among the gaps of run; ok is false when no gap
// of that run has it. The map is built with the run's worklist index (worklist_index.go).
func (s *Server) gapByRef(ctx context.Context, run int64, ref string) (key string, ok bool, err error) {
	k, valid := decodeRef(ref)
	if !valid {
		return "", false, nil
	}
	ix, err := s.index(ctx, run)
	if err != nil {
		return "", false, err
	}
	ix.refsOnce.Do(func() {
		ix.refs = make(map[refKey]int32, len(ix.gaps))
		for i := range ix.gaps {
			ix.refs[s.refKey("gap", ix.gaps[i].key)] = int32(i)
		}
	})
	i, ok := ix.refs[k]
	if !ok {
		return "", false, nil
	}
	return ix.gaps[i].key, true, nil
}
