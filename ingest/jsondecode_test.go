package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// stdDecodeObject is what decodeObject must match: encoding/json's Decoder with UseNumber,
// one object and nothing after it.
func stdDecodeObject(b []byte) (map[string]any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, false
	}
	return m, true
}

var decodeCases = []string{
	`{}`, ` {"a":1} `, `{"a":[1,2.5,-3e4,0,-0.1E+2],"b":{"c":null,"d":true,"e":false}}`,
	`{"s":"plain","t":"esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \ud800 x \udc00"}`,
	"{\"u\":\"caf\xc3\xa9 \xff bad\"}", `{"dup":1,"dup":2}`, `[]`, `null`, `{"a":1} x`, `{"a":1}{}`,
	`{"a":01}`, `{"a":1.}`, `{"a":-}`, `{"a":.5}`, `{"a":1e}`, `{"a":"\x"}`, `{"a":"\u12"}`,
	"{\"a\":\"ctl\x01\"}", `{"a" 1}`, `{"a":1,}`, `{"a":[1,]}`, `{a:1}`, `{"a":tru}`, `{"a":nul}`,
	`{"resourceType":"Patient","id":"p1","name":[{"family":"X","given":["Y"]}]}`,
	strings.Repeat(`{"a":`, 10001) + `1` + strings.Repeat(`}`, 10001),
	strings.Repeat(`{"a":`, 100) + `1` + strings.Repeat(`}`, 100),
}

func TestDecodeObjectMatchesEncodingJSON(t *testing.T) {
	for _, c := range decodeCases {
		checkDecode(t, []byte(c))
	}
}

func checkDecode(t *testing.T, b []byte) {
	t.Helper()
	want, wantOK := stdDecodeObject(b)
	for _, d := range []*jsonDecoder{{}, newJSONDecoder()} {
		got, ok := d.object(b)
		if ok != wantOK || !reflect.DeepEqual(got, want) {
			t.Errorf("decoding %.80q: got %v %v, encoding/json %v %v", b, got, ok, want, wantOK)
		}
	}
}

// FuzzDecodeObject checks that the decoder accepts what encoding/json accepts and yields
// the same values.
func FuzzDecodeObject(f *testing.F) {
	for _, c := range decodeCases {
		f.Add([]byte(c))
	}
	f.Add([]byte(compactJSON(deidPatient())))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDecode(t, b)
	})
}
