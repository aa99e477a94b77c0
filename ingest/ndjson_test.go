package ingest

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestReadLine reads lines longer than the reader's buffer, skips a line over the limit and
// keeps a last line without newline.
func TestReadLine(t *testing.T) {
	long := strings.Repeat("x", 35)
	tooLong := strings.Repeat("y", 100)
	input := "short\n" + long + "\n" + tooLong + "\n\nlast"
	br := bufio.NewReaderSize(strings.NewReader(input), 16)
	type line struct {
		text    string
		tooLong bool
	}
	var got []line
	var buf []byte
	for {
		b, tl, err := readLine(br, &buf, 40)
		if err != nil && !errors.Is(err, io.EOF) {
			t.Fatal(err)
		}
		if len(b) > 0 || tl || err == nil {
			got = append(got, line{string(b), tl})
		}
		if err != nil {
			break
		}
	}
	want := []line{{"short", false}, {long, false}, {"", true}, {"", false}, {"last", false}}
	if len(got) != len(want) {
		t.Fatalf("lines = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i+1, got[i], want[i])
		}
	}
}

func TestTypeFromName(t *testing.T) {
	for name, want := range map[string]string{
		"Observation.ndjson": "Observation", "Observation.000.ndjson": "Observation",
		"Patient.ndjson.gz": "Patient", "log.ndjson": "", "CMS122-Patient.ndjson": "", "export_1.ndjson": "",
		"Export.ndjson": "", "MedicationRequest.001.ndjson": "MedicationRequest",
	} {
		if got := typeFromName(name); got != want {
			t.Errorf("typeFromName(%q) = %q, want %q", name, got, want)
		}
	}
}
