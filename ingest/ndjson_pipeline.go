package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"unicode/utf8"
)

// Pipeline sizes: a chunk holds up to chunkLines lines or about chunkBytes bytes (one
// longer line makes a chunk of its own); at most 2 chunks per worker plus a few are in
// flight, so memory does not grow with the file.
const (
	chunkLines = 256
	chunkBytes = 1 << 20
)

// ndjsonChunk is a run of consecutive lines: the reader fills data and lines, a worker
// decodes and converts them and closes done, the merger accepts them in order.
type ndjsonChunk struct {
	data  []byte
	lines []ndjsonLine
	err   error // a read error after the lines: the file's error
	done  chan struct{}
}

// ndjsonLine is one non-blank line and, once a worker is done, what it holds.
type ndjsonLine struct {
	no         int64
	start, end int // the line's bytes in data
	tooLong    bool
	invalid    bool   // not a JSON object
	rt         string // its resourceType
	out        converted
}

type pipeline struct {
	order chan *ndjsonChunk // chunks in file order, for the merger
	quit  chan struct{}
	wg    sync.WaitGroup
	pool  sync.Pool
}

// parseWorkers is how many goroutines decode and convert lines.
func parseWorkers() int {
	return min(max(runtime.GOMAXPROCS(0), 1), 8)
}

// startPipeline starts the reader and the parse workers over r.
func startPipeline(r io.Reader, c *converter) *pipeline {
	n := parseWorkers()
	p := &pipeline{order: make(chan *ndjsonChunk, 2*n+2), quit: make(chan struct{})}
	jobs := make(chan *ndjsonChunk, 2*n+2)
	p.wg.Add(1 + n)
	go func() {
		defer p.wg.Done()
		defer close(jobs)
		defer close(p.order)
		p.read(r, jobs)
	}()
	for range n {
		w := c.worker()
		go func() {
			defer p.wg.Done()
			for ch := range jobs {
				w.convertChunk(ch)
				close(ch.done)
			}
		}()
	}
	return p
}

// stop ends the reader and the workers (the merger may stop early on an error) and waits
// for them, so the input is no longer read when parseNDJSON returns.
func (p *pipeline) stop() {
	close(p.quit)
	for range p.order {
		// drain, so the reader is not blocked sending
	}
	p.wg.Wait()
}

func (p *pipeline) newChunk() *ndjsonChunk {
	ch, _ := p.pool.Get().(*ndjsonChunk)
	if ch == nil {
		ch = &ndjsonChunk{}
	}
	ch.data, ch.lines, ch.err = ch.data[:0], ch.lines[:0], nil
	ch.done = make(chan struct{})
	return ch
}

// recycle returns an accepted chunk's buffers for reuse.
func (p *pipeline) recycle(ch *ndjsonChunk) {
	if cap(ch.data) <= 2*chunkBytes {
		for i := range ch.lines {
			ch.lines[i] = ndjsonLine{}
		}
		p.pool.Put(ch)
	}
}

// send hands a chunk to the merger and to a worker; false when the pipeline is stopping.
func (p *pipeline) send(ch *ndjsonChunk, jobs chan<- *ndjsonChunk) bool {
	select {
	case p.order <- ch:
	case <-p.quit:
		return false
	}
	select {
	case jobs <- ch:
		return true
	case <-p.quit:
		close(ch.done)
		return false
	}
}

// read cuts the input into chunks of lines, numbering lines as the file does (blank lines
// count; a last line without a newline counts).
func (p *pipeline) read(r io.Reader, jobs chan<- *ndjsonChunk) {
	br := bufio.NewReaderSize(r, 1<<20)
	var (
		buf  []byte
		line int64
	)
	ch := p.newChunk()
	for {
		b, tooLong, err := readLine(br, &buf, MaxLineBytes)
		if err != nil && !errors.Is(err, io.EOF) {
			ch.err = fmt.Errorf("reading line %d: %w", line+1, err)
			break
		}
		if len(b) > 0 || tooLong || err == nil {
			line++
		}
		if errors.Is(err, io.EOF) && len(b) == 0 && !tooLong {
			break
		}
		if tooLong {
			ch.lines = append(ch.lines, ndjsonLine{no: line, tooLong: true})
		} else if b = bytes.TrimSpace(b); len(b) > 0 {
			start := len(ch.data)
			ch.data = append(ch.data, b...)
			ch.lines = append(ch.lines, ndjsonLine{no: line, start: start, end: len(ch.data)})
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if len(ch.lines) >= chunkLines || len(ch.data) >= chunkBytes {
			if !p.send(ch, jobs) {
				return
			}
			ch = p.newChunk()
		}
	}
	p.send(ch, jobs)
}

// convertChunk decodes and converts every line of a chunk (a worker's converter).
func (c *converter) convertChunk(ch *ndjsonChunk) {
	for i := range ch.lines {
		l := &ch.lines[i]
		if l.tooLong {
			continue
		}
		b := ch.data[l.start:l.end]
		m, ok := c.dec.object(b)
		if !ok {
			l.invalid = true
			continue
		}
		l.rt, _ = m["resourceType"].(string)
		if !storable(b, c.dec.dup) {
			b = nil
		}
		c.convert(l.no, m, b, &l.out)
	}
}

// storable reports whether a line's bytes, decoded without a repeated key, may be stored as
// they are when de-identification changes nothing: valid UTF-8 (the encoder would replace
// invalid bytes) and no \u escape (one could spell a lone surrogate, which the encoder
// replaces too). Other lines are encoded again from the decoded map.
func storable(b []byte, dup bool) bool {
	return !dup && !bytes.Contains(b, []byte(`\u`)) && utf8.Valid(b)
}
