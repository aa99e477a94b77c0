package ingest

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzAppendJSON checks appendJSON against encoding/json on every decodable input.
func FuzzAppendJSON(f *testing.F) {
	f.Add([]byte(compactJSON(deidPatient())))
	f.Add([]byte(`{"a":"<tag>&\u2028\u2029\u0001\t\"\\ é 😀","b":[1.50,-2e10,true,false,null,{}],"":[]}`))
	f.Add([]byte(`"\ud800 lone surrogate"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		if got := appendJSON(nil, v); !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Errorf("appendJSON = %s\nencoding/json = %s", got, want.Bytes())
		}
	})
}

func TestAppendStringInvalidUTF8(t *testing.T) {
	want, err := json.Marshal("a\xffb\u2028")
	if err != nil {
		t.Fatal(err)
	}
	// encoding/json escapes HTML by default; none of that here, so the outputs agree.
	if got := appendString(nil, "a\xffb\u2028"); !bytes.Equal(got, want) {
		t.Errorf("appendString = %s, want %s", got, want)
	}
}
