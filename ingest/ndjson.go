package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxLineBytes is the longest NDJSON line read; a longer line is rejected (invalid_json)
// and skipped.
const MaxLineBytes = 64 << 20

var errNotFHIR = errors.New("no record holds a FHIR resource")

// parseNDJSON reads FHIR Bulk Data NDJSON line by line and adds each resource to c.
// wantType is the resource type the file name declares ("" when it declares none; then the
// first resource's type is the file's type). The error is a whole-file problem.
//
// It is a pipeline (ndjson_pipeline.go): a reader cuts the input into chunks of lines,
// parse workers decode, de-identify and flatten them in parallel, and this goroutine takes
// the chunks back in file order, judges each line and accepts it into c. Memory stays
// bounded: only a few chunks are in flight.
func parseNDJSON(r io.Reader, wantType string, c *converter) error {
	p := startPipeline(r, c)
	defer p.stop()
	var nonBlank, sawResource bool
	for ch := range p.order {
		<-ch.done
		for i := range ch.lines {
			l := &ch.lines[i]
			nonBlank = true
			switch {
			case l.tooLong:
				c.reject(l.no, "", "invalid_json", fmt.Sprintf("line is longer than %d bytes", MaxLineBytes))
				continue
			case l.invalid:
				c.reject(l.no, "", "invalid_json", "line is not a JSON object")
				continue
			}
			if l.rt != "" {
				sawResource = true
				if wantType == "" {
					wantType = l.rt
				}
				if l.rt != wantType {
					c.reject(l.no, l.rt, "wrong_type", "resourceType differs from the file's resource type")
					continue
				}
			}
			if err := c.accept(&l.out); err != nil {
				return err
			}
		}
		p.recycle(ch)
		if ch.err != nil {
			return ch.err
		}
	}
	if nonBlank && !sawResource {
		return errNotFHIR
	}
	return nil
}

// readLine returns the next line without its newline, reusing *buf for long lines. A line
// over max bytes is skipped whole and reported as tooLong. At the end of input err is
// io.EOF, possibly together with a last unterminated line.
func readLine(br *bufio.Reader, buf *[]byte, max int) (line []byte, tooLong bool, err error) {
	*buf = (*buf)[:0]
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(*buf)+len(chunk) > max+1 {
				tooLong = true
				*buf = (*buf)[:0]
			} else if errors.Is(err, bufio.ErrBufferFull) || len(*buf) > 0 {
				*buf = append(*buf, chunk...)
				chunk = *buf
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case tooLong:
			return nil, true, err
		case err != nil:
			return chunk, false, err
		}
		return bytes.TrimSuffix(chunk, []byte{'\n'}), false, nil
	}
}

// typeFromName is the resource type a Bulk Data file name declares: the part before the
// first dot when it is a FHIR R4 resource type (Observation.ndjson, Observation.000.ndjson).
func typeFromName(name string) string {
	prefix, _, _ := strings.Cut(name, ".")
	if !r4ResourceTypes[prefix] {
		return ""
	}
	return prefix
}
